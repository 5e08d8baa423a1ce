import { describe, expect, it } from "vitest";
import { claimFingerprint, patientKey, scrub } from "../../../../src/domain/scrub/index.js";
import { context, expectOne, institutional, professional, scrubFor } from "./fixtures.js";

describe("patient loop when the patient is not the subscriber", () => {
  it("fires when the relationship is not self and no patient is given", () => {
    const encounter = professional("professional-dependent.json");
    delete encounter.patient;
    expectOne(scrub(encounter, context()), {
      code: "PATIENT_MISSING",
      owner: "submission",
      severity: "error",
      path: "/patient",
    });
  });

  it("stays silent for a dependent with patient data and for self", () => {
    expect(scrubFor(professional("professional-dependent.json"), "PATIENT_MISSING")).toEqual([]);
    expect(scrubFor(professional(), "PATIENT_MISSING")).toEqual([]);
  });
});

describe("payer known to a trading partner", () => {
  it("fires for a payer id no partner routes", () => {
    const encounter = professional();
    encounter.payer.id = "NOPE1";
    expectOne(scrub(encounter, context()), {
      code: "PAYER_UNKNOWN",
      owner: "payer_setup",
      severity: "error",
      path: "/payer/id",
    });
  });

  it("accepts the known ids as a set or a list", () => {
    expect(
      scrubFor(professional(), "PAYER_UNKNOWN", context({ knownPayerIds: ["EXHP1"] })),
    ).toEqual([]);
    expect(scrubFor(professional(), "PAYER_UNKNOWN", context({ knownPayerIds: [] }))).toHaveLength(
      1,
    );
  });
});

describe("replacement and void need the original payer claim number", () => {
  it.each(["7", "8"])("fires for frequency %s without it", (frequency) => {
    const encounter = professional("professional-replacement.json");
    encounter.frequencyCode = frequency;
    delete encounter.originalPayerClaimNumber;
    expectOne(scrub(encounter, context()), {
      code: "ORIGINAL_CLAIM_NUMBER_MISSING",
      owner: "submission",
      severity: "error",
      path: "/originalPayerClaimNumber",
    });
  });

  it("stays silent for a replacement with it, and for an original", () => {
    expect(
      scrubFor(professional("professional-replacement.json"), "ORIGINAL_CLAIM_NUMBER_MISSING"),
    ).toEqual([]);
    expect(scrubFor(professional(), "ORIGINAL_CLAIM_NUMBER_MISSING")).toEqual([]);
  });
});

describe("secondary claims carry the prior payer", () => {
  it("fires for a secondary claim without other payers", () => {
    const encounter = professional("professional-secondary-cob.json");
    delete encounter.otherPayers;
    expectOne(scrub(encounter, context()), {
      code: "OTHER_PAYER_MISSING",
      owner: "submission",
      severity: "error",
      path: "/otherPayers",
    });
  });

  it("stays silent for the COB example and for a primary claim", () => {
    expect(
      scrubFor(professional("professional-secondary-cob.json"), "OTHER_PAYER_MISSING"),
    ).toEqual([]);
    expect(scrubFor(professional(), "OTHER_PAYER_MISSING")).toEqual([]);
  });
});

describe("duplicate of a claim already submitted", () => {
  const prior = (name = "professional-office-visit.json") => {
    const e = professional(name);
    return { claimId: "c-1", patientControlNumber: "PCN-OLD-1", fingerprint: claimFingerprint(e) };
  };

  it("fires when patient, provider, dates and codes match a prior claim", () => {
    const encounter = professional();
    encounter.serviceLines.reverse(); // line order does not make a different claim
    encounter.serviceLines[0]!.chargeCents += 100; // nor does the charge
    delete encounter.totalChargeCents;
    expectOne(scrub(encounter, context({ priorClaims: [prior()] })), {
      code: "DUPLICATE_CLAIM",
      owner: "submission",
      severity: "error",
      path: "/serviceLines",
    });
  });

  it("stays silent for other dates, codes, patients or providers", () => {
    const ctx = context({ priorClaims: [prior()] });
    const otherDate = professional();
    otherDate.serviceLines[0]!.serviceDate = "2026-02-11";
    const otherCode = professional();
    otherCode.serviceLines[0]!.modifiers = [];
    const otherPatient = professional();
    otherPatient.subscriber.birthDate = "1980-04-13";
    const otherProvider = professional();
    otherProvider.billingProvider.npi = "1666666668";
    for (const e of [otherDate, otherCode, otherPatient, otherProvider]) {
      expect(scrubFor(e, "DUPLICATE_CLAIM", ctx)).toEqual([]);
    }
  });

  it("stays silent for a replacement and for the same claim scrubbed again", () => {
    const replacement = professional("professional-replacement.json");
    const same = {
      claimId: "c-2",
      patientControlNumber: "PCN-OLD-2",
      fingerprint: claimFingerprint(replacement),
    };
    expect(scrubFor(replacement, "DUPLICATE_CLAIM", context({ priorClaims: [same] }))).toEqual([]);
    const again = professional();
    const self = { ...prior(), patientControlNumber: again.patientControlNumber };
    expect(scrubFor(again, "DUPLICATE_CLAIM", context({ priorClaims: [self] }))).toEqual([]);
  });

  it("fingerprints without PHI in the clear", () => {
    const fingerprint = claimFingerprint(professional());
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(patientKey(professional())).toBe("XJD123456789|DOE|JANE|1980-04-12");
    expect(patientKey(professional("professional-dependent.json"))).toBe(
      "XJD987654321|DOE|SAM|2016-06-01",
    );
  });
});

describe("coverage on the date of service", () => {
  const key = patientKey(professional());

  it("fires when the payer reported the coverage inactive", () => {
    const ctx = context({ eligibility: [{ patientKey: key, payerId: "EXHP1", active: false }] });
    expectOne(scrub(professional(), ctx), {
      code: "COVERAGE_INACTIVE",
      owner: "eligibility",
      severity: "error",
      path: "/subscriber/memberId",
    });
  });

  it("fires for a line outside the reported coverage dates", () => {
    const encounter = professional();
    encounter.serviceLines[2]!.serviceDate = "2026-01-31";
    const ctx = context({
      eligibility: [
        { patientKey: key, payerId: "EXHP1", active: true, coverageFrom: "2026-02-01" },
      ],
    });
    expectOne(scrub(encounter, ctx), {
      code: "COVERAGE_INACTIVE",
      owner: "eligibility",
      severity: "error",
      path: "/serviceLines/2/serviceDate",
    });
  });

  it("stays silent when covered, when there is no answer, or the answer is for another payer", () => {
    const covered = [
      {
        patientKey: key,
        payerId: "EXHP1",
        active: true,
        coverageFrom: "2026-01-01",
        coverageThrough: "2026-12-31",
      },
    ];
    expect(
      scrubFor(professional(), "COVERAGE_INACTIVE", context({ eligibility: covered })),
    ).toEqual([]);
    expect(scrubFor(professional(), "COVERAGE_INACTIVE")).toEqual([]);
    const other = [{ patientKey: key, payerId: "EXMCD", active: false }];
    expect(scrubFor(professional(), "COVERAGE_INACTIVE", context({ eligibility: other }))).toEqual(
      [],
    );
  });
});

describe("prior authorization required by the payer", () => {
  const rules = { payers: { EXHP1: { authorizationRequired: ["73610", "71046"] } } };

  it("fires for a procedure that needs one when none is given", () => {
    expectOne(
      scrub(professional("professional-replacement.json"), context({ payerRules: rules })),
      {
        code: "AUTHORIZATION_MISSING",
        owner: "authorization",
        severity: "error",
        path: "/serviceLines/1/procedureCode",
      },
    );
    expectOne(
      scrub(institutional("institutional-outpatient.json"), context({ payerRules: rules })),
      {
        code: "AUTHORIZATION_MISSING",
        owner: "authorization",
        severity: "error",
        path: "/serviceLines/2/procedureCode",
      },
    );
  });

  it("matches the payer's list however its codes are written", () => {
    const loose = { payers: { EXHP1: { authorizationRequired: [" l4361 "] } } };
    const edits = scrubFor(
      professional("professional-replacement.json"),
      "AUTHORIZATION_MISSING",
      context({ payerRules: loose }),
    );
    expect(edits.map((e) => e.path)).toEqual(["/serviceLines/2/procedureCode"]);
  });

  it("stays silent with an authorization number, or for a payer without the rule", () => {
    const withAuth = professional("professional-replacement.json");
    withAuth.priorAuthorizationNumber = "AUTH1";
    expect(scrubFor(withAuth, "AUTHORIZATION_MISSING", context({ payerRules: rules }))).toEqual([]);
    const otherPayer = professional("professional-replacement.json");
    otherPayer.payer.id = "EXMCD";
    expect(scrubFor(otherPayer, "AUTHORIZATION_MISSING", context({ payerRules: rules }))).toEqual(
      [],
    );
  });
});
