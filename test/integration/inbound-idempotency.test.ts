/**
 * An 835 posts once, ever (PostgreSQL): delivered twice as two files, or ingested by two workers
 * at the same moment, the remittances key (tenant, payer, trace) lets one of them post. And a
 * reversal followed by its correction leaves the corrected amounts on the claim.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTimeline, getClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { getFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { openPostgres } from "../../src/store/postgres.js";
import {
  claimPayment,
  ingest,
  recordInbound,
  remittanceText,
  seedClaim,
} from "../support/inbound-claims.js";
import { seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { postgresBackend } from "../support/postgres.js";

const TENANT = "acme";

describe("an 835 posts once on PostgreSQL", () => {
  const backend = postgresBackend();
  let db: Database;
  let isa = 500;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  const newClaim = (pcn: string, chargeCents = 25000) =>
    seedClaim(db, TENANT, {
      patientControlNumber: pcn,
      payerId: "EXHP1",
      totalChargeCents: chargeCents,
      state: "accepted",
    });

  async function paymentsOf(claim: ClaimRecord) {
    const { rows } = await db.query<{ status_code: string; paid: string; reversal: boolean }>(
      `select status_code, paid_cents::text as paid, reversal from claim_payments
       where tenant_id = $1 and claim_id = $2 order by id`,
      [TENANT, claim.id],
    );
    return rows;
  }

  async function waitForLockWaiters(count: number) {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the workers never reached the remittances insert");
  }

  /** Two copies of one 835 that differ only by the interchange control number (ISA13/IEA02). */
  async function twoCopies(trace: string, claims: ClaimRecord[]) {
    const payments = claims.map((c) => claimPayment(c));
    const first = remittanceText(++isa, trace, payments);
    const second = remittanceText(++isa, trace, payments);
    const a = await recordInbound(db, TENANT, "835", `era-${isa - 1}.835`, first);
    const b = await recordInbound(db, TENANT, "835", `era-${isa}.835`, second);
    expect(a.duplicate || b.duplicate).toBe(false);
    expect(a.file.id).not.toBe(b.file.id);
    return [a.file, b.file] as const;
  }

  it("keeps one file for the same bytes delivered under another name", async () => {
    const claim = await newClaim("IDEM-SAME-1");
    const text = remittanceText(++isa, "TRN-SAME-1", [claimPayment(claim)]);
    const a = await recordInbound(db, TENANT, "835", "one.835", text);
    const b = await recordInbound(db, TENANT, "835", "one-again.835", text);
    expect(b).toMatchObject({ duplicate: true, file: { id: a.file.id } });
    expect(await ingest(db, TENANT, a.file.id)).toMatchObject({ remittances: { posted: 1 } });
    expect(await ingest(db, TENANT, b.file.id)).toEqual({ outcome: "skipped", state: "ingested" });
    expect(await paymentsOf(claim)).toHaveLength(1);
  });

  it("posts the same 835 once when it arrives again as another file (ISA13 differs)", async () => {
    const claims = [await newClaim("IDEM-SEQ-1"), await newClaim("IDEM-SEQ-2", 9900)];
    const [a, b] = await twoCopies("TRN-SEQ-1", claims);
    expect(await ingest(db, TENANT, a.id)).toMatchObject({
      outcome: "ingested",
      remittances: { posted: 2, duplicates: 0 },
    });
    expect(await ingest(db, TENANT, b.id)).toMatchObject({
      outcome: "ingested",
      remittances: { posted: 0, duplicates: 1 },
    });
    for (const c of claims) {
      expect(await paymentsOf(c)).toEqual([
        { status_code: "1", paid: String(c.totalChargeCents), reversal: false },
      ]);
      const events = (await claimTimeline(db, TENANT, c.id)).map((e) => e.event);
      expect(events.filter((e) => e.startsWith("remit_"))).toEqual(["remit_paid"]);
    }
    expect((await getFile(db, TENANT, b.id))?.state).toBe("ingested");
  });

  it("posts once when two workers ingest the two copies at the same moment", async () => {
    const workers = [openPostgres(backend.url(), 2), openPostgres(backend.url(), 2)];
    try {
      const claims = [await newClaim("IDEM-RACE-1"), await newClaim("IDEM-RACE-2", 4321)];
      const [a, b] = await twoCopies("TRN-RACE-1", claims);
      // Hold the remittances table until both workers wait on it, so their inserts truly overlap.
      let racing: Promise<Awaited<ReturnType<typeof ingest>>[]> | undefined;
      await db.transaction(async (tx) => {
        await tx.query("lock table remittances in share row exclusive mode");
        racing = Promise.all([
          ingest(workers[0]!, TENANT, a.id),
          ingest(workers[1]!, TENANT, b.id),
        ]);
        racing.catch(() => undefined); // awaited below, after the lock is released
        await waitForLockWaiters(2);
      });
      const results = await racing!;
      const tallies = results.map((r) => (r.outcome === "ingested" ? r.remittances : undefined));
      expect(tallies.map((t) => t?.posted).sort()).toEqual([0, 2]);
      expect(tallies.map((t) => t?.duplicates).sort()).toEqual([0, 1]);
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from remittances where tenant_id = $1 and trace_number = $2",
        [TENANT, "TRN-RACE-1"],
      );
      expect(rows[0]?.n).toBe(1);
      for (const c of claims) {
        expect(await paymentsOf(c)).toHaveLength(1);
        expect((await getClaim(db, TENANT, c.id))?.state).toBe("paid");
      }
      for (const f of [a, b]) expect((await getFile(db, TENANT, f.id))?.state).toBe("ingested");
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("leaves the corrected amounts after a reversal and its correction", async () => {
    const claim = await newClaim("IDEM-REV-1", 30000);
    const original = claimPayment(claim, {
      paidCents: 28000,
      adjustments: [{ group: "CO", reason: "45", amountCents: 2000 }],
      payerClaimNumber: "PAY-REV-1",
    });
    const first = await recordInbound(
      db,
      TENANT,
      "835",
      "orig.835",
      remittanceText(++isa, "TRN-REV-1", [original]),
    );
    expect(await ingest(db, TENANT, first.file.id)).toMatchObject({ remittances: { posted: 1 } });

    const reversal = claimPayment(claim, {
      statusCode: "22",
      chargeCents: -30000,
      paidCents: -28000,
      adjustments: [{ group: "CO", reason: "45", amountCents: -2000 }],
      payerClaimNumber: "PAY-REV-1",
    });
    const rev = await recordInbound(
      db,
      TENANT,
      "835",
      "rev.835",
      remittanceText(++isa, "TRN-REV-2", [reversal]),
    );
    expect(await ingest(db, TENANT, rev.file.id)).toMatchObject({ remittances: { posted: 1 } });
    expect(await getClaim(db, TENANT, claim.id)).toMatchObject({
      state: "reopened",
      nextEvent: "835",
    });

    // The correction pays less: part of it is now the patient's deductible.
    const corrected = claimPayment(claim, {
      paidCents: 22000,
      patientResponsibilityCents: 6000,
      adjustments: [
        { group: "CO", reason: "45", amountCents: 2000 },
        { group: "PR", reason: "1", amountCents: 6000 },
      ],
      payerClaimNumber: "PAY-REV-1",
    });
    const fix = await recordInbound(
      db,
      TENANT,
      "835",
      "fix.835",
      remittanceText(++isa, "TRN-REV-3", [corrected]),
    );
    expect(await ingest(db, TENANT, fix.file.id)).toMatchObject({ remittances: { posted: 1 } });

    expect(await paymentsOf(claim)).toEqual([
      { status_code: "1", paid: "28000", reversal: false },
      { status_code: "22", paid: "-28000", reversal: true },
      { status_code: "1", paid: "22000", reversal: false },
    ]);
    const net = await db.query<{ paid: string; patient: string }>(
      `select sum(paid_cents)::text as paid, sum(patient_responsibility_cents)::text as patient
       from claim_payments where tenant_id = $1 and claim_id = $2`,
      [TENANT, claim.id],
    );
    expect(net.rows[0]).toEqual({ paid: "22000", patient: "6000" });
    expect(await getClaim(db, TENANT, claim.id)).toMatchObject({
      state: "paid",
      owner: null,
      nextEvent: null,
      payerClaimNumber: "PAY-REV-1",
    });
    const events = (await claimTimeline(db, TENANT, claim.id)).map((e) => e.event).slice(-3);
    expect(events).toEqual(["remit_paid", "remit_reversed", "remit_paid"]);
  });
});
