/**
 * The public 277CA and 835 samples (../shared/corpus, read in place) ingested against claims made
 * to match them. Every expected figure below was read off the sample text by hand.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTimeline, findClaimByPatientControlNumber } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { corpusDir } from "../support/corpus.js";
import { ingest, recordInbound, seedClaim } from "../support/inbound-claims.js";
import type { ClaimSeed } from "../support/inbound-claims.js";
import { samplePartner, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

const read = (relative: string) => readFileSync(path.join(corpusDir, relative));

/** One CLP of a sample: the claim it must find and what must be posted to it. */
interface Expected {
  readonly pcn: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientCents: number;
  readonly payerClaimNumber: string;
  readonly statusCode: string;
  readonly outcome: "paid" | "partially_paid" | "denied";
  readonly owner: string | null;
  readonly start: ClaimSeed["state"];
}

interface Sample835 {
  readonly file: string;
  readonly payerId: string; // TRN03
  readonly trace: string; // TRN02
  readonly totalCents: number; // BPR02
  readonly plb: { reason: string; amountCents: number }[];
  readonly claims: Expected[];
}

const paid = (e: Omit<Expected, "outcome" | "owner">): Expected => ({
  ...e,
  outcome: "paid",
  owner: null,
});

// Balanced samples: BPR02 = Σ CLP04 − Σ PLB amounts; each CLP03 − CLP04 = Σ its CAS; each line too.
const BALANCED: Sample835[] = [
  {
    // CLP 541.00 − 34.00 = OA-23 516.00 + OA-94 −9.00 (line level): COB, nothing denied.
    file: "835/linuxforhealth__cob-contractural-adjustment.835",
    payerId: "1566339911",
    trace: "0063158ABC",
    totalCents: 3400,
    plb: [],
    claims: [
      paid({
        pcn: "0001000055",
        statusCode: "2",
        chargeCents: 54100,
        paidCents: 3400,
        patientCents: 0,
        payerClaimNumber: "50650619501",
        start: "accepted",
      }),
    ],
  },
  {
    // 800 − 450 = CO-A2 50 + PR-1 300; 1200 − 495 = CO-A2 55 + PR-1 600 + CO-45 50.
    file: "835/linuxforhealth__managed-care.835",
    payerId: "1935665544",
    trace: "7170066655",
    totalCents: 94500,
    plb: [],
    claims: [
      paid({
        pcn: "5554555444",
        statusCode: "1",
        chargeCents: 80000,
        paidCents: 45000,
        patientCents: 30000,
        payerClaimNumber: "94060555410000",
        start: "transmitted",
      }),
      paid({
        pcn: "8765432112",
        statusCode: "1",
        chargeCents: 120000,
        paidCents: 49500,
        patientCents: 60000,
        payerClaimNumber: "94077799230000",
        start: "accepted",
      }),
    ],
  },
  {
    // 138018.40 + 11980.33 − PLB (−1.27) = 150000.00; CO-45 writes off the rest of each claim.
    file: "835/linuxforhealth__medicare-part-a.835",
    payerId: "1512345678",
    trace: "12345",
    totalCents: 15000000,
    plb: [{ reason: "CV", amountCents: -127 }],
    claims: [
      paid({
        pcn: "666123",
        statusCode: "1",
        chargeCents: 21136697,
        paidCents: 13801840,
        patientCents: 0,
        payerClaimNumber: "1999999444444",
        start: "transmitted",
      }),
      paid({
        pcn: "777777",
        statusCode: "1",
        chargeCents: 1500000,
        paidCents: 1198033,
        patientCents: 0,
        payerClaimNumber: "1999999444445",
        start: "accepted",
      }),
    ],
  },
  {
    // 10323.64 − 912 = OA-23 9411.64; 751.50 − 310 = OA-23 136.50 + PR-1 150 + PR-2 70 + CO-42 85.
    file: "835/linuxforhealth__secondary-payment.835",
    payerId: "1559123456",
    trace: "0012524965",
    totalCents: 122200,
    plb: [],
    claims: [
      paid({
        pcn: "L0004828311",
        statusCode: "2",
        chargeCents: 1032364,
        paidCents: 91200,
        patientCents: 0,
        payerClaimNumber: "05090256390",
        start: "transmitted",
      }),
      paid({
        pcn: "0001000053",
        statusCode: "2",
        chargeCents: 75150,
        paidCents: 31000,
        patientCents: 22000,
        payerClaimNumber: "05630626430",
        start: "accepted",
      }),
    ],
  },
];

// Tertiary: the claim balances (1766.50 − 187.50 = OA-23 1579.00) but its one line does not
// (SVC charge 24599.00 − paid 1766.50 ≠ OA-23 1579.00): held, nothing posted.
const TERTIARY = {
  file: "835/linuxforhealth__tertiary-payment.835",
  payerId: "1559123456",
  trace: "0012524879",
  pcn: "0001000054",
  chargeCents: 176650,
};

const PAYERS = [...new Set(BALANCED.map((s) => s.payerId)), "141797357"];

describe.each(backends())("public 277CA and 835 samples ingested on $kind", (backend) => {
  let db: Database;
  const tenant = "acme";

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(
      db,
      samplePartner({ payers: PAYERS.map((payerId) => ({ payerId })) }),
    );
  });
  afterAll(() => backend.cleanup());

  it.each(BALANCED)("posts $file to the claims it names, balanced", async (sample) => {
    for (const c of sample.claims) {
      await seedClaim(db, tenant, {
        patientControlNumber: c.pcn,
        payerId: sample.payerId,
        totalChargeCents: c.chargeCents,
        state: c.start,
      });
    }
    const { file } = await recordInbound(
      db,
      tenant,
      "835",
      path.basename(sample.file),
      read(sample.file),
    );
    const result = await ingest(db, tenant, file.id);
    expect(result).toMatchObject({
      outcome: "ingested",
      remittances: { posted: sample.claims.length, unmatched: 0, unbalanced: 0, duplicates: 0 },
    });

    const remit = await db.query<{
      id: string;
      state: string;
      total_cents: string;
      payer_id: string;
    }>(
      "select id, state, total_cents::text, payer_id from remittances where tenant_id = $1 and trace_number = $2",
      [tenant, sample.trace],
    );
    expect(remit.rows).toHaveLength(1);
    const r = remit.rows[0]!;
    expect(r).toMatchObject({ state: "posted", payer_id: sample.payerId });
    expect(Number(r.total_cents)).toBe(sample.totalCents);

    for (const c of sample.claims) {
      const claim = await findClaimByPatientControlNumber(db, tenant, c.pcn);
      expect(claim).toMatchObject({
        state: c.outcome,
        owner: c.owner,
        payerClaimNumber: c.payerClaimNumber,
      });
      const payments = await db.query<Record<string, string | boolean | null>>(
        `select status_code, charge_cents::text as charge, paid_cents::text as paid,
           patient_responsibility_cents::text as patient, payer_claim_number, outcome, owner, reversal,
           denied_cents::text as denied
         from claim_payments where tenant_id = $1 and claim_id = $2`,
        [tenant, claim!.id],
      );
      expect(payments.rows).toEqual([
        {
          status_code: c.statusCode,
          charge: String(c.chargeCents),
          paid: String(c.paidCents),
          patient: String(c.patientCents),
          payer_claim_number: c.payerClaimNumber,
          outcome: c.outcome,
          owner: c.owner,
          reversal: false,
          denied: "0",
        },
      ]);
      const last = (await claimTimeline(db, tenant, claim!.id)).at(-1);
      expect(last).toMatchObject({ event: `remit_${c.outcome}`, cause: "835", fileId: file.id });
    }

    // The stored figures balance: what the claims were paid, less PLB, is the payment.
    const sums = await db.query<{ paid: string; plb: string }>(
      `select (select coalesce(sum(paid_cents), 0) from claim_payments where remittance_id = $1)::text as paid,
              (select coalesce(sum(amount_cents), 0) from provider_adjustments where remittance_id = $1)::text as plb`,
      [r.id],
    );
    const paidTotal = sample.claims.reduce((t, c) => t + c.paidCents, 0);
    expect(Number(sums.rows[0]!.paid)).toBe(paidTotal);
    expect(Number(sums.rows[0]!.paid) - Number(sums.rows[0]!.plb)).toBe(sample.totalCents);
    const plb = await db.query<{ reason: string; amount_cents: string }>(
      "select reason, amount_cents::text from provider_adjustments where remittance_id = $1",
      [r.id],
    );
    expect(
      plb.rows.map((p) => ({ reason: p.reason, amountCents: Number(p.amount_cents) })),
    ).toEqual(sample.plb);
  });

  it("holds the tertiary-payment sample (a line that does not balance) and posts nothing", async () => {
    const claim = await seedClaim(db, tenant, {
      patientControlNumber: TERTIARY.pcn,
      payerId: TERTIARY.payerId,
      totalChargeCents: TERTIARY.chargeCents,
      state: "accepted",
    });
    const { file } = await recordInbound(db, tenant, "835", "tertiary.835", read(TERTIARY.file));
    const result = await ingest(db, tenant, file.id);
    expect(result).toMatchObject({
      outcome: "ingested",
      remittances: { unbalanced: 1, posted: 0, unmatched: 0 },
    });
    const remit = await db.query<{ id: string; state: string; problems: unknown[] }>(
      "select id, state, problems from remittances where tenant_id = $1 and trace_number = $2",
      [tenant, TERTIARY.trace],
    );
    expect(remit.rows).toHaveLength(1);
    expect(remit.rows[0]!.state).toBe("held_unbalanced");
    // Only the line is out: the payment and the claim balance, so there is one problem.
    const problems = remit.rows[0]!.problems as { expectedCents: number; computedCents: number }[];
    expect(problems).toHaveLength(1);
    const held = await db.query<{ n: number }>(
      `select (select count(*) from claim_payments where remittance_id = $1)
            + (select count(*) from provider_adjustments where remittance_id = $1) as n`,
      [remit.rows[0]!.id],
    );
    expect(Number(held.rows[0]!.n)).toBe(0);
    expect(await findClaimByPatientControlNumber(db, tenant, TERTIARY.pcn)).toMatchObject({
      id: claim.id,
      state: "accepted",
    });
  });

  it("accepts the claim of the 277CA-accepted sample (STC A2:20), keeping the REF*1K number", async () => {
    const claim = await seedClaim(db, tenant, {
      patientControlNumber: "5781",
      payerId: "141797357",
      totalChargeCents: 12500,
      state: "transmitted",
    });
    const { file } = await recordInbound(
      db,
      tenant,
      "277",
      "277ca-accepted.txt",
      read("277ca/imsweb__x12_277CA_accepted.txt"),
    );
    const result = await ingest(db, tenant, file.id);
    expect(result).toMatchObject({ outcome: "ingested", statuses: { accepted: 1, unmatched: 0 } });
    expect(await findClaimByPatientControlNumber(db, tenant, "5781")).toMatchObject({
      id: claim.id,
      state: "accepted",
      owner: null,
      payerClaimNumber: "1107000000014420",
      nextEvent: "835",
    });
    const last = (await claimTimeline(db, tenant, claim.id)).at(-1);
    expect(last).toMatchObject({ event: "claim_accepted", cause: "277CA", fileId: file.id });
  });

  it("rejects the claim of the 277CA-rejected sample (STC A7:562:85) to payer setup", async () => {
    const claim = await seedClaim(db, tenant, {
      patientControlNumber: "3920394930203",
      payerId: "141797357",
      totalChargeCents: 19914,
      state: "transmitted",
    });
    const { file } = await recordInbound(
      db,
      tenant,
      "277",
      "277ca-rejected.txt",
      read("277ca/imsweb__x12_277CA_rejected.txt"),
    );
    const result = await ingest(db, tenant, file.id);
    expect(result).toMatchObject({ outcome: "ingested", statuses: { rejected: 1, unmatched: 0 } });
    expect(await findClaimByPatientControlNumber(db, tenant, "3920394930203")).toMatchObject({
      id: claim.id,
      state: "rejected",
      owner: "payer_setup",
      reasonCode: "277CA_A7_562",
    });
    const statuses = await db.query<{ category: string; status_code: string; entity: string }>(
      "select category, status_code, entity from claim_statuses where claim_id = $1",
      [claim.id],
    );
    expect(statuses.rows).toEqual([{ category: "A7", status_code: "562", entity: "85" }]);
  });
});
