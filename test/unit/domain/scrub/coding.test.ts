import { describe, expect, it } from "vitest";
import { procedureKind, scrub } from "../../../../src/domain/scrub/index.js";
import {
  context,
  expectOne,
  fixtureCodeSets,
  institutional,
  professional,
  scrubFor,
} from "./fixtures.js";

describe("at least one diagnosis; a principal one on 837I", () => {
  it("fires for a professional claim without diagnoses", () => {
    const encounter = professional();
    encounter.diagnoses = [];
    const edits = scrub(encounter, context());
    expectOne(edits, {
      code: "DIAGNOSIS_MISSING",
      owner: "coding",
      severity: "error",
      path: "/diagnoses",
    });
  });

  it("fires for an institutional claim without a principal diagnosis", () => {
    const encounter = institutional("institutional-outpatient.json");
    delete encounter.principalDiagnosis;
    expectOne(scrub(encounter, context()), {
      code: "PRINCIPAL_DIAGNOSIS_MISSING",
      owner: "coding",
      severity: "error",
      path: "/principalDiagnosis",
    });
  });

  it("stays silent when they are there", () => {
    expect(scrubFor(professional(), "DIAGNOSIS_MISSING")).toEqual([]);
    expect(scrubFor(institutional(), "PRINCIPAL_DIAGNOSIS_MISSING")).toEqual([]);
  });
});

describe("ICD-10-CM code exists and is billable on the date of service", () => {
  it("fires for a code not in the set", () => {
    const encounter = professional();
    encounter.diagnoses[1] = { code: "I109" };
    const edits = scrub(encounter, context());
    expectOne(edits, {
      code: "ICD10_UNKNOWN",
      owner: "coding",
      severity: "error",
      path: "/diagnoses/1/code",
    });
    expect(edits[0]!.message).not.toContain("I109");
  });

  it("fires for a category header", () => {
    const encounter = institutional();
    encounter.otherDiagnoses![1] = { code: "E11", presentOnAdmission: "Y" };
    expectOne(scrub(encounter, context()), {
      code: "ICD10_NOT_BILLABLE",
      owner: "coding",
      severity: "error",
      path: "/otherDiagnoses/1/code",
    });
  });

  it("checks the admitting diagnosis too, and accepts the dotted form", () => {
    const encounter = institutional();
    encounter.admittingDiagnosis = { code: "R06" };
    encounter.principalDiagnosis = { code: "J18.9", presentOnAdmission: "Y" };
    expect(scrubFor(encounter, "ICD10_UNKNOWN").map((e) => e.path)).toEqual([
      "/admittingDiagnosis/code",
    ]);
  });

  it("warns CODESET_UNAVAILABLE once, never passes silently, without a code set", () => {
    const encounter = professional();
    encounter.diagnoses[1] = { code: "NOT-A-CODE" };
    const { icd10: _icd, ...others } = fixtureCodeSets();
    const edits = scrub(encounter, context({ codeSets: others }));
    expectOne(edits, {
      code: "CODESET_UNAVAILABLE",
      owner: "coding",
      severity: "warning",
      path: "/diagnoses/0/code",
    });
    expect(edits.filter((e) => e.code.startsWith("ICD10"))).toEqual([]);
  });

  it("warns CODESET_UNAVAILABLE when no loaded release covers the date of service", () => {
    const encounter = professional();
    for (const line of encounter.serviceLines) line.serviceDate = "2025-09-30";
    const edits = scrub(encounter, context());
    expect(edits.filter((e) => e.code === "CODESET_UNAVAILABLE").map((e) => e.path)).toEqual([
      "/diagnoses/0/code",
      "/serviceLines/1/procedureCode",
    ]);
  });

  it("stays silent for billable codes", () => {
    expect(scrubFor(institutional(), "ICD10_UNKNOWN")).toEqual([]);
    expect(scrubFor(institutional(), "ICD10_NOT_BILLABLE")).toEqual([]);
  });
});

describe("present-on-admission indicator", () => {
  it.each(["X", "y", "0"])("fires for %j", (poa) => {
    const encounter = institutional();
    encounter.otherDiagnoses![0]!.presentOnAdmission = poa;
    expectOne(scrub(encounter, context()), {
      code: "POA_INVALID",
      owner: "coding",
      severity: "error",
      path: "/otherDiagnoses/0/presentOnAdmission",
    });
  });

  it.each(["Y", "N", "U", "W", "1"])("stays silent for %j", (poa) => {
    const encounter = institutional();
    encounter.principalDiagnosis!.presentOnAdmission = poa;
    expect(scrubFor(encounter, "POA_INVALID")).toEqual([]);
  });
});

describe("diagnosis pointers", () => {
  it("fires when a line points at no diagnosis", () => {
    const encounter = professional();
    encounter.serviceLines[2]!.diagnosisPointers = [];
    expectOne(scrub(encounter, context()), {
      code: "DIAGNOSIS_POINTER_MISSING",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/2/diagnosisPointers",
    });
  });

  it("fires for a pointer past the diagnoses or below 1", () => {
    const encounter = professional();
    encounter.serviceLines[0]!.diagnosisPointers = [1, 3];
    encounter.serviceLines[1]!.diagnosisPointers = [0];
    expect(
      scrubFor(encounter, "DIAGNOSIS_POINTER_INVALID").map((e) => [e.path, e.owner, e.severity]),
    ).toEqual([
      ["/serviceLines/0/diagnosisPointers/1", "coding", "error"],
      ["/serviceLines/1/diagnosisPointers/0", "coding", "error"],
    ]);
  });

  it("fires for more than 4 pointers and stays silent at 4", () => {
    const encounter = professional();
    encounter.diagnoses = ["E119", "I10", "J069", "H6691", "R079"].map((code) => ({ code }));
    encounter.serviceLines[0]!.diagnosisPointers = [1, 2, 3, 4, 5];
    expectOne(scrub(encounter, context()), {
      code: "DIAGNOSIS_POINTER_TOO_MANY",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/0/diagnosisPointers",
    });
    encounter.serviceLines[0]!.diagnosisPointers = [5, 4, 3, 2];
    expect(scrub(encounter, context())).toEqual([]);
  });
});

describe("procedure codes: CPT by shape, HCPCS Level II in the code set", () => {
  it("knows the shapes", () => {
    expect(
      ["99213", "3044F", "0042T", "0001U", "J1100", "9921", "992133", "J110", "j1100", "0001X"].map(
        procedureKind,
      ),
    ).toEqual([
      "cpt",
      "cpt",
      "cpt",
      "cpt",
      "hcpcs",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
    ]);
  });

  it("fires for a code of neither shape", () => {
    const encounter = professional();
    encounter.serviceLines[0]!.procedureCode = "9921";
    expectOne(scrub(encounter, context()), {
      code: "PROCEDURE_CODE_FORMAT",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/0/procedureCode",
    });
  });

  it("fires for a HCPCS code not in the set, or not in effect on the date", () => {
    const encounter = professional();
    encounter.serviceLines[1]!.procedureCode = "J9999";
    expectOne(scrub(encounter, context()), {
      code: "HCPCS_UNKNOWN",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/1/procedureCode",
    });
    encounter.serviceLines[1]!.procedureCode = "G0000"; // terminated 2025-12-31
    expectOne(scrub(encounter, context()), {
      code: "HCPCS_NOT_EFFECTIVE",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/1/procedureCode",
    });
  });

  it("stays silent for CPT codes (licensed: shape only) and HCPCS codes in effect", () => {
    const encounter = institutional("institutional-outpatient.json");
    for (const code of ["PROCEDURE_CODE_FORMAT", "HCPCS_UNKNOWN", "HCPCS_NOT_EFFECTIVE"]) {
      expect(scrubFor(encounter, code)).toEqual([]);
      expect(scrubFor(professional("professional-replacement.json"), code)).toEqual([]);
    }
  });
});

describe("modifiers", () => {
  it("fires for a modifier that is not two capital letters or digits", () => {
    const encounter = professional();
    encounter.serviceLines[0]!.modifiers = ["25", "r"];
    expectOne(scrub(encounter, context()), {
      code: "MODIFIER_FORMAT",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/0/modifiers/1",
    });
  });

  it("fires for more than 4 modifiers, silent at 4", () => {
    const encounter = institutional("institutional-outpatient.json");
    encounter.serviceLines[1]!.modifiers = ["91", "59", "XU", "QW", "GA"];
    expectOne(scrub(encounter, context()), {
      code: "MODIFIER_TOO_MANY",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/1/modifiers",
    });
    encounter.serviceLines[1]!.modifiers = ["91", "59", "XU", "QW"];
    expect(scrub(encounter, context())).toEqual([]);
  });
});

describe("revenue codes (837I)", () => {
  it.each(["450", "04500", "045A"])("fires for %j", (revenueCode) => {
    const encounter = institutional();
    encounter.serviceLines[1]!.revenueCode = revenueCode;
    expectOne(scrub(encounter, context()), {
      code: "REVENUE_CODE_FORMAT",
      owner: "coding",
      severity: "error",
      path: "/serviceLines/1/revenueCode",
    });
  });

  it("stays silent for four digits", () => {
    expect(scrubFor(institutional(), "REVENUE_CODE_FORMAT")).toEqual([]);
  });
});

describe("place of service (CMS list)", () => {
  it("fires for a claim or line place not on the list", () => {
    const encounter = professional();
    encounter.placeOfService = "28";
    encounter.serviceLines[1]!.placeOfService = "1";
    expect(
      scrubFor(encounter, "PLACE_OF_SERVICE_INVALID").map((e) => [e.path, e.owner, e.severity]),
    ).toEqual([
      ["/placeOfService", "submission", "error"],
      ["/serviceLines/1/placeOfService", "submission", "error"],
    ]);
  });

  it("stays silent for listed codes", () => {
    const encounter = professional();
    encounter.serviceLines[1]!.placeOfService = "21";
    expect(scrubFor(encounter, "PLACE_OF_SERVICE_INVALID")).toEqual([]);
  });
});
