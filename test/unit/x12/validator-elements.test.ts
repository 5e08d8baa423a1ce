import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/x12/finding.js";
import { validateTransactionSet } from "../../../src/x12/validator.js";
import {
  DELIMITERS,
  MINI_837,
  VALID_837,
  edit,
  lineOf,
  transactionSet,
} from "./validator-fixtures.js";

function findingsOf(lines: readonly string[]): readonly Finding[] {
  return validateTransactionSet(transactionSet(lines), DELIMITERS, MINI_837).findings;
}

/** Replaces the first line starting with `prefix` and returns the only finding. */
function onlyFinding(prefix: string, replacement: string): Finding & { line: number } {
  const at = lineOf(VALID_837, prefix);
  const findings = findingsOf(edit(VALID_837, { replace: [at, replacement] }));
  expect(findings).toHaveLength(1);
  return { ...findings[0]!, line: at };
}

describe("validateTransactionSet: element checks, one finding kind each", () => {
  it("finds nothing in the valid fixture", () => {
    const result = validateTransactionSet(transactionSet(VALID_837), DELIMITERS, MINI_837);
    expect(result.findings).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.loopAssignment?.segments).toHaveLength(VALID_837.length);
  });

  const cases: [string, string, string, Partial<Finding>][] = [
    [
      "required element missing",
      "N3*",
      "N3*",
      { code: "ELEMENT_REQUIRED_MISSING", ik403: "1", element: 1 },
    ],
    ["too long", "PAT*", "PAT*190", { code: "ELEMENT_TOO_LONG", ik403: "5", element: 1 }],
    ["too short", "N4*", "N4*A*NY*12345", { code: "ELEMENT_TOO_SHORT", ik403: "4", element: 1 }],
    [
      "invalid character",
      "N3*",
      "N3*123\u0007MAIN",
      { code: "ELEMENT_INVALID_CHARACTER", ik403: "6", element: 1 },
    ],
    [
      "malformed decimal",
      "CLM*PCN2",
      "CLM*PCN2*2X5***11:B:1*Y",
      { code: "ELEMENT_INVALID_CHARACTER", ik403: "6", element: 2 },
    ],
    [
      "malformed integer",
      "LX*2",
      "LX*B",
      { code: "ELEMENT_INVALID_CHARACTER", ik403: "6", element: 1 },
    ],
    [
      "invalid date (DT)",
      "DMG*",
      "DMG*D8*19700230*M",
      { code: "ELEMENT_INVALID_DATE", ik403: "8", element: 2 },
    ],
    [
      "invalid date (DTP D8)",
      "DTP*472",
      "DTP*472*D8*20241301",
      { code: "ELEMENT_INVALID_DATE", ik403: "8", element: 3 },
    ],
    [
      "invalid date range (DTP RD8)",
      "DTP*472",
      "DTP*472*RD8*20240105-20240101",
      { code: "ELEMENT_INVALID_DATE", ik403: "8", element: 3 },
    ],
    [
      "invalid time",
      "BHT*",
      "BHT*0019*00*REF47517*20240105*2561*CH",
      { code: "ELEMENT_INVALID_TIME", ik403: "9", element: 5 },
    ],
    [
      "invalid code",
      "SBR*",
      "SBR*Q*18*GRP01******CI",
      { code: "ELEMENT_INVALID_CODE", ik403: "7", element: 1 },
    ],
    [
      "invalid component code",
      "CLM*PCN1",
      "CLM*PCN1*100.50***11:C:1*Y",
      { code: "ELEMENT_INVALID_CODE", ik403: "7", element: 5, component: 2 },
    ],
    [
      "required component missing",
      "CLM*PCN1",
      "CLM*PCN1*100.50***11::1*Y",
      { code: "ELEMENT_REQUIRED_MISSING", ik403: "1", element: 5, component: 2 },
    ],
    [
      "too many components",
      "HI*ABK",
      "HI*ABK:J20:X",
      { code: "ELEMENT_TOO_MANY_COMPONENTS", ik403: "13", element: 1, component: 3 },
    ],
    [
      "too many repetitions",
      "N3*",
      "N3*123 MAIN ST^SUITE 1",
      { code: "ELEMENT_TOO_MANY_REPETITIONS", ik403: "12", element: 1, repetition: 2 },
    ],
    [
      "component separator in a simple element",
      "N3*",
      "N3*123:MAIN",
      { code: "ELEMENT_INVALID_CHARACTER", ik403: "6", element: 1 },
    ],
    [
      "not-used element present",
      "CLM*PCN1",
      "CLM*PCN1*100.50*X**11:B:1*Y",
      { code: "ELEMENT_NOT_USED", ik403: "I10", element: 3 },
    ],
    [
      "element beyond the guide's elements",
      "PAT*",
      "PAT*19*EXTRA",
      { code: "ELEMENT_NOT_USED", ik403: "I10", element: 2 },
    ],
  ];

  it.each(cases)("%s", (_name, prefix, replacement, expected) => {
    const f = onlyFinding(prefix, replacement);
    expect(f).toMatchObject({
      ...expected,
      severity: "error",
      position: f.line + 1,
      segment: replacement.split("*")[0],
    });
    expect(f.loop).toBe(
      validateTransactionSet(transactionSet(VALID_837), DELIMITERS, MINI_837).loopAssignment!
        .segments[f.line]!.loop || undefined,
    );
    expect(f.transactionControlNumber).toBe("0001");
    expect(f.message).toMatch(new RegExp(`^${replacement.split("*")[0]}\\d\\d`));
  });

  it("counts digits only for numeric lengths (sign and decimal point excluded)", () => {
    const line = "SV1*HC:99213*-1234567890123456.789*UN*1***1";
    const findings = findingsOf(
      edit(VALID_837, { replace: [lineOf(VALID_837, "SV1*HC:99213"), line] }),
    );
    const elementCodes = findings.map((f) => f.code).filter((c) => c.startsWith("ELEMENT"));
    expect(elementCodes).toEqual(["ELEMENT_TOO_LONG"]);
    const ok = "SV1*HC:99213*-123456789012345.678*UN*1***1";
    const none = findingsOf(edit(VALID_837, { replace: [lineOf(VALID_837, "SV1*HC:99213"), ok] }));
    expect(none.filter((f) => f.code.startsWith("ELEMENT"))).toEqual([]);
  });

  it("accepts leap days and rejects them in other years", () => {
    const leap = findingsOf(
      edit(VALID_837, { replace: [lineOf(VALID_837, "DMG*"), "DMG*D8*20000229*M"] }),
    );
    expect(leap).toEqual([]);
    const notLeap = findingsOf(
      edit(VALID_837, { replace: [lineOf(VALID_837, "DMG*"), "DMG*D8*19000229*M"] }),
    );
    expect(notLeap.map((f) => f.code)).toEqual(["ELEMENT_INVALID_DATE"]);
  });

  it("reports one finding for a qualifier both the engine and the code list reject", () => {
    const findings = findingsOf(
      edit(VALID_837, { replace: [lineOf(VALID_837, "REF*G1"), "REF*ZZ*AUTH1"] }),
    );
    expect(findings).toEqual([
      expect.objectContaining({ code: "ELEMENT_INVALID_CODE", element: 1 }),
    ]);
  });

  it("never quotes a value in a message", () => {
    const lines = edit(VALID_837, { replace: [lineOf(VALID_837, "SBR*"), "SBR*SECRETVALUE*18"] });
    const findings = findingsOf(
      edit(lines, { replace: [lineOf(lines, "N3*"), "N3*SECRET^SECRET2"] }),
    );
    expect(findings.length).toBeGreaterThan(1);
    for (const f of findings) expect(f.message).not.toMatch(/SECRET/);
  });
});

describe("validateTransactionSet on mutated segments (property)", () => {
  it("never throws, and every finding points inside the set and inside its segment", () => {
    const mutation = fc.record({
      line: fc.integer({ min: 1, max: VALID_837.length - 2 }),
      element: fc.integer({ min: 0, max: 12 }),
      value: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("", ":", "^", "::", "1^2^3")),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const lines = [...VALID_837];
        for (const m of mutations) {
          const parts = lines[m.line]!.split("*");
          parts[Math.min(m.element + 1, parts.length)] = m.value
            .replaceAll("*", "")
            .replaceAll("~", "");
          lines[m.line] = parts.map((p) => p ?? "").join("*");
        }
        const result = validateTransactionSet(transactionSet(lines), DELIMITERS, MINI_837);
        for (const f of result.findings) {
          expect(f.position).toBeGreaterThanOrEqual(1);
          expect(f.position).toBeLessThanOrEqual(lines.length);
          if (f.element !== undefined) expect(f.element).toBeGreaterThanOrEqual(1);
          expect(f.ik304 ?? f.ik403 ?? f.code).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});
