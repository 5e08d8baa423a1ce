import { describe, expect, it } from "vitest";
import { scrub } from "../../../../src/domain/scrub/index.js";
import { context, expectOne, institutional, scrubFor } from "./fixtures.js";

describe("type of bill", () => {
  it.each(["111", "1111", "01110", "0a11", ""])(
    "fires TYPE_OF_BILL_FORMAT for %j",
    (typeOfBill) => {
      const encounter = institutional("institutional-outpatient.json");
      encounter.typeOfBill = typeOfBill;
      expectOne(scrub(encounter, context()), {
        code: "TYPE_OF_BILL_FORMAT",
        owner: "submission",
        severity: "error",
        path: "/typeOfBill",
      });
    },
  );

  it("fires when its frequency differs from the claim frequency code", () => {
    const encounter = institutional("institutional-outpatient.json");
    encounter.typeOfBill = "0137";
    expectOne(scrub(encounter, context()), {
      code: "TYPE_OF_BILL_FREQUENCY_MISMATCH",
      owner: "submission",
      severity: "error",
      path: "/typeOfBill",
    });
  });

  it("stays silent when they agree, including a replacement bill", () => {
    const encounter = institutional("institutional-outpatient.json");
    encounter.typeOfBill = "0137";
    encounter.frequencyCode = "7";
    encounter.originalPayerClaimNumber = "EXHP2026021400001";
    expect(scrub(encounter, context())).toEqual([]);
  });
});

describe("admission data on inpatient bills (TOB 011x)", () => {
  it("fires for each missing field", () => {
    const encounter = institutional();
    encounter.admission = { date: "2026-02-02" };
    const edits = scrub(encounter, context());
    expectOne(edits, {
      code: "ADMISSION_TYPE_MISSING",
      owner: "submission",
      severity: "error",
      path: "/admission/typeCode",
    });
    expectOne(edits, {
      code: "ADMISSION_SOURCE_MISSING",
      owner: "submission",
      severity: "error",
      path: "/admission/sourceCode",
    });
    expect(edits).toHaveLength(2);
  });

  it("fires for all three when the admission is missing", () => {
    const encounter = institutional();
    delete encounter.admission;
    const edits = scrub(encounter, context());
    expectOne(edits, {
      code: "ADMISSION_DATE_MISSING",
      owner: "submission",
      severity: "error",
      path: "/admission/date",
    });
    expect(edits.map((e) => e.code)).toEqual([
      "ADMISSION_DATE_MISSING",
      "ADMISSION_TYPE_MISSING",
      "ADMISSION_SOURCE_MISSING",
    ]);
  });

  it("stays silent for an outpatient bill without admission data", () => {
    const encounter = institutional("institutional-outpatient.json");
    expect(encounter.admission).toBeUndefined();
    for (const code of [
      "ADMISSION_DATE_MISSING",
      "ADMISSION_TYPE_MISSING",
      "ADMISSION_SOURCE_MISSING",
    ]) {
      expect(scrubFor(encounter, code)).toEqual([]);
    }
  });
});

describe("patient's reason for visit on unscheduled outpatient visits (REASON_FOR_VISIT_MISSING)", () => {
  it("stays silent on the outpatient example, which gives one", () => {
    const encounter = institutional("institutional-outpatient.json");
    expect(encounter.reasonForVisit).toHaveLength(1);
    expect(scrubFor(encounter, "REASON_FOR_VISIT_MISSING")).toEqual([]);
  });

  it("fires for an emergency room revenue code without one", () => {
    const encounter = institutional("institutional-outpatient.json");
    delete encounter.reasonForVisit;
    expectOne(scrub(encounter, context()), {
      code: "REASON_FOR_VISIT_MISSING",
      owner: "coding",
      severity: "error",
      path: "/reasonForVisit",
    });
  });

  it("fires for an urgent or emergency admission or visit type, stays silent for a scheduled visit and for inpatient bills", () => {
    const encounter = institutional("institutional-outpatient.json");
    delete encounter.reasonForVisit;
    for (const line of encounter.serviceLines) line.revenueCode = "0300";
    encounter.visit = { typeCode: "3", sourceCode: "1" };
    expect(scrubFor(encounter, "REASON_FOR_VISIT_MISSING")).toEqual([]);
    encounter.visit = { typeCode: "1", sourceCode: "1" };
    expect(scrubFor(encounter, "REASON_FOR_VISIT_MISSING")).toHaveLength(1);
    delete encounter.visit;
    expect(scrubFor(encounter, "REASON_FOR_VISIT_MISSING")).toEqual([]);
    encounter.admission = { date: encounter.statementFrom, typeCode: "2" };
    expect(scrubFor(encounter, "REASON_FOR_VISIT_MISSING")).toHaveLength(1);
    expect(scrubFor(institutional(), "REASON_FOR_VISIT_MISSING")).toEqual([]);
  });
});
