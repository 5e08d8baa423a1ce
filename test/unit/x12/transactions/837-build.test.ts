import { describe, expect, it } from "vitest";
import type {
  InstitutionalEncounter,
  ProfessionalEncounter,
} from "../../../../src/domain/encounter.js";
import { ClaimgateError } from "../../../../src/errors.js";
import { formatAmount, parseCents } from "../../../../src/x12/money.js";
import type { Segment } from "../../../../src/x12/segment.js";
import { amount } from "../../../../src/x12/transactions/837-common.js";
import { build837i } from "../../../../src/x12/transactions/837i.js";
import { build837p } from "../../../../src/x12/transactions/837p.js";
import { read837 } from "../../../../src/x12/transactions/837-read.js";
import { batchOf, errorsOf, examples, expectedReadBack, setsOf } from "./837-helpers.js";

function professional(file: string): ProfessionalEncounter {
  const found = examples().find((e) => e.file === file)?.encounter;
  if (found?.kind !== "professional") throw new Error(`no professional example ${file}`);
  return found;
}

function institutional(file: string): InstitutionalEncounter {
  const found = examples().find((e) => e.file === file)?.encounter;
  if (found?.kind !== "institutional") throw new Error(`no institutional example ${file}`);
  return found;
}

/** The segments of the only set of a one-claim batch. */
function segmentsOf(encounter: ProfessionalEncounter | InstitutionalEncounter): Segment[] {
  const { sets } = setsOf(batchOf([{ encounter, submissionId: "SUB1" }]).text);
  return [...(sets[0]?.segments ?? [])];
}

function texts(segments: readonly Segment[], id: string, qualifier?: string): string[] {
  return segments
    .filter((s) => s.id === id && (qualifier === undefined || s.elements[0] === qualifier))
    .map((s) => `${s.id}*${s.elements.join("*")}`);
}

function expectBuildError(build: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ClaimgateError);
  expect((caught as ClaimgateError).code).toBe("X12_BUILD_INVALID");
  expect((caught as ClaimgateError).message).toMatch(pattern);
}

describe("837 from the example encounters", () => {
  for (const { file, encounter } of examples()) {
    it(`${file}: validates with no error finding and reads back as built`, () => {
      const lineControlNumbers = encounter.serviceLines.map((_, i) =>
        i === 0 ? `LCN-${i + 1}` : undefined,
      );
      const batch = batchOf([{ encounter, submissionId: "SUB-0001", lineControlNumbers }]);
      expect(errorsOf(batch.text)).toEqual([]);
      const { sets, delimiters } = setsOf(batch.text);
      expect(sets).toHaveLength(1);
      const read = read837(sets[0]!, delimiters);
      expect(read.notes).toEqual([]);
      expect(read.claims).toHaveLength(1);
      expect(read.claims[0]?.submissionId).toBe("SUB-0001");
      expect(read.claims[0]?.encounter).toEqual(expectedReadBack(encounter, lineControlNumbers));
    });
  }
});

describe("837P segments", () => {
  it("writes CLM with place of service, B and frequency, the total of the lines, and REF*D9", () => {
    const segments = segmentsOf(professional("professional-office-visit.json"));
    expect(texts(segments, "CLM")).toEqual(["CLM*PCN-2026-0001*185.01***11:B:1*Y*A*Y*Y"]);
    expect(texts(segments, "REF", "D9")).toEqual(["REF*D9*SUB1"]);
    expect(texts(segments, "HI")).toEqual(["HI*ABK:E119*ABF:I10"]);
    expect(texts(segments, "SV1")[0]).toBe("SV1*HC:99214:25*165*UN*1***1:2");
    expect(texts(segments, "REF", "6R")).toEqual(["REF*6R*L1", "REF*6R*L2", "REF*6R*L3"]);
  });

  it("numbers the hierarchy with a 2000C patient level for a dependent", () => {
    const segments = segmentsOf(professional("professional-dependent.json"));
    expect(texts(segments, "HL")).toEqual(["HL*1**20*1", "HL*2*1*22*1", "HL*3*2*23*0"]);
    expect(texts(segments, "PAT")).toEqual(["PAT*19"]);
    // The subscriber is not the patient: SBR02 empty and no subscriber DMG.
    expect(texts(segments, "SBR")).toEqual(["SBR*P**GRP7788******CI"]);
    expect(texts(segments, "DMG")).toEqual(["DMG*D8*20160601*M"]);
    expect(texts(segments, "REF", "G1")).toEqual(["REF*G1*AUTH55021"]);
    expect(texts(segments, "NM1", "DN")).toEqual(["NM1*DN*1*Okafor*Chidi****XX*1555555550"]);
  });

  it("writes a replacement with frequency 7, REF*F8 and the service facility", () => {
    const segments = segmentsOf(professional("professional-replacement.json"));
    expect(texts(segments, "CLM")[0]).toContain("*20:B:7*");
    expect(texts(segments, "REF", "F8")).toEqual(["REF*F8*EXHP2026020500917"]);
    expect(texts(segments, "NM1", "77")).toEqual([
      "NM1*77*2*Peoria Urgent Care North*****XX*1888888884",
    ]);
  });

  it("writes the other payer loops and the line adjudication of a secondary claim", () => {
    const segments = segmentsOf(professional("professional-secondary-cob.json"));
    expect(texts(segments, "SBR")).toEqual(["SBR*S*18*******MC", "SBR*P*18*******MB"]);
    expect(texts(segments, "AMT")).toEqual(["AMT*D*70.4"]);
    expect(texts(segments, "OI")).toEqual(["OI***Y***Y"]);
    expect(texts(segments, "SVD")).toEqual(["SVD*EXMCR*72.4*HC:99214**1"]);
    // Each adjustment once: sequestration at claim level (2320), the rest on the line (2430).
    expect(texts(segments, "CAS")).toEqual(["CAS*CO*253*2", "CAS*CO*45*37.6", "CAS*PR*2*17.6"]);
    expect(texts(segments, "DTP", "573")).toEqual(["DTP*573*D8*20260201", "DTP*573*D8*20260201"]);
  });

  it("refuses what the guide cannot carry, naming the field but not its value", () => {
    const base = professional("professional-office-visit.json");
    const ids = { submissionId: "S" };
    expectBuildError(
      () => build837p({ ...base, patientControlNumber: "X".repeat(21) }, ids),
      /patientControlNumber/,
    );
    expectBuildError(() => build837p({ ...base, totalChargeCents: 1 }, ids), /totalChargeCents/);
    expectBuildError(
      () => build837p({ ...base, frequencyCode: "7" }, ids),
      /originalPayerClaimNumber/,
    );
    expectBuildError(
      () => build837p(base, { submissionId: "S", lineControlNumbers: ["A", "A"] }),
      /unique/,
    );
    expectBuildError(
      () => build837p({ ...base, relationship: "child" }, ids),
      /patient is required/,
    );
    const thirteen = Array.from({ length: 13 }, (_, i) => ({ code: `Z${i}` }));
    expectBuildError(() => build837p({ ...base, diagnoses: thirteen }, ids), /diagnoses/);
    try {
      build837p({ ...base, patientControlNumber: "SECRET-VALUE-TOO-LONG-X" }, ids);
    } catch (error) {
      expect((error as Error).message).not.toContain("SECRET");
    }
  });

  it("build837p gives the one-claim subtree from HL 20 to the last line", () => {
    const segments = build837p(professional("professional-office-visit.json"), {
      submissionId: "S",
    });
    expect(segments[0]).toEqual({ id: "HL", elements: ["1", "", "20", "1"] });
    expect(segments.at(-1)).toEqual({ id: "REF", elements: ["6R", "L3"] });
    expect(segments.filter((s) => s.id === "LX")).toHaveLength(3);
  });
});

describe("837I segments", () => {
  it("writes CLM with facility type, A and frequency, and no CLM06", () => {
    const segments = segmentsOf(institutional("institutional-inpatient.json"));
    expect(texts(segments, "CLM")).toEqual(["CLM*HOSP-IP-26-0042*10300***11:A:1**A*Y*Y"]);
    expect(texts(segments, "DTP", "434")).toEqual(["DTP*434*RD8*20260202-20260206"]);
    expect(texts(segments, "DTP", "435")).toEqual(["DTP*435*DT*202602022130"]);
    expect(texts(segments, "CL1")).toEqual(["CL1*1*1*01"]);
  });

  it("writes HI in the guide's order with present-on-admission indicators", () => {
    const segments = segmentsOf(institutional("institutional-inpatient.json"));
    expect(texts(segments, "HI")).toEqual([
      "HI*ABK:J189:::::::Y",
      "HI*ABJ:R0602",
      "HI*ABF:N179:::::::N*ABF:E119:::::::Y*ABF:Z7984",
      "HI*BH:11:D8:20260130",
    ]);
    expect(texts(segments, "NM1", "71")).toEqual(["NM1*71*1*Brown*Taylor****XX*1333333338"]);
    expect(texts(segments, "PRV", "AT")).toEqual(["PRV*AT*PXC*207R00000X"]);
  });

  it("writes SV2 with revenue code, procedure and unit type", () => {
    const segments = segmentsOf(institutional("institutional-outpatient.json"));
    expect(texts(segments, "SV2")).toEqual([
      "SV2*0450*HC:99284:25*1250*UN*1",
      "SV2*0300*HC:85025*65*UN*1",
      "SV2*0324*HC:71046*310*UN*1",
    ]);
    expect(texts(segments, "DTP", "472")).toHaveLength(3);
  });

  it("writes the patient's reason for visit after the principal diagnosis, and reads it back", () => {
    const encounter = institutional("institutional-outpatient.json");
    encounter.reasonForVisit = [{ code: "R079" }, { code: "R0602" }];
    const hi = texts(segmentsOf(encounter), "HI");
    expect(hi.slice(0, 2)).toEqual(["HI*ABK:R079", "HI*APR:R079*APR:R0602"]);
    const batch = batchOf([{ encounter, submissionId: "RFV-1" }]);
    expect(errorsOf(batch.text)).toEqual([]);
    const { sets, delimiters } = setsOf(batch.text);
    const read = read837(sets[0]!, delimiters).claims[0]?.encounter;
    expect(read?.kind === "institutional" ? read.reasonForVisit : undefined).toEqual(
      encounter.reasonForVisit,
    );
  });

  it("writes an outpatient visit's priority and point of origin in CL1 and reads them back", () => {
    const encounter = institutional("institutional-outpatient.json");
    expect(texts(segmentsOf(encounter), "CL1")).toEqual(["CL1*1*1*01"]);
    const { visit: _visit, ...withoutVisit } = encounter;
    expect(texts(segmentsOf(withoutVisit), "CL1")).toEqual(["CL1***01"]);
    const batch = batchOf([{ encounter, submissionId: "VISIT-1" }]);
    expect(errorsOf(batch.text)).toEqual([]);
    const { sets, delimiters } = setsOf(batch.text);
    const read = read837(sets[0]!, delimiters).claims[0]?.encounter;
    expect(read?.kind === "institutional" ? read.visit : undefined).toEqual(encounter.visit);
    expect(read?.kind === "institutional" ? read.admission : "absent").toBeUndefined();
  });

  it("takes CL101/CL102 from the admission when the bill has one (the visit's are not read back)", () => {
    const inpatient = institutional("institutional-inpatient.json");
    const encounter = { ...inpatient, visit: { typeCode: "3", sourceCode: "9" } };
    const cl1 = texts(segmentsOf(encounter), "CL1")[0] ?? "";
    expect(cl1.split("*").slice(1, 3)).toEqual([
      inpatient.admission?.typeCode,
      inpatient.admission?.sourceCode,
    ]);
    const { sets, delimiters } = setsOf(batchOf([{ encounter, submissionId: "ADM-1" }]).text);
    const read = read837(sets[0]!, delimiters).claims[0]?.encounter;
    expect(read?.kind === "institutional" ? read.visit : "absent").toBeUndefined();
  });

  it("writes value and condition codes, 12 to an HI segment", () => {
    const base = institutional("institutional-outpatient.json");
    const conditionCodes = Array.from({ length: 13 }, (_, i) => String(10 + i));
    const encounter = { ...base, conditionCodes, valueCodes: [{ code: "A1", amountCents: 1550 }] };
    const segments = segmentsOf(encounter);
    expect(texts(segments, "HI").filter((t) => t.startsWith("HI*BG"))).toHaveLength(2);
    expect(texts(segments, "HI")).toContain("HI*BE:A1:::15.5");
    const batch = batchOf([{ encounter, submissionId: "S" }]);
    expect(errorsOf(batch.text)).toEqual([]);
  });

  it("writes a secondary institutional claim with 2320/2330 and 2430 (SVD04 revenue code)", () => {
    const base = institutional("institutional-outpatient.json");
    const cob = professional("professional-secondary-cob.json");
    const prior = cob.otherPayers ?? [];
    const adjudication = cob.serviceLines[0]?.otherPayerAdjudications ?? [];
    const [first, ...rest] = base.serviceLines;
    const encounter: InstitutionalEncounter = {
      ...base,
      subscriber: { ...base.subscriber, payerResponsibility: "secondary" },
      otherPayers: prior,
      serviceLines: [{ ...first!, otherPayerAdjudications: adjudication }, ...rest],
    };
    const batch = batchOf([{ encounter, submissionId: "SEC-I" }]);
    expect(errorsOf(batch.text)).toEqual([]);
    const { sets, delimiters } = setsOf(batch.text);
    const segments = sets[0]?.segments ?? [];
    expect(texts(segments, "SVD")).toEqual(["SVD*EXMCR*72.4*HC:99214*0450*1"]);
    expect(texts(segments, "SBR")).toEqual(["SBR*S*18*GRP1200******CI", "SBR*P*18*******MB"]);
    const read = read837(sets[0]!, delimiters);
    expect(read.claims[0]?.encounter).toEqual(expectedReadBack(encounter));
  });

  it("refuses a missing principal diagnosis and a person billing provider", () => {
    const base = institutional("institutional-outpatient.json");
    const ids = { submissionId: "S" };
    expectBuildError(
      () => build837i({ ...base, principalDiagnosis: undefined }, ids),
      /principal diagnosis/,
    );
    expectBuildError(() => build837i({ ...base, typeOfBill: "0137" }, ids), /frequencyCode/);
    const person = {
      ...base.billingProvider,
      entity: "person" as const,
      lastName: "Doe",
      organizationName: undefined,
    };
    expectBuildError(() => build837i({ ...base, billingProvider: person }, ids), /organization/);
  });
});

describe("837 amount text", () => {
  it("is formatAmount's text, and reads back as the same cents", () => {
    const samples = [0, -0, 1, 5, 10, 50, 99, 100, 101, 110, 150, 12345, 100000, 2 ** 53 - 1];
    for (let cents = -1234; cents <= 1234; cents += 7) samples.push(cents);
    for (const cents of [...samples, ...samples.map((c) => -c)]) {
      expect(amount(cents)).toBe(formatAmount(cents));
      expect(parseCents(amount(cents))).toBe(cents === 0 ? 0 : cents);
    }
  });

  it("refuses what formatAmount refuses", () => {
    for (const bad of [0.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => amount(bad)).toThrow(expect.objectContaining({ code: "X12_AMOUNT_INVALID" }));
    }
  });
});
