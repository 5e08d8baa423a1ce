import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAdjustmentCodeList } from "../../../src/domain/codesets/index.js";
import { remittanceOutcome } from "../../../src/domain/remit-outcome.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { allAdjustments, read835 } from "../../../src/x12/transactions/835.js";
import type {
  Adjustment,
  AdjustmentGroup,
  ClaimPayment,
  RemarkCode,
  ServicePayment,
} from "../../../src/x12/transactions/835.js";
import { CORPUS } from "../x12/transactions/helpers.js";

const cas = (group: AdjustmentGroup, reason: string, amountCents: number): Adjustment => ({
  group,
  reason,
  amountCents,
});

const lq = (code: string, qualifier = "HE"): RemarkCode => ({ code, source: "LQ", qualifier });

let nextPosition = 10;
function line(
  chargeCents: number,
  paidCents: number,
  adjustments: Adjustment[],
  remarks: RemarkCode[] = [],
): ServicePayment {
  nextPosition += 3;
  return {
    position: nextPosition,
    procedure: { qualifier: "HC", code: "99213", modifiers: [] },
    chargeCents,
    paidCents,
    adjustments,
    remarks,
    amounts: [],
    references: [],
  };
}

/** A claim payment that balances: CLP03 − Σ CAS (claim and lines) = CLP04. */
function claim(
  statusCode: string,
  services: ServicePayment[],
  adjustments: Adjustment[] = [],
  paidCents?: number,
): ClaimPayment {
  const charge = services.reduce((total, s) => total + s.chargeCents, 0) || 10000;
  const all = [...adjustments, ...services.flatMap((s) => s.adjustments)];
  const paid = paidCents ?? charge - all.reduce((total, a) => total + a.amountCents, 0);
  const pr = all.filter((a) => a.group === "PR").reduce((total, a) => total + a.amountCents, 0);
  return {
    position: 5,
    patientControlNumber: "PCN1",
    statusCode,
    chargeCents: charge,
    paidCents: paid,
    patientResponsibilityCents: pr,
    isReversal: statusCode === "22",
    adjustments,
    remarks: [],
    parties: [],
    dates: [],
    amounts: [],
    references: [],
    services,
  };
}

describe("remittanceOutcome: hand-made claim payments", () => {
  it("paid in full: only a contractual write-off (CO-45)", () => {
    const result = remittanceOutcome(claim("1", [line(10000, 8000, [cas("CO", "45", 2000)])]));
    expect(result).toMatchObject({
      outcome: "paid",
      deniedCents: 0,
      contractualCents: 2000,
      patientResponsibilityCents: 0,
    });
    expect(result.primaryOwner).toBeUndefined();
    expect(result.primaryReason).toBeUndefined();
    expect(result.owners).toEqual([
      expect.objectContaining({ owner: "contractual", amountCents: 2000, deniedCents: 0 }),
    ]);
  });

  it("accepted and paid $0, all to the deductible: PAID (a patient balance), not denied", () => {
    const result = remittanceOutcome(claim("1", [line(10000, 0, [cas("PR", "1", 10000)])]));
    expect(result.outcome).toBe("paid");
    expect(result.patientResponsibilityCents).toBe(10000);
    expect(result.deniedCents).toBe(0);
    expect(result.primaryOwner).toBeUndefined();
  });

  it("deductible, coinsurance and copay with CO-45 on several lines: paid, buckets add up", () => {
    const payment = claim("1", [
      line(20000, 9000, [cas("CO", "45", 5000), cas("PR", "1", 4000), cas("PR", "2", 2000)]),
      line(5000, 2500, [cas("PR", "3", 2500)]),
    ]);
    const result = remittanceOutcome(payment);
    expect(result).toMatchObject({
      outcome: "paid",
      patientResponsibilityCents: 8500,
      contractualCents: 5000,
    });
    expect(result.owners.map((share) => share.owner)).toEqual([
      "patient_responsibility",
      "contractual",
    ]);
  });

  it("partially paid: one line paid with CO-45, the other denied CO-50 (coding)", () => {
    const result = remittanceOutcome(
      claim("1", [
        line(7000, 6000, [cas("CO", "45", 1000)]),
        line(3000, 0, [cas("CO", "50", 3000)]),
      ]),
    );
    expect(result).toMatchObject({
      outcome: "partially_paid",
      deniedCents: 3000,
      contractualCents: 1000,
      primaryOwner: "coding",
      primaryReason: expect.stringMatching(/medically necessary/),
    });
    const coding = result.owners.find((share) => share.owner === "coding");
    expect(coding?.reasons[0]).toMatch(/medically necessary/);
    expect(result.adjustments.map((a) => a.level)).toEqual(["line", "line"]);
  });

  it("processed but paid nothing with denials left: denied, owner of the largest denial", () => {
    const result = remittanceOutcome(
      claim("1", [
        line(7000, 0, [cas("CO", "29", 7000)]),
        line(3000, 0, [cas("CO", "16", 3000)], [lq("M76")]),
      ]),
    );
    expect(result).toMatchObject({
      outcome: "denied",
      deniedCents: 10000,
      primaryOwner: "timely_filing",
      primaryReason: expect.stringMatching(/filing deadline/),
    });
    // The line's LQ remark turned CO-16 into a coding problem.
    expect(result.owners.map((share) => share.owner)).toEqual(["timely_filing", "coding"]);
  });

  it("CLP02 = 4 is denied whatever the amounts: CO-197 → authorization", () => {
    const result = remittanceOutcome(claim("4", [], [cas("CO", "197", 10000)]));
    expect(result).toMatchObject({ outcome: "denied", primaryOwner: "authorization" });
    expect(result.adjustments[0]).toMatchObject({ level: "claim", reason: "197" });
  });

  it("CLP02 = 4 with only a PR adjustment: denied, owned by the root cause (eligibility)", () => {
    const result = remittanceOutcome(claim("4", [], [cas("PR", "27", 10000)]));
    expect(result).toMatchObject({
      outcome: "denied",
      deniedCents: 0,
      patientResponsibilityCents: 10000,
      primaryOwner: "eligibility",
    });
  });

  it("CLP02 = 4 without any adjustment still gets an owner (the OA default)", () => {
    const result = remittanceOutcome(claim("4", [], [], 0));
    expect(result.outcome).toBe("denied");
    expect(result.primaryOwner).toBe("submission");
    expect(result.primaryReason).toMatch(/not in our mapping/);
  });

  it("a duplicate (OA-18) paid nothing: denied, submission", () => {
    const result = remittanceOutcome(claim("1", [line(10000, 0, [cas("OA", "18", 10000)])]));
    expect(result).toMatchObject({ outcome: "denied", primaryOwner: "submission" });
  });

  it("CLP02 = 22 is a reversal: negated amounts, no denial owner", () => {
    const reversal = claim("22", [line(-10000, -8000, [cas("CO", "45", -2000)])], [], -8000);
    const result = remittanceOutcome(reversal);
    expect(result).toMatchObject({ outcome: "reversed", contractualCents: -2000 });
    expect(result.primaryOwner).toBeUndefined();
  });

  it("a secondary payment with the prior payer's share (OA-23) is paid, not partially", () => {
    const result = remittanceOutcome(claim("2", [line(10000, 1500, [cas("OA", "23", 8500)])]));
    expect(result.outcome).toBe("paid");
    expect(result.owners[0]).toMatchObject({ owner: "coordination_of_benefits", deniedCents: 0 });
  });

  it("claim-level remarks (MOA) explain line adjustments; NCPDP (LQ*RX) codes are not RARCs", () => {
    const base = claim("1", [line(10000, 0, [cas("CO", "16", 10000)], [lq("M51", "RX")])]);
    expect(remittanceOutcome(base).adjustments[0]!.cause.rule).toBe("*-16");
    const withMoa: ClaimPayment = { ...base, remarks: [{ code: "MA04", source: "MOA" }] };
    const result = remittanceOutcome(withMoa);
    expect(result.adjustments[0]!.remarks).toEqual(["MA04"]);
    expect(result.primaryOwner).toBe("coordination_of_benefits");
  });
});

describe("published CARC/RARC text", () => {
  // Small lists written for the test, in the codesets/ CSV format.
  const carc = parseAdjustmentCodeList(
    "code,description,start,stop\n50,Not deemed a medical necessity by the payer.,1995-01-01,\n",
    "CARC",
  );
  const rarc = parseAdjustmentCodeList(
    "code,description,start,stop\nN115,Decision based on a Local Coverage Determination.,2004-01-01,\n",
    "RARC",
  );
  const payment = claim("1", [line(5000, 0, [cas("CO", "50", 5000)], [lq("N115"), lq("M15")])]);

  it("is attached when the lists are loaded, and only for codes they hold", () => {
    const [adjustment] = remittanceOutcome(payment, { codeSets: { carc, rarc } }).adjustments;
    expect(adjustment!.carcDescription).toMatch(/medical necessity/);
    expect(adjustment!.remarkDescriptions).toEqual({
      N115: "Decision based on a Local Coverage Determination.",
    });
  });

  it("is left out when no list is given; the owner and our reason are there regardless", () => {
    const [adjustment] = remittanceOutcome(payment).adjustments;
    expect(adjustment!.carcDescription).toBeUndefined();
    expect(adjustment!.remarkDescriptions).toBeUndefined();
    expect(adjustment!.cause.owner).toBe("coding");
  });
});

function corpusClaims(name: string): ClaimPayment[] {
  const file = path.join(CORPUS, "835", name);
  return readInterchanges(readFileSync(file)).flatMap((interchange) =>
    interchange.groups.flatMap((group) =>
      group.transactionSets.flatMap((set) => read835(set, interchange.delimiters).claims),
    ),
  );
}

const byPcn = (claims: ClaimPayment[], pcn: string): ClaimPayment => {
  const found = claims.find((c) => c.patientControlNumber === pcn);
  expect(found).toBeDefined();
  return found!;
};

describe("remittanceOutcome on the public 835 samples (checked by hand)", () => {
  const files = readdirSync(path.join(CORPUS, "835")).filter((name) => !name.startsWith("."));

  it.each(files)("%s: every claim is paid; PR adjustments = CLP05; owners = Σ CAS", (name) => {
    const claims = corpusClaims(name);
    expect(claims.length).toBeGreaterThan(0);
    for (const payment of claims) {
      const result = remittanceOutcome(payment);
      // None of the samples carries a denial: contractual, patient and prior-payer adjustments.
      expect(result.outcome).toBe("paid");
      expect(result.deniedCents).toBe(0);
      expect(result.patientResponsibilityCents).toBe(payment.patientResponsibilityCents);
      const owned = result.owners.reduce((total, share) => total + share.amountCents, 0);
      const cas = allAdjustments(payment).reduce((total, a) => total + a.amountCents, 0);
      expect(owned).toBe(cas);
    }
  });

  it("managed care: CO-A2 contractual at claim level, PR-1 deductible and CO-45 on the line", () => {
    const claims = corpusClaims("linuxforhealth__managed-care.835");
    expect(remittanceOutcome(byPcn(claims, "5554555444"))).toMatchObject({
      contractualCents: 5000,
      patientResponsibilityCents: 30000,
    });
    expect(remittanceOutcome(byPcn(claims, "8765432112"))).toMatchObject({
      contractualCents: 10500,
      patientResponsibilityCents: 60000,
    });
  });

  it("secondary payment: OA-23 is the primary's share, CO-42 a contractual write-off", () => {
    const result = remittanceOutcome(
      byPcn(corpusClaims("linuxforhealth__secondary-payment.835"), "0001000053"),
    );
    expect(result.contractualCents).toBe(8500);
    expect(result.owners.find((s) => s.owner === "coordination_of_benefits")?.amountCents).toBe(
      13650,
    );
  });

  it("COB contractual: the negative OA-94 (paid above charge) nets against the write-offs", () => {
    const [payment] = corpusClaims("linuxforhealth__cob-contractural-adjustment.835");
    const result = remittanceOutcome(payment!);
    expect(result.contractualCents).toBe(-900);
    expect(result.owners[0]).toMatchObject({
      owner: "coordination_of_benefits",
      amountCents: 51600,
    });
  });

  it("Medicare Part A: CO-45 on both institutional claims", () => {
    const claims = corpusClaims("linuxforhealth__medicare-part-a.835");
    expect(claims.map((c) => remittanceOutcome(c).contractualCents)).toEqual([7334857, 301967]);
  });
});
