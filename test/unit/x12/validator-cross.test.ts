import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/x12/finding.js";
import { toCents } from "../../../src/x12/validate/cross-checks.js";
import { validateTransactionSet } from "../../../src/x12/validator.js";
import {
  BALANCED_835,
  DELIMITERS,
  MINI_835,
  MINI_837,
  VALID_837,
  edit,
  lineOf,
  transactionSet,
} from "./validator-fixtures.js";

function check837(lines: readonly string[]): readonly Finding[] {
  return validateTransactionSet(transactionSet(lines), DELIMITERS, MINI_837).findings;
}

function check835(lines: readonly string[]): readonly Finding[] {
  return validateTransactionSet(transactionSet(lines, "005010X221A1"), DELIMITERS, MINI_835)
    .findings;
}

describe("toCents", () => {
  it.each([
    ["123.45", 12345],
    ["-5", -500],
    [".5", 50],
    ["100", 10000],
    ["0.10", 10],
    ["7.", 700],
    ["1.230", 123],
    ["-0", 0],
  ])("reads %s as %i cents exactly", (text, cents) => {
    expect(toCents(text)).toBe(cents);
  });

  it.each(["", "-", ".", "1.234", "1e3", "1,00", "+1", "--1"])("rejects %j", (text) => {
    expect(toCents(text)).toBeUndefined();
  });
});

describe("HL cross-checks", () => {
  it("reports an HL01 that does not count up by one (IK403 7 on HL01)", () => {
    const at = lineOf(VALID_837, "HL*3");
    const findings = check837(edit(VALID_837, { replace: [at, "HL*4*2*23*0"] }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: "HL_ID_NOT_SEQUENTIAL",
        element: 1,
        ik403: "7",
        position: at + 1,
        loop: "2000C",
      }),
    ]);
  });

  it("reports an HL02 that names no earlier HL", () => {
    const at = lineOf(VALID_837, "HL*3");
    const findings = check837(edit(VALID_837, { replace: [at, "HL*3*9*23*0"] }));
    expect(findings.map((f) => [f.code, f.element, f.position])).toEqual([
      ["HL_CHILD_CODE_MISMATCH", 4, lineOf(VALID_837, "HL*2") + 1],
      ["HL_PARENT_INVALID", 2, at + 1],
    ]);
    expect(findings[0]!.severity).toBe("warning");
  });

  it("reports an HL02 naming an HL of a level the loop cannot hang under", () => {
    const at = lineOf(VALID_837, "HL*3");
    const lines = edit(VALID_837, { replace: [at, "HL*3*1*23*0"] });
    const findings = check837(edit(lines, { replace: [lineOf(lines, "HL*2"), "HL*2*1*22*0"] }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: "HL_PARENT_INVALID",
        element: 2,
        position: at + 1,
        loop: "2000C",
      }),
    ]);
  });

  it("warns when HL04 disagrees with the children that follow", () => {
    const at = lineOf(VALID_837, "HL*2");
    const findings = check837(edit(VALID_837, { replace: [at, "HL*2*1*22*0"] }));
    expect(findings).toEqual([
      expect.objectContaining({ code: "HL_CHILD_CODE_MISMATCH", severity: "warning", element: 4 }),
    ]);
  });
});

describe("837 claim total", () => {
  it("accepts CLM02 equal to the line charges (100.50 = 60.50 + 40)", () => {
    expect(check837(VALID_837)).toEqual([]);
  });

  it("reports CLM02 that differs from the sum of its lines by one cent, on that claim's CLM", () => {
    const at = lineOf(VALID_837, "CLM*PCN1");
    const findings = check837(edit(VALID_837, { replace: [at, "CLM*PCN1*100.51***11:B:1*Y"] }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: "CLAIM_TOTAL_MISMATCH",
        element: 2,
        position: at + 1,
        loop: "2000B/2300",
        severity: "error",
      }),
    ]);
    expect(findings[0]!.ik304 ?? findings[0]!.ik403).toBeUndefined();
  });

  it("sums each claim's own lines only", () => {
    const at = lineOf(VALID_837, "SV1*HC:99212");
    const findings = check837(edit(VALID_837, { replace: [at, "SV1*HC:99212*25.01*UN*1***1"] }));
    expect(findings.map((f) => [f.code, f.position])).toEqual([
      ["CLAIM_TOTAL_MISMATCH", lineOf(VALID_837, "CLM*PCN2") + 1],
    ]);
  });
});

describe("835 balancing", () => {
  it("finds nothing in a balanced remittance", () => {
    expect(check835(BALANCED_835)).toEqual([]);
  });

  it("reports BPR02 that is not Σ CLP04 − Σ PLB", () => {
    const at = lineOf(BALANCED_835, "BPR");
    const findings = check835(edit(BALANCED_835, { replace: [at, "BPR*I*100.50*C"] }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: "REMIT_UNBALANCED",
        segment: "BPR",
        element: 2,
        position: 2,
      }),
    ]);
  });

  it("reports a claim whose charge less claim and line CAS is not its payment", () => {
    const at = lineOf(BALANCED_835, "CAS*CO*45*30");
    const findings = check835(edit(BALANCED_835, { replace: [at, "CAS*CO*45*29"] }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: "REMIT_UNBALANCED",
        segment: "CLP",
        element: 4,
        position: 7,
        loop: "2000/2100",
      }),
    ]);
  });

  it("reports a service line whose charge less its CAS is not its payment (and its claim)", () => {
    const at = lineOf(BALANCED_835, "CAS*PR*1*10");
    const findings = check835(edit(BALANCED_835, { replace: [at, "CAS*PR*1*11"] }));
    expect(findings.map((f) => [f.segment, f.element])).toEqual([
      ["CLP", 4],
      ["SVC", 3],
    ]);
  });

  it("adds every CAS triple of a segment (CAS03, CAS06)", () => {
    const at = lineOf(BALANCED_835, "CAS*CO*45*4");
    const findings = check835(edit(BALANCED_835, { replace: [at, "CAS*CO*45*4*1*253*7"] }));
    expect(findings.map((f) => f.segment)).toEqual(["CLP"]);
  });
});
