import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../../src/errors.js";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import { read835, remittanceBalance } from "../../../../src/x12/transactions/835.js";
import type { Remittance } from "../../../../src/x12/transactions/835.js";
import {
  build835,
  paymentTotal,
  REMITTANCE_GUIDE,
} from "../../../../src/x12/transactions/835-build.js";
import type {
  Build835Input,
  ClaimPaymentInput,
  RemitAdjustment,
  ServiceLinePayment,
} from "../../../../src/x12/transactions/835-build.js";
import { validateFile } from "../../../../src/x12/validator.js";
import { buildInterchange } from "../../../../src/x12/writer.js";
import { DELIMS } from "./helpers.js";

const PAYER: Build835Input["payer"] = {
  id: "SBXPAYER",
  name: "Sandbox Payer",
  taxId: "990000001",
  address: { line1: "1 Payer Way", city: "Springfield", state: "IL", postalCode: "62701" },
  contact: { name: "EDI Support", phone: "5555550199" },
};

function input(
  claims: readonly ClaimPaymentInput[],
  providerAdjustments: Build835Input["providerAdjustments"] = [],
): Build835Input {
  return {
    payer: PAYER,
    payee: { npi: "1234567893", name: "Springfield Family Practice" },
    trace: "EFT000123",
    paymentDate: "2026-03-05",
    method: "CHK",
    claims,
    providerAdjustments,
  };
}

function file(body: ReturnType<typeof build835>): string {
  return buildInterchange({
    sender: { qualifier: "ZZ", id: "SBXPAYER" },
    receiver: { qualifier: "ZZ", id: "CLAIMGATE" },
    controlNumber: 905,
    date: "20260305",
    time: "0900",
    usage: "T",
    delimiters: DELIMS,
    groups: [
      {
        functionalId: "HP",
        sender: "SBXAPP",
        receiver: "CGAPP",
        controlNumber: 906,
        version: REMITTANCE_GUIDE,
        // ST03 is not used in the 835 (GS08 names the guide).
        transactionSets: [{ id: "835", controlNumber: "0907", body }],
      },
    ],
    lineBreak: "\n",
  });
}

/** Builds, validates against 005010X221A1 with no error finding, and reads back. */
function roundTrip(data: Build835Input): Remittance {
  const text = file(build835(data));
  const validation = validateFile(text);
  const sets = validation.interchanges.flatMap((i) => i.groups.flatMap((g) => g.sets));
  expect(sets.map((s) => s.spec?.guide)).toEqual([REMITTANCE_GUIDE]);
  expect(sets.flatMap((s) => s.findings).filter((f) => f.severity === "error")).toEqual([]);
  expect(validation.errors).toBe(0);
  const [isa] = readInterchanges(text);
  return read835(isa!.groups[0]!.transactionSets[0]!, isa!.delimiters);
}

function line(charge: number, adjustments: RemitAdjustment[], extra = {}): ServiceLinePayment {
  const paid = charge - adjustments.reduce((t, a) => t + a.amountCents, 0);
  return {
    procedureCode: "99214",
    chargeCents: charge,
    paidCents: paid,
    units: 1,
    serviceDate: "2026-02-10",
    adjustments,
    ...extra,
  };
}

function claim(pcn: string, lines: ServiceLinePayment[], extra = {}): ClaimPaymentInput {
  return {
    patientControlNumber: pcn,
    statusCode: "1",
    chargeCents: lines.reduce((t, l) => t + l.chargeCents, 0),
    paidCents: lines.reduce((t, l) => t + l.paidCents, 0),
    patientResponsibilityCents: 0,
    payerClaimNumber: `ICN-${pcn}`,
    filingIndicator: "12",
    adjustments: [],
    lines,
    ...extra,
  };
}

const co45 = (cents: number): RemitAdjustment => ({
  group: "CO",
  reason: "45",
  amountCents: cents,
});

describe("build835", () => {
  it("writes paid, partial, denied and reversed claims with PLB that balance and read back", () => {
    const paid = claim("PCN-1", [
      line(16500, [co45(3300)], {
        modifiers: ["25"],
        allowedCents: 13200,
        lineControlNumber: "L1",
      }),
      line(2000, [co45(400)], { procedureCode: "J1100", units: 4 }),
      line(900, [], { qualifier: "NU", procedureCode: "0450" }),
      line(1100, [], { procedureCode: "80053", revenueCode: "0300" }),
    ]);
    const partial = claim(
      "PCN-2",
      [line(10000, [co45(2000), { group: "PR", reason: "1", amountCents: 5000 }])],
      { patientResponsibilityCents: 5000, patient: { lastName: "Roe", memberId: "SBX-PART-2" } },
    );
    const denied: ClaimPaymentInput = {
      ...claim("PCN-3", [line(7500, [{ group: "CO", reason: "11", amountCents: 7500 }])]),
      statusCode: "4",
      remarks: ["N657"],
    };
    const reversal: ClaimPaymentInput = {
      ...claim("PCN-4", [{ ...line(-5000, [co45(-1000)]), units: 1 }]),
      statusCode: "22",
    };
    const plb = [
      { reason: "L6", reference: "ICN-PCN-1", amountCents: -125 },
      { reason: "WO", reference: "ICN-OLD", amountCents: 1000 },
    ];
    const remit = roundTrip(input([paid, partial, denied, reversal], plb));
    // 13200 + 1600 + 900 + 1100 + 3000 + 0 - 4000 = 15800 paid; less PLB (-125 + 1000).
    expect(remit.payment).toMatchObject({
      handlingCode: "I",
      totalCents: 14925,
      creditDebit: "C",
      method: "CHK",
      date: "2026-03-05",
    });
    expect(remit.trace).toMatchObject({ number: "EFT000123", originatorId: "1990000001" });
    expect(remit.payer).toMatchObject({ entityCode: "PR", name: "Sandbox Payer" });
    expect(remit.payee).toMatchObject({ entityCode: "PE", idQualifier: "XX", id: "1234567893" });
    expect(remittanceBalance(remit).balanced).toBe(true);
    expect(
      remit.claims.map((c) => [c.patientControlNumber, c.statusCode, c.chargeCents, c.paidCents]),
    ).toEqual([
      ["PCN-1", "1", 20500, 16800],
      ["PCN-2", "1", 10000, 3000],
      ["PCN-3", "4", 7500, 0],
      ["PCN-4", "22", -5000, -4000],
    ]);
    const [c1, c2, c3, c4] = remit.claims;
    expect(c1!.payerClaimControlNumber).toBe("ICN-PCN-1");
    expect(c1!.services[0]).toMatchObject({
      procedure: { qualifier: "HC", code: "99214", modifiers: ["25"] },
      chargeCents: 16500,
      paidCents: 13200,
      units: 1,
      serviceDate: "2026-02-10",
      allowedCents: 13200,
      lineControlNumber: "L1",
      adjustments: [{ group: "CO", reason: "45", amountCents: 3300 }],
    });
    expect(c1!.services.slice(2).map((s) => [s.procedure, s.revenueCode])).toEqual([
      [{ qualifier: "NU", code: "0450", modifiers: [] }, undefined],
      [{ qualifier: "HC", code: "80053", modifiers: [] }, "0300"],
    ]);
    expect(c2).toMatchObject({ patientResponsibilityCents: 5000, filingIndicator: "12" });
    expect(c2!.patient).toMatchObject({ name: "Roe", id: "SBX-PART-2" });
    expect(c2!.services[0]!.adjustments.map((a) => `${a.group}-${a.reason}`)).toEqual([
      "CO-45",
      "PR-1",
    ]);
    expect(c3!.remarks).toEqual([{ code: "N657", source: "MOA" }]);
    expect(c4!.isReversal).toBe(true);
    expect(c4!.services[0]!.adjustments[0]!.amountCents).toBe(-1000);
    expect(
      remit.providerAdjustments.map((p) => [p.reasonCode, p.reference, p.amountCents]),
    ).toEqual([
      ["L6", "ICN-PCN-1", -125],
      ["WO", "ICN-OLD", 1000],
    ]);
    expect(remit.providerAdjustments[0]!.fiscalPeriodDate).toBe("2026-12-31");
  });

  it("pays nothing as a notification (BPR H, NON) when every claim is denied", () => {
    const denied = {
      ...claim("PCN-9", [line(7500, [{ group: "CO", reason: "27", amountCents: 7500 }])]),
      statusCode: "4",
    };
    const remit = roundTrip(input([denied]));
    expect(remit.payment).toMatchObject({ handlingCode: "H", totalCents: 0, method: "NON" });
  });

  it("computes the total from the claims and PLB", () => {
    expect(paymentTotal([{ paidCents: 100 }, { paidCents: 250 }], [{ amountCents: -7 }])).toBe(357);
    expect(paymentTotal([], [{ amountCents: 40 }])).toBe(-40);
  });

  it("writes a debit of the absolute total when PLB takes more than is paid", () => {
    const body = build835(input([], [{ reason: "WO", reference: "ICN1", amountCents: 500 }]));
    expect(body[0]!.elements.slice(0, 4)).toEqual(["I", "5", "D", "CHK"]);
  });

  it("refuses a claim or a line that does not balance, CR groups, and a bad payer tax id", () => {
    const good = claim("PCN-1", [line(1000, [co45(200)])]);
    const badLine = claim("PCN-1", [{ ...line(1000, [co45(200)]), paidCents: 900 }]);
    const badClaim = { ...good, paidCents: 700 };
    const cr = claim("PCN-1", [
      line(1000, [{ group: "CR" as "CO", reason: "45", amountCents: 1 }]),
    ]);
    expect(() => build835(input([badLine]))).toThrow(/SVC02/);
    expect(() => build835(input([badClaim]))).toThrow(/CLP03/);
    expect(() => build835(input([cr]))).toThrow(ClaimgateError);
    expect(() => build835({ ...input([good]), payer: { ...PAYER, taxId: "12" } })).toThrow(/taxId/);
  });
});

const GROUPS = ["CO", "PR", "OA", "PI"] as const;

/** A line whose adjustments are random shares of its charge (so it always balances). */
const arbLine = fc
  .record({
    charge: fc.integer({ min: 0, max: 5_000_000 }),
    shares: fc.array(
      fc.record({
        group: fc.constantFrom(...GROUPS),
        reason: fc.constantFrom("45", "1", "2", "3", "11", "97"),
        weight: fc.integer({ min: 0, max: 100 }),
      }),
      { maxLength: 8 },
    ),
    slack: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ charge, shares, slack }): ServiceLinePayment => {
    const weights = shares.reduce((t, s) => t + s.weight, 0) + slack + 1;
    const adjustments = shares.map((s) => ({
      group: s.group,
      reason: s.reason,
      amountCents: Math.floor((charge * s.weight) / weights),
    }));
    return line(charge, adjustments);
  });

const arbClaim = fc
  .record({
    pcn: fc.stringMatching(/^[A-Z0-9]{1,17}$/),
    lines: fc.array(arbLine, { minLength: 1, maxLength: 4 }),
    claimAdjustment: fc.integer({ min: 0, max: 1000 }),
    reversed: fc.boolean(),
  })
  .map(({ pcn, lines, claimAdjustment, reversed }): ClaimPaymentInput => {
    const base = claim(pcn, lines);
    const cas = Math.min(claimAdjustment, base.paidCents);
    const withCas = {
      ...base,
      paidCents: base.paidCents - cas,
      adjustments: cas === 0 ? [] : [{ group: "OA" as const, reason: "23", amountCents: cas }],
    };
    return reversed ? negate(withCas) : withCas;
  });

function negate(c: ClaimPaymentInput): ClaimPaymentInput {
  // 0 - x, not -x: a zero amount stays +0 (as it reads back).
  const neg = (a: RemitAdjustment): RemitAdjustment => ({ ...a, amountCents: 0 - a.amountCents });
  return {
    ...c,
    statusCode: "22",
    chargeCents: 0 - c.chargeCents,
    paidCents: 0 - c.paidCents,
    adjustments: c.adjustments.map(neg),
    lines: c.lines.map((l) => ({
      ...l,
      chargeCents: 0 - l.chargeCents,
      paidCents: 0 - l.paidCents,
      adjustments: l.adjustments.map(neg),
    })),
  };
}

const arbPlb = fc.array(
  fc.record({
    reason: fc.constantFrom("L6", "WO", "FB", "72"),
    reference: fc.stringMatching(/^[A-Z0-9]{1,12}$/),
    amountCents: fc.integer({ min: -50_000, max: 50_000 }),
  }),
  { maxLength: 8 },
);

describe("build835 property", () => {
  it("random claim payments always balance, validate and read back", () => {
    fc.assert(
      fc.property(fc.array(arbClaim, { minLength: 1, maxLength: 5 }), arbPlb, (claims, plb) => {
        const total = paymentTotal(claims, plb);
        // A debit 835 is left out: the validator's BPR02 check does not read BPR03.
        fc.pre(total >= 0);
        const remit = roundTrip(input(claims, plb));
        expect(remittanceBalance(remit).balanced).toBe(true);
        expect(remit.payment.totalCents).toBe(total);
        expect(remit.claims.map((c) => [c.patientControlNumber, c.paidCents])).toEqual(
          claims.map((c) => [c.patientControlNumber, c.paidCents]),
        );
        expect(remit.claims.map((c) => c.services.map((s) => s.adjustments.length))).toEqual(
          claims.map((c) => c.lines.map((l) => l.adjustments.length)),
        );
        expect(remit.providerAdjustments.map((p) => p.amountCents)).toEqual(
          plb.map((p) => p.amountCents),
        );
      }),
      { numRuns: 80 },
    );
  });
});
