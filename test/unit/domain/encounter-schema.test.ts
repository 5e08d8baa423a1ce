import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateEncounter } from "../../../src/domain/encounter-schema.js";
import type { CodedEncounter } from "../../../src/domain/encounter.js";

const examplesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../schemas/examples",
);

/** Examples as loose JSON, so tests can break them on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function example(name: string): Json {
  return JSON.parse(readFileSync(path.join(examplesDir, name), "utf8")) as Json;
}

function problemsOf(json: unknown): { path: string; message: string }[] {
  const result = validateEncounter(json);
  if (result.ok) throw new Error("expected schema problems");
  return result.problems;
}

describe("encounter schema: worked examples", () => {
  const files = readdirSync(examplesDir).filter((f) => f.endsWith(".json"));

  it("has the six worked examples", () => {
    expect(files.sort()).toEqual([
      "institutional-inpatient.json",
      "institutional-outpatient.json",
      "professional-dependent.json",
      "professional-office-visit.json",
      "professional-replacement.json",
      "professional-secondary-cob.json",
    ]);
  });

  it.each(files)("%s validates", (file) => {
    const result = validateEncounter(example(file));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("covers each variant the 837 builders need", () => {
    const office = example("professional-office-visit.json");
    expect([office.kind, office.relationship, office.patient]).toEqual([
      "professional",
      "self",
      undefined,
    ]);
    const dependent = example("professional-dependent.json");
    expect(dependent.relationship).toBe("child");
    expect(dependent.patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const cob = example("professional-secondary-cob.json");
    expect(cob.subscriber.payerResponsibility).toBe("secondary");
    expect(cob.otherPayers[0].adjustments.length).toBeGreaterThan(0);
    const replacement = example("professional-replacement.json");
    expect([replacement.frequencyCode, typeof replacement.originalPayerClaimNumber]).toEqual([
      "7",
      "string",
    ]);
    const outpatient = example("institutional-outpatient.json");
    expect([outpatient.kind, outpatient.typeOfBill]).toEqual(["institutional", "0131"]);
    const inpatient = example("institutional-inpatient.json");
    expect(inpatient.typeOfBill).toBe("0111");
    expect(inpatient.admission).toMatchObject({ typeCode: "1", sourceCode: "1" });
    expect(inpatient.principalDiagnosis.presentOnAdmission).toBe("Y");
  });

  it("returns the input as the typed encounter", () => {
    const input = example("institutional-inpatient.json");
    const result = validateEncounter(input);
    expect(result.ok).toBe(true);
    const encounter = (result as { ok: true; encounter: CodedEncounter }).encounter;
    expect(encounter).toBe(input);
    expect(encounter.kind === "institutional" && encounter.statementThrough).toBe("2026-02-06");
  });
});

describe("encounter schema: problems", () => {
  it("refuses what is not an object", () => {
    expect(problemsOf(null)).toEqual([{ path: "", message: "must be of type object" }]);
    expect(problemsOf([1])).toEqual([{ path: "", message: "must be of type object" }]);
  });

  it("asks for the kind first and reports nothing else without it", () => {
    expect(problemsOf({})).toEqual([{ path: "/kind", message: "is required" }]);
    expect(problemsOf({ kind: "dental" })).toEqual([
      { path: "/kind", message: "must be one of: professional, institutional" },
    ]);
  });

  it("names a missing required field by its pointer", () => {
    const input = example("professional-office-visit.json");
    delete input.serviceLines[1].serviceDate;
    delete input.payer;
    expect(problemsOf(input)).toEqual(
      expect.arrayContaining([
        { path: "/serviceLines/1/serviceDate", message: "is required" },
        { path: "/payer", message: "is required" },
      ]),
    );
  });

  it("refuses fields the schema does not know, at any depth", () => {
    const input = example("institutional-outpatient.json");
    input.serviceLines[0].colour = "red";
    input.admissionDate = "2026-02-14";
    const problems = problemsOf(input);
    expect(problems).toContainEqual({
      path: "/serviceLines/0/colour",
      message: "is not a known field here",
    });
    expect(problems).toContainEqual({
      path: "/admissionDate",
      message: "is not a known field here",
    });
  });

  it("checks calendar dates and fields of the other kind", () => {
    const input = example("professional-dependent.json");
    input.serviceLines[0].serviceDate = "2026-02-30";
    input.typeOfBill = "0131";
    const problems = problemsOf(input);
    expect(problems).toContainEqual({
      path: "/serviceLines/0/serviceDate",
      message: "must be a valid date (YYYY-MM-DD)",
    });
    expect(problems).toContainEqual({ path: "/typeOfBill", message: "is not a known field here" });
  });

  it("wants a person's first and last name, an organization's name", () => {
    const input = example("professional-office-visit.json");
    delete input.renderingProvider.firstName;
    delete input.billingProvider.organizationName;
    const problems = problemsOf(input);
    expect(problems).toContainEqual({
      path: "/renderingProvider/firstName",
      message: "is required",
    });
    expect(problems).toContainEqual({
      path: "/billingProvider/organizationName",
      message: "is required",
    });
  });

  it("wants the patient's birth date and sex when a patient is given", () => {
    const input = example("professional-dependent.json");
    delete input.patient.sex;
    expect(problemsOf(input)).toContainEqual({ path: "/patient/sex", message: "is required" });
  });

  it("never quotes the offending value", () => {
    const secret = "Zq9SecretValue";
    const input = example("professional-secondary-cob.json");
    input.subscriber.address.postalCode = secret;
    input.subscriber.sex = secret;
    input.serviceLines[0].chargeCents = secret;
    input.otherPayers[0].adjustments[0].group = secret;
    input.patientControlNumber = `${secret}${secret}${secret}`;
    const problems = problemsOf(input);
    expect(problems.length).toBeGreaterThanOrEqual(5);
    for (const problem of problems) expect(JSON.stringify(problem)).not.toContain(secret);
  });

  it("keeps money in integer cents", () => {
    const input = example("professional-office-visit.json");
    input.serviceLines[0].chargeCents = 165.5;
    expect(problemsOf(input)).toEqual([
      { path: "/serviceLines/0/chargeCents", message: "must be of type integer" },
    ]);
  });
});

describe("encounter schema and TypeScript types agree", () => {
  // Literals typed by the TS types with every optional field filled: a field the types have and
  // the schema does not (or the other way round, for required ones) fails here.
  const address = {
    line1: "1 A St",
    line2: "Suite 2",
    city: "Town",
    state: "IL",
    postalCode: "62701",
  };
  const adjustments = [{ group: "CO" as const, reason: "45", amountCents: 100, quantity: 1 }];
  const shared = {
    patientControlNumber: "PCN-1",
    frequencyCode: "1",
    payer: { id: "EXHP1", name: "Plan", claimFilingIndicator: "CI" as const, address },
    subscriber: {
      lastName: "Doe",
      firstName: "John",
      middleName: "Q",
      suffix: "JR",
      birthDate: "1970-01-01",
      sex: "M" as const,
      address,
      memberId: "M1234",
      groupNumber: "G1",
      groupName: "Group",
      payerResponsibility: "secondary" as const,
    },
    relationship: "spouse" as const,
    patient: {
      lastName: "Doe",
      firstName: "Jane",
      birthDate: "1972-02-02",
      sex: "F" as const,
      address,
    },
    billingProvider: {
      entity: "organization" as const,
      organizationName: "Clinic",
      npi: "1234567893",
      taxonomy: "207Q00000X",
      taxId: "741234567",
      taxIdType: "EIN" as const,
      address,
    },
    serviceFacility: { name: "Annex", npi: "1555555550", address },
    priorAuthorizationNumber: "A1",
    referralNumber: "R1",
    claimIndicators: {
      providerSignatureOnFile: true,
      assignment: "A" as const,
      benefitsAssigned: true,
      releaseOfInformation: "Y" as const,
    },
    otherPayers: [
      {
        payer: { id: "EXMCR", name: "Medicare" },
        payerResponsibility: "primary" as const,
        claimFilingIndicator: "MB" as const,
        subscriber: { lastName: "Doe", firstName: "John", memberId: "1EG4", groupNumber: "G2" },
        relationship: "spouse" as const,
        paidCents: 500,
        adjudicationDate: "2026-02-01",
        payerClaimNumber: "P1",
        adjustments,
      },
    ],
    totalChargeCents: 1000,
  };
  const person = {
    entity: "person" as const,
    lastName: "Doc",
    firstName: "Ann",
    middleName: "B",
    suffix: "MD",
    npi: "1987654328",
    taxonomy: "207Q00000X",
  };
  const lineAdjudication = {
    payerId: "EXMCR",
    paidCents: 500,
    procedureCode: "99213",
    paidUnits: 1,
    adjudicationDate: "2026-02-01",
    adjustments,
  };

  it("a professional encounter with every field", () => {
    const full: CodedEncounter = {
      kind: "professional",
      ...shared,
      placeOfService: "11",
      diagnoses: [{ code: "E119" }],
      renderingProvider: person,
      referringProvider: person,
      serviceLines: [
        {
          procedureCode: "99213",
          modifiers: ["25"],
          units: 1,
          chargeCents: 1000,
          diagnosisPointers: [1],
          serviceDate: "2026-02-10",
          serviceDateEnd: "2026-02-10",
          placeOfService: "11",
          renderingProvider: person,
          lineControlNumber: "L1",
          otherPayerAdjudications: [lineAdjudication],
        },
      ],
    };
    expect(problemsOrNone(full)).toEqual([]);
  });

  it("an institutional encounter with every field", () => {
    const full: CodedEncounter = {
      kind: "institutional",
      ...shared,
      typeOfBill: "0111",
      statementFrom: "2026-02-02",
      statementThrough: "2026-02-06",
      admission: { date: "2026-02-02", time: "0930", typeCode: "1", sourceCode: "1" },
      patientStatusCode: "01",
      principalDiagnosis: { code: "J189", presentOnAdmission: "Y" },
      admittingDiagnosis: { code: "R0602" },
      otherDiagnoses: [{ code: "E119", presentOnAdmission: "N" }],
      conditionCodes: ["09"],
      occurrenceCodes: [{ code: "11", date: "2026-01-30" }],
      valueCodes: [{ code: "80", amountCents: 400 }],
      attendingProvider: person,
      operatingProvider: person,
      serviceLines: [
        {
          revenueCode: "0120",
          procedureCode: "99223",
          modifiers: ["GC"],
          units: 4,
          unitType: "DA",
          chargeCents: 1000,
          serviceDate: "2026-02-02",
          serviceDateEnd: "2026-02-05",
          lineControlNumber: "L1",
          otherPayerAdjudications: [lineAdjudication],
        },
      ],
    };
    expect(problemsOrNone(full)).toEqual([]);
  });
});

function problemsOrNone(json: unknown): { path: string; message: string }[] {
  const result = validateEncounter(json);
  return result.ok ? [] : result.problems;
}
