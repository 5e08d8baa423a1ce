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
