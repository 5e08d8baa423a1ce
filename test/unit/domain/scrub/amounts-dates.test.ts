import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysBetween, isValidIsoDate } from "../../../../src/domain/iso-date.js";
import { scrub } from "../../../../src/domain/scrub/index.js";
import { context, expectOne, institutional, professional, scrubFor } from "./fixtures.js";

describe("units and charges", () => {
  it.each([0, -1])("fires for units %d", (units) => {
    const encounter = professional();
    encounter.serviceLines[1]!.units = units;
    expectOne(scrub(encounter, context()), {
      code: "UNITS_NOT_POSITIVE",
      owner: "submission",
      severity: "error",
      path: "/serviceLines/1/units",
    });
  });

  it("stays silent for fractional units above zero", () => {
    const encounter = professional();
    encounter.serviceLines[1]!.units = 0.5;
    expect(scrubFor(encounter, "UNITS_NOT_POSITIVE")).toEqual([]);
  });

  it.each([0, -500])("fires for a line charge of %d cents", (chargeCents) => {
    const encounter = institutional();
    encounter.serviceLines[2]!.chargeCents = chargeCents;
    delete encounter.totalChargeCents;
    expectOne(scrub(encounter, context()), {
      code: "LINE_CHARGE_NOT_POSITIVE",
      owner: "submission",
      severity: "error",
      path: "/serviceLines/2/chargeCents",
    });
  });

  it("fires when the claim total is not the sum of the lines", () => {
    const encounter = professional();
    encounter.totalChargeCents = 18500;
    expectOne(scrub(encounter, context()), {
      code: "CLAIM_TOTAL_MISMATCH",
      owner: "submission",
      severity: "error",
      path: "/totalChargeCents",
    });
  });

  it("stays silent when the total adds up or is not sent", () => {
    expect(scrubFor(professional(), "CLAIM_TOTAL_MISMATCH")).toEqual([]);
    expect(scrubFor(professional("professional-replacement.json"), "CLAIM_TOTAL_MISMATCH")).toEqual(
      [],
    );
  });
});

describe("ISO dates", () => {
  it("knows real calendar dates", () => {
    expect(
      [
        "2026-02-28",
        "2024-02-29",
        "2026-02-29",
        "2026-13-01",
        "2026-1-01",
        "20260101",
        20260101,
      ].map(isValidIsoDate),
    ).toEqual([true, true, false, false, false, false, false]);
    expect(daysBetween("2026-02-10", "2026-05-02")).toBe(81);
    expect(daysBetween("2026-03-08", "2026-03-09")).toBe(1); // across a DST change, still 1
  });

  it("agrees with the calendar for any pair of dates", () => {
    const day = fc.integer({
      min: Date.UTC(1900, 0, 1) / 86_400_000,
      max: Date.UTC(9999, 11, 31) / 86_400_000,
    });
    const iso = (n: number) => {
      const d = new Date(n * 86_400_000);
      return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
    };
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(isValidIsoDate(iso(a))).toBe(true);
        expect(daysBetween(iso(a), iso(b))).toBe(b - a);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe("dates valid, not in the future, not before birth", () => {
  it("fires for a date that is not a calendar date", () => {
    const encounter = professional();
    encounter.serviceLines[0]!.serviceDate = "2026-02-30";
    expectOne(scrub(encounter, context()), {
      code: "DATE_INVALID",
      owner: "submission",
      severity: "error",
      path: "/serviceLines/0/serviceDate",
    });
  });

  it("fires for a date of service or birth after today", () => {
    const encounter = institutional();
    encounter.statementThrough = "2026-03-16";
    encounter.subscriber.birthDate = "2026-04-01";
    expect(scrubFor(encounter, "DATE_IN_FUTURE").map((e) => [e.path, e.owner, e.severity])).toEqual(
      [
        ["/subscriber/birthDate", "submission", "error"],
        ["/statementThrough", "submission", "error"],
      ],
    );
  });

  it("stays silent for today itself", () => {
    const encounter = professional();
    for (const line of encounter.serviceLines) line.serviceDate = "2026-03-15";
    expect(scrubFor(encounter, "DATE_IN_FUTURE")).toEqual([]);
  });

  it("fires for a date of service before the patient's birth (the dependent, not the subscriber)", () => {
    const encounter = professional("professional-dependent.json");
    encounter.patient!.birthDate = "2026-02-21";
    encounter.serviceLines[1]!.serviceDate = "2026-02-21";
    expectOne(scrub(encounter, context()), {
      code: "DATE_BEFORE_BIRTH",
      owner: "submission",
      severity: "error",
      path: "/serviceLines/0/serviceDate",
    });
    encounter.patient!.birthDate = "2026-02-20";
    expect(scrubFor(encounter, "DATE_BEFORE_BIRTH")).toEqual([]);
  });

  it("fires for a range that ends before it starts", () => {
    const encounter = professional();
    encounter.serviceLines[0]!.serviceDateEnd = "2026-02-09";
    expectOne(scrub(encounter, context()), {
      code: "DATE_RANGE_REVERSED",
      owner: "submission",
      severity: "error",
      path: "/serviceLines/0/serviceDateEnd",
    });
    const bill = institutional();
    bill.statementFrom = "2026-02-07";
    delete bill.admission; // keep the test to the one edit
    bill.typeOfBill = "0131";
    expect(scrubFor(bill, "DATE_RANGE_REVERSED").map((e) => e.path)).toEqual(["/statementThrough"]);
  });

  it("stays silent for a one-day range", () => {
    const encounter = professional();
    encounter.serviceLines[0]!.serviceDateEnd = "2026-02-10";
    expect(scrub(encounter, context())).toEqual([]);
  });
});

describe("statement dates enclose service dates (837I)", () => {
  it("fires for a line dated outside the statement period", () => {
    const encounter = institutional();
    encounter.serviceLines[1]!.serviceDate = "2026-02-07";
    expectOne(scrub(encounter, context()), {
      code: "STATEMENT_DATES_EXCLUDE_SERVICE",
      owner: "submission",
      severity: "error",
      path: "/serviceLines/1/serviceDate",
    });
  });

  it("stays silent for lines on the first and last day", () => {
    const encounter = institutional();
    encounter.serviceLines[0]!.serviceDate = "2026-02-02";
    encounter.serviceLines[1]!.serviceDate = "2026-02-06";
    expect(scrub(encounter, context())).toEqual([]);
  });
});

describe("timely filing", () => {
  const ninetyDays = {
    payerRules: { defaultTimelyFilingDays: 365, payers: { EXHP1: { timelyFilingDays: 90 } } },
  };

  it("errors past the payer's limit, counting from the earliest date of service", () => {
    expectOne(scrub(professional(), context({ ...ninetyDays, today: "2026-05-12" })), {
      code: "TIMELY_FILING_EXPIRED",
      owner: "timely_filing",
      severity: "error",
      path: "/serviceLines/0/serviceDate",
    });
  });

  it("warns from 90% of the limit up to the limit itself", () => {
    for (const today of ["2026-05-02", "2026-05-11"]) {
      expectOne(scrub(professional(), context({ ...ninetyDays, today })), {
        code: "TIMELY_FILING_NEAR",
        owner: "timely_filing",
        severity: "warning",
        path: "/serviceLines/0/serviceDate",
      });
    }
  });

  it("stays silent before 90% of the limit", () => {
    expect(scrub(professional(), context({ ...ninetyDays, today: "2026-05-01" }))).toEqual([]);
  });

  it("uses 365 days when neither the payer nor the default has a limit", () => {
    const ctx = (today: string) => context({ payerRules: {}, today });
    expect(scrubFor(professional(), "TIMELY_FILING_EXPIRED", ctx("2027-02-10"))).toEqual([]);
    expect(scrubFor(professional(), "TIMELY_FILING_EXPIRED", ctx("2027-02-11"))).toHaveLength(1);
    expect(scrubFor(professional(), "TIMELY_FILING_NEAR", ctx("2027-01-05"))).toHaveLength(1); // day 329
    expect(scrubFor(professional(), "TIMELY_FILING_NEAR", ctx("2027-01-04"))).toEqual([]); // day 328
  });

  it("counts an institutional claim from the statement's through date", () => {
    const edits = scrub(institutional(), context({ today: "2027-02-07" }));
    expectOne(edits, {
      code: "TIMELY_FILING_EXPIRED",
      owner: "timely_filing",
      severity: "error",
      path: "/statementThrough",
    });
  });
});
