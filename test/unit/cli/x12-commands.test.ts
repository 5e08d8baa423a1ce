import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../src/cli/program.js";
import { read999 } from "../../../src/x12/transactions/999.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { corpusDir } from "../../support/corpus.js";

const corpus = (rel: string) => path.join(corpusDir, rel);
const EXAMPLE_837 = corpus("837p/linuxforhealth__demo.example1.837");

async function run(...args: string[]) {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(["node", "claimgate", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

/** A copy of the sample 837 with CLM05's claim frequency changed to a code the guide does not allow. */
function brokenCopy(): string {
  const text = readFileSync(EXAMPLE_837, "utf8").replace(
    /(CLM\*[^*]*\*[^*]*\*\*\*\d\d:B:)1/,
    "$19",
  );
  expect(text).not.toBe(readFileSync(EXAMPLE_837, "utf8"));
  const file = path.join(mkdtempSync(path.join(tmpdir(), "cg-cli-")), "broken.837");
  writeFileSync(file, text);
  return file;
}

describe("claimgate validate | parse | ack", () => {
  afterEach(() => vi.restoreAllMocks());

  it("validate: one finding a line as FILE:POSITION: CODE message, exit 1 on errors", async () => {
    const file = brokenCopy();
    const { code, out } = await run("validate", file);
    expect(code).toBe(1);
    const lines = out.trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${file}:\\d+: [A-Z0-9_]+ `));
    expect(out).toContain("ELEMENT_INVALID_CODE");
  });

  it("validate --json prints the contract's shape", async () => {
    const file = brokenCopy();
    const { code, out } = await run("validate", "--json", file);
    expect(code).toBe(1);
    const parsed = JSON.parse(out) as {
      files: { file: string; valid: boolean; findings: Record<string, unknown>[] }[];
    };
    expect(parsed.files[0]).toMatchObject({ file, valid: false });
    const finding = parsed.files[0]!.findings.find((f) => f.code === "ELEMENT_INVALID_CODE");
    expect(finding).toMatchObject({ segment: "CLM", element: 5, severity: "error" });
    expect(typeof finding?.position).toBe("number");
  });

  it("validate: exit 0 for a clean file, 2 for a file that cannot be read", async () => {
    const clean = await run("validate", corpus("277ca/imsweb__x12_277CA_accepted.txt"));
    expect(clean).toMatchObject({ code: 0, out: "" });
    const missing = await run("validate", "/nonexistent/file.x12");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("ENOENT");
  });

  it("validate: a file that is not X12 is an error finding, not a crash", async () => {
    const { code, out } = await run("validate", corpus("invalid/imsweb__x12_no_isa_line.txt"));
    expect(code).toBe(1);
    expect(out).toContain("X12_NOT_INTERCHANGE");
  });

  it("parse --json: an 835's claim payments carry the contract's fields in cents", async () => {
    const { code, out } = await run(
      "parse",
      corpus("835/linuxforhealth__managed-care.835"),
      "--json",
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as {
      interchanges: {
        groups: {
          transactions: { kind: string; remittance: { claims: Record<string, unknown>[] } }[];
        }[];
      }[];
    };
    const remit = parsed.interchanges[0]!.groups[0]!.transactions[0]!;
    expect(remit.kind).toBe("835");
    const claim = remit.remittance.claims[0]!;
    expect(claim).toMatchObject({
      patientControlNumber: "5554555444",
      statusCode: "1",
      chargeCents: 80000,
      paidCents: 45000,
    });
    expect(claim).toHaveProperty("patientResponsibilityCents");
    expect(claim.adjustments).toEqual(
      expect.arrayContaining([expect.objectContaining({ group: "CO", reason: "A2" })]),
    );
  });

  it("ack: AK9*A for a valid 837", async () => {
    const { code, out } = await run("ack", EXAMPLE_837);
    expect(code).toBe(0);
    const [interchange] = readInterchanges(out);
    const set = interchange!.groups[0]!.transactionSets[0]!;
    const ack = read999(set, interchange!.delimiters);
    const original = readInterchanges(readFileSync(EXAMPLE_837))[0]!.groups[0]!;
    expect(ack.groups[0]?.sets[0]).toMatchObject({
      setId: "837",
      controlNumber: original.transactionSets[0]!.controlNumber,
      status: "A",
    });
    expect(out).toMatch(/AK9\*A\*1\*1\*1/);
    expect(out).toMatch(/IK5\*A/);
  });

  it("ack: IK3 at the broken claim's segment position and AK9*R", async () => {
    const file = brokenCopy();
    const { out } = await run("ack", file);
    const clmPosition = readInterchanges(
      readFileSync(file),
    )[0]!.groups[0]!.transactionSets[0]!.segments.find((s) => s.id === "CLM")!.position;
    expect(out).toContain(`IK3*CLM*${clmPosition}*`);
    expect(out).toMatch(/IK5\*R/);
    expect(out).toMatch(/AK9\*R\*1\*1\*0/);
  });

  it("--help lists only the commands that work", async () => {
    const { out } = await run("--help");
    for (const command of ["config", "validate", "parse", "ack"]) expect(out).toContain(command);
  });
});
