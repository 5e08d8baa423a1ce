import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  classifyAdjustment,
  classifyClaimStatus,
  loadRootCauseMap,
  rootCauseMapFrom,
} from "../../../src/domain/root-cause.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { read277ca } from "../../../src/x12/transactions/277ca.js";
import type { RemarkCode } from "../../../src/x12/transactions/835.js";
import { CORPUS } from "../x12/transactions/helpers.js";

interface CarcRowJson {
  carc: string;
  group: string;
  rarc?: string;
  owner: string;
  denial: boolean;
  reason: string;
}
interface StatusRowJson {
  category: string;
  code: string;
  entity?: string;
  owner: string;
  reason: string;
}

// The data files are read here independently of the loader, so each row's expectation comes
// from the file itself, not from the code under test.
const DIR = path.resolve(import.meta.dirname, "../../../schemas/root-cause");
const readJson = (name: string): { rows: unknown[] } =>
  JSON.parse(readFileSync(path.join(DIR, name), "utf8")) as { rows: unknown[] };
const CARC_JSON = readJson("carc.json");
const STATUS_JSON = readJson("277ca-status.json");
const CARC_ROWS = CARC_JSON.rows as CarcRowJson[];
const STATUS_ROWS = STATUS_JSON.rows as StatusRowJson[];

const GROUPS = ["CO", "OA", "PI", "CR", "PR"];
const UNMAPPED_CARC = "999";
const UNMAPPED_STATUS = "99999";

const has = (carc: string, group: string, rarc?: string) =>
  CARC_ROWS.some((r) => r.carc === carc && r.group === group && r.rarc === rarc);

/** An adjustment that reaches this row and no more specific one. */
function inputFor(row: CarcRowJson): { group: string; reason: string; remarks: string[] } {
  const carc = row.carc === "*" ? UNMAPPED_CARC : row.carc;
  const group =
    row.group !== "*" ? row.group : (GROUPS.find((g) => !has(row.carc, g, row.rarc)) ?? "CO");
  return { group, reason: carc, remarks: row.rarc ? [row.rarc] : [] };
}

const ruleOf = (row: CarcRowJson) => `${row.group}-${row.carc}${row.rarc ? `+${row.rarc}` : ""}`;

describe("schemas/root-cause/carc.json: one test per row", () => {
  it.each(CARC_ROWS.map((row) => [ruleOf(row), row] as const))("%s", (_rule, row) => {
    const input = inputFor(row);
    const cause = classifyAdjustment(input, input.remarks);
    expect(cause.owner).toBe(row.owner);
    expect(cause.reason).toBe(row.reason);
    expect(cause.rule).toBe(ruleOf(row));
    expect(cause.denial).toBe(row.denial && input.group !== "PR");
  });
});

function statusInputFor(row: StatusRowJson): { category: string; code: string; entity?: string } {
  // A rejection category without rows of its own, so "*" rows are the ones reached.
  const category = row.category === "*" ? (row.code === "*" ? "E0" : "A7") : row.category;
  const code = row.code === "*" ? UNMAPPED_STATUS : row.code;
  return { category, code, ...(row.entity ? { entity: row.entity } : {}) };
}

const statusRuleOf = (row: StatusRowJson) =>
  `${row.category}:${row.code}${row.entity ? `:${row.entity}` : ""}`;

describe("schemas/root-cause/277ca-status.json: one test per row", () => {
  it.each(STATUS_ROWS.map((row) => [statusRuleOf(row), row] as const))("%s", (_rule, row) => {
    const cause = classifyClaimStatus(statusInputFor(row));
    expect(cause).toEqual({
      owner: row.owner,
      rejection: true,
      reason: row.reason,
      rule: statusRuleOf(row),
    });
  });
});

describe("the examples of ARCHITECTURE.md section 2 hold", () => {
  const ownerOf = (group: string, carc: string) => classifyAdjustment({ group, reason: carc });

  it.each(["11", "4", "50", "97", "146"])("CO-%s is coding, a denial", (carc) => {
    expect(ownerOf("CO", carc)).toMatchObject({ owner: "coding", denial: true });
  });
  it.each(["27", "26", "31", "109"])("CO-%s is eligibility", (carc) => {
    expect(ownerOf("CO", carc).owner).toBe("eligibility");
  });
  it.each(["15", "197", "288"])("CO-%s is authorization", (carc) => {
    expect(ownerOf("CO", carc).owner).toBe("authorization");
  });
  it("CO-29 is timely filing and OA-18 (duplicate) is submission", () => {
    expect(ownerOf("CO", "29").owner).toBe("timely_filing");
    expect(ownerOf("OA", "18").owner).toBe("submission");
  });
  it.each(["22", "23"])("OA-%s is coordination of benefits", (carc) => {
    expect(ownerOf("OA", carc).owner).toBe("coordination_of_benefits");
  });
  it.each(["1", "2", "3"])("PR-%s is patient responsibility, not a denial", (carc) => {
    expect(ownerOf("PR", carc)).toMatchObject({ owner: "patient_responsibility", denial: false });
  });
  it("CO-45 is contractual, not a denial; CO-253 (sequestration) too", () => {
    expect(ownerOf("CO", "45")).toMatchObject({ owner: "contractual", denial: false });
    expect(ownerOf("CO", "253")).toMatchObject({ owner: "contractual", denial: false });
  });
});

describe("classifyAdjustment", () => {
  it("covers every CARC the mapping promises (the ~60 most common and more)", () => {
    const promised =
      "1 2 3 4 5 6 9 11 16 18 19 20 22 23 24 26 27 29 31 39 40 45 49 50 51 55 58 59 94 96 97 " +
      "107 109 110 119 128 129 131 140 146 150 151 167 170 171 181 182 185 189 197 198 204 " +
      "208 222 226 227 234 236 242 252 253 B7 B9 B15 A1";
    const mapped = new Set(CARC_ROWS.map((row) => row.carc));
    expect(promised.split(" ").filter((carc) => !mapped.has(carc))).toEqual([]);
  });

  it("a RARC changes the meaning only where a row says so", () => {
    expect(classifyAdjustment({ group: "CO", reason: "16" }, []).owner).toBe("submission");
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["M51"]).owner).toBe("coding");
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["MA04"]).owner).toBe(
      "coordination_of_benefits",
    );
    // An unrelated remark leaves the CARC row in charge.
    expect(classifyAdjustment({ group: "CO", reason: "50" }, ["M51"]).owner).toBe("coding");
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["N130"]).rule).toBe("*-16");
  });

  it("takes 835 remark objects and is not fooled by case or spaces", () => {
    const remark: RemarkCode = { code: "m127", source: "LQ", qualifier: "HE" };
    const cause = classifyAdjustment({ group: "co", reason: " 16 " }, [remark]);
    expect(cause).toMatchObject({ owner: "documentation", rule: "*-16+M127" });
  });

  it("the group picks the row where it matters: CO-45 written off, PR-45 billed", () => {
    expect(classifyAdjustment({ group: "CO", reason: "45" }).owner).toBe("contractual");
    expect(classifyAdjustment({ group: "PR", reason: "45" }).owner).toBe("patient_responsibility");
  });

  it("a PR adjustment is never a denial, though the owner still names the root cause", () => {
    const cause = classifyAdjustment({ group: "PR", reason: "27" });
    expect(cause).toMatchObject({ owner: "eligibility", denial: false });
    expect(classifyAdjustment({ group: "CO", reason: "27" }).denial).toBe(true);
  });

  it("an unmapped CARC falls to its group's default; an unknown group reads as OA", () => {
    expect(classifyAdjustment({ group: "PI", reason: "998" }).rule).toBe("PI-*");
    expect(classifyAdjustment({ group: "PR", reason: "998" })).toMatchObject({
      owner: "patient_responsibility",
      denial: false,
    });
    expect(classifyAdjustment({ group: "ZZ", reason: "998" }).rule).toBe("OA-*");
  });
});

describe("classifyClaimStatus", () => {
  it("an accepted or pending status is no rejection and has no owner", () => {
    for (const category of ["A1", "A2", "P1", "F1"]) {
      const cause = classifyClaimStatus({ category, code: "20" });
      expect(cause.rejection).toBe(false);
      expect(cause.owner).toBeUndefined();
    }
  });

  it("the entity picks the row: 26 about the subscriber vs about the billing provider", () => {
    expect(classifyClaimStatus({ category: "A7", code: "26", entity: "IL" }).owner).toBe(
      "eligibility",
    );
    expect(classifyClaimStatus({ category: "A7", code: "26", entity: "85" }).owner).toBe(
      "payer_setup",
    );
    expect(classifyClaimStatus({ category: "A7", code: "26", entity: "PR" }).rule).toBe("*:26");
  });

  it("the rejected 277CA sample (A7:562:85, billing NPI) goes to payer set-up", () => {
    const file = path.join(CORPUS, "277ca", "imsweb__x12_277CA_rejected.txt");
    const statuses = readInterchanges(readFileSync(file)).flatMap((interchange) =>
      interchange.groups.flatMap((group) =>
        group.transactionSets.flatMap((set) =>
          read277ca(set, interchange.delimiters).claims.flatMap((claim) => claim.statuses),
        ),
      ),
    );
    const causes = statuses.map((status) => classifyClaimStatus(status));
    const rejected = causes.filter((cause) => cause.rejection);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ owner: "payer_setup", rule: "*:562:85" });
    // The sample's A1 acknowledgment is at the provider level (2200C), not on the claim.
    expect(causes).toHaveLength(1);
  });
});

describe("loading the mapping", () => {
  const carcWith = (change: (rows: CarcRowJson[]) => CarcRowJson[]) => ({
    rows: change(structuredClone(CARC_ROWS)),
  });
  const expectInvalid = (carc: unknown, status: unknown, message: RegExp) => {
    expect(() => rootCauseMapFrom(carc, status)).toThrow(
      expect.objectContaining({
        code: "ROOT_CAUSE_MAP_INVALID",
        message: expect.stringMatching(message),
      }),
    );
  };

  it("loads the shipped files", () => {
    const map = loadRootCauseMap();
    expect(map.carcRows).toHaveLength(CARC_ROWS.length);
    expect(map.statusRows).toHaveLength(STATUS_ROWS.length);
  });

  it("refuses an unknown owner, a PR denial, a duplicate and a missing group default", () => {
    const first = (rows: CarcRowJson[]) => rows[0]!;
    expectInvalid(
      carcWith((rows) => [{ ...first(rows), owner: "billing" }, ...rows.slice(1)]),
      STATUS_JSON,
      /row 1: owner/,
    );
    expectInvalid(
      carcWith((rows) => [
        ...rows,
        { carc: "50", group: "PR", owner: "coding", denial: true, reason: "x" },
      ]),
      STATUS_JSON,
      /never denials/,
    );
    expectInvalid(
      carcWith((rows) => [...rows, first(rows)]),
      STATUS_JSON,
      /duplicates \*-1/,
    );
    expectInvalid(
      carcWith((rows) => rows.filter((row) => !(row.carc === "*" && row.group === "PI"))),
      STATUS_JSON,
      /no default row for group PI/,
    );
  });

  it("refuses a status row for an accepted category and a file without the *:* row", () => {
    const statusRows = structuredClone(STATUS_ROWS);
    expectInvalid(
      CARC_JSON,
      { rows: [...statusRows, { category: "A2", code: "21", owner: "submission", reason: "x" }] },
      /not a rejection/,
    );
    expectInvalid(
      CARC_JSON,
      { rows: statusRows.filter((row) => !(row.category === "*" && row.code === "*")) },
      /no default row \*:\*/,
    );
  });
});

describe("classifyAdjustment: causes found once per map and input", () => {
  it("answers the same input with the same (frozen) cause, and each map with its own rows", () => {
    const first = classifyAdjustment({ group: "CO", reason: "16" }, ["M51"]);
    const again = classifyAdjustment({ group: "CO", reason: "16" }, [{ code: "M51" }]);
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.rule).toBe("*-16+M51");
    // The same CARC without the remark is another input: the CARC's own row.
    expect(classifyAdjustment({ group: "CO", reason: "16" }).rule).toBe("*-16");
    const rows = CARC_ROWS.map((row) =>
      row.carc === "16" && row.rarc === "M51" ? { ...row, owner: "documentation" } : row,
    );
    const other = rootCauseMapFrom({ rows }, STATUS_JSON);
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["M51"], other).owner).toBe(
      "documentation",
    );
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["M51"]).owner).toBe(first.owner);
  });

  it("does not confuse inputs whose parts hold the key's separator", () => {
    // "16\u001fM51" with no remarks would key like "16" with remark M51 if it were cached.
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["M51"]).rule).toBe("*-16+M51");
    expect(classifyAdjustment({ group: "CO", reason: "16\u001fM51" }).rule).toBe("CO-*");
    expect(classifyAdjustment({ group: "CO", reason: "16" }, ["M51\u001f"]).rule).toBe("*-16");
  });
});
