import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../../src/cli/program.js";
import { validateFile } from "../../../src/x12/validator.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const example = (name: string) => path.join(root, "schemas/examples", name);

async function run(...args: string[]) {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((err += String(c)), true));
  try {
    return { code: await main(["node", "claimgate", ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

function withBadNpi(): string {
  const encounter = JSON.parse(readFileSync(example("professional-office-visit.json"), "utf8")) as {
    billingProvider: { npi: string };
  };
  encounter.billingProvider.npi = "1234567890";
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cg-cli-")), "bad-npi.json");
  writeFileSync(file, JSON.stringify(encounter));
  return file;
}

describe("claimgate scrub | build", () => {
  it("scrub: prints each edit with its owner and exits 0 when nothing holds", async () => {
    const { code, out } = await run("scrub", example("professional-office-visit.json"));
    expect(code).toBe(0);
    expect(out).toContain("1 encounters, 0 held");
  });

  it("scrub: exits 1 and names the edit, its owner and path when one holds", async () => {
    const { code, out } = await run("scrub", withBadNpi());
    expect(code).toBe(1);
    expect(out).toMatch(/#0 \/billingProvider\/npi: NPI_CHECK_DIGIT error \(payer_setup\)/);
    expect(out).not.toContain("1234567890");
  });

  it("build 837p and 837i: X12 the validator finds clean", async () => {
    for (const [kind, file] of [
      ["837p", "professional-dependent.json"],
      ["837i", "institutional-inpatient.json"],
    ] as const) {
      const { code, out } = await run("build", kind, example(file));
      expect(code, kind).toBe(0);
      const errors = validateFile(out).findings.filter((f) => f.severity === "error");
      expect(errors, kind).toEqual([]);
    }
  });

  it("build refuses with the edits when scrub holds, printing no X12", async () => {
    const { code, out, err } = await run("build", "837p", withBadNpi());
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("NPI_CHECK_DIGIT");
  });

  it("build 270: an eligibility inquiry the validator finds clean", async () => {
    const { code, out } = await run("build", "270", example("eligibility/subscriber.json"));
    expect(code).toBe(0);
    expect(out).toContain("ST*270*");
    expect(validateFile(out).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("build 270: one transaction set per request, each with its own BHT03", async () => {
    const requests = ["subscriber.json", "dependent.json"].map(
      (name) => JSON.parse(readFileSync(example(`eligibility/${name}`), "utf8")) as unknown,
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cg-cli-")), "two.json");
    writeFileSync(file, JSON.stringify(requests));
    const { code, out } = await run("build", "270", file);
    expect(code).toBe(0);
    expect(out.match(/^ST\*270\*\d{4}/gm)).toEqual(["ST*270*0001", "ST*270*0002"]);
    expect(out.match(/^BHT\*0022\*13\*[^*]+/gm)).toEqual([
      "BHT*0022*13*CLI270-1",
      "BHT*0022*13*CLI270-2",
    ]);
    expect(out).toMatch(/^GE\*2\*1~$/m);
    expect(validateFile(out).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("an unknown kind is a usage error (exit 2)", async () => {
    const { code, err } = await run("build", "835", example("professional-office-visit.json"));
    expect(code).toBe(2);
    expect(err).toContain("837p, 837i or 270");
  });
});
