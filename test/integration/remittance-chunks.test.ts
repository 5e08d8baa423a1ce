/**
 * 835 posting a chunk of CLPs at a time (CLPS_PER_CHUNK): a remittance larger than one chunk
 * posts every claim once, unmatched and payer-claim-number matches work in any chunk, and a
 * reversal and its correction apply in order whether they share a chunk or straddle two; a
 * write failing in a later chunk (the writes run behind the build) loses the whole file's
 * transaction, leaving it received for the retry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLPS_PER_CHUNK } from "../../src/pipeline/ingest-remittance.js";
import { claimTimeline, getClaim } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import type { ClaimPaymentInput } from "../../src/x12/transactions/835-build.js";
import {
  NOW,
  claimPayment,
  ingest,
  recordInbound,
  remittanceText,
} from "../support/inbound-claims.js";
import { seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

const TENANT = "acme";
const CHARGE = 10_000;

describe.each(backends())("835 posting in chunks ($kind)", (backend) => {
  let db: Database;
  let isa = 900;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  /**
   * `count` claims `${prefix}0…` in `state`, each with its (empty) encounter in
   * claim_encounters as the store writes it, in one statement (setup, not under test).
   */
  async function storeClaims(prefix: string, count: number, state: string) {
    await db.query(
      `with stored as (
         insert into claims (id, tenant_id, patient_control_number, claim_type, payer_id,
           partner_id, state, total_charge_cents, payer_claim_number, created_at, updated_at)
         select 'c-' || $2 || n, $1, $2 || n, 'professional', 'EXHP1', 'sbx', $4, $5,
           'PAY-' || $2 || n, $6, $6
         from generate_series(0, $3 - 1) as n
         returning id, tenant_id)
       insert into claim_encounters (claim_id, tenant_id, encounter)
       select id, tenant_id, '{}' from stored`,
      [TENANT, prefix, count, state, CHARGE, NOW],
    );
  }

  const paid = (pcn: string, over: Partial<ClaimPaymentInput> = {}) =>
    claimPayment({ patientControlNumber: pcn, totalChargeCents: CHARGE }, over);

  const reversal = (pcn: string) =>
    paid(pcn, { statusCode: "22", chargeCents: -CHARGE, paidCents: -CHARGE });

  async function post(trace: string, payments: ClaimPaymentInput[]) {
    const { file } = await recordInbound(
      db,
      TENANT,
      "835",
      `${trace}.835`,
      remittanceText(++isa, trace, payments),
    );
    const result = await ingest(db, TENANT, file.id);
    if (result.outcome !== "ingested") throw new Error(`ingest ${result.outcome}`);
    return { file, tally: result.remittances };
  }

  async function count(sql: string, params: unknown[]) {
    const { rows } = await db.query<{ n: number }>(sql, params as string[]);
    return rows[0]?.n;
  }

  it("posts every claim of a remittance larger than one chunk exactly once", async () => {
    const size = CLPS_PER_CHUNK + 3;
    await storeClaims("BIG", size, "accepted");
    const payments = Array.from({ length: size }, (_, i) => paid(`BIG${i}`));
    // In the second chunk: one matched by payer claim number only, one matching nothing.
    payments[CLPS_PER_CHUNK + 1] = paid("NOT-OURS-1", { payerClaimNumber: `PAY-BIG${size - 2}` });
    payments.push(paid("NOT-OURS-2", { payerClaimNumber: "PAY-NOBODY" }));
    const { file, tally } = await post("TRN-BIG-1", payments);

    expect(tally).toMatchObject({ posted: size, unmatched: 1, recorded: 0, duplicates: 0 });
    const byClaim = await db.query<{ claim_id: string; n: number }>(
      `select claim_id, count(*)::int as n from claim_payments where tenant_id = $1
       group by claim_id having count(*) <> 1`,
      [TENANT],
    );
    expect(byClaim.rows).toEqual([]);
    expect(
      await count("select count(*)::int as n from claim_payments where tenant_id = $1", [TENANT]),
    ).toBe(size);
    expect(
      await count(
        `select count(distinct claim_id)::int as n from claim_events
         where tenant_id = $1 and event = 'remit_paid' and file_id = $2`,
        [TENANT, file.id],
      ),
    ).toBe(size);
    expect(
      await count(
        "select count(*)::int as n from claims where tenant_id = $1 and id like 'c-BIG%' and state <> 'paid'",
        [TENANT],
      ),
    ).toBe(0);
    const unmatched = await db.query<{ patient_control_number: string }>(
      "select patient_control_number from unmatched_items where tenant_id = $1 and file_id = $2",
      [TENANT, file.id],
    );
    expect(unmatched.rows).toEqual([{ patient_control_number: "NOT-OURS-2" }]);
  });

  it("applies a reversal and its correction in order, in one chunk or across two", async () => {
    await storeClaims("FILL", CLPS_PER_CHUNK, "accepted");
    await storeClaims("REV", 2, "paid");
    const payments = Array.from({ length: CLPS_PER_CHUNK }, (_, i) => paid(`FILL${i}`));
    // REV0: reversal and correction side by side in the first chunk.
    payments.splice(10, 0, reversal("REV0"), paid("REV0"));
    // REV1: the reversal ends the first chunk, its correction starts the second.
    payments.splice(CLPS_PER_CHUNK - 1, 0, reversal("REV1"), paid("REV1"));
    expect(payments[CLPS_PER_CHUNK - 1]?.patientControlNumber).toBe("REV1");
    expect(payments[CLPS_PER_CHUNK]?.patientControlNumber).toBe("REV1");
    const { file, tally } = await post("TRN-REV-1", payments);

    expect(tally).toMatchObject({ posted: CLPS_PER_CHUNK + 4, unmatched: 0, recorded: 0 });
    for (const pcn of ["REV0", "REV1"]) {
      expect(await getClaim(db, TENANT, `c-${pcn}`)).toMatchObject({ state: "paid" });
      const steps = (await claimTimeline(db, TENANT, `c-${pcn}`))
        .filter((e) => e.fileId === file.id)
        .map((e) => `${e.from}>${e.to}`);
      expect(steps).toEqual(["paid>reopened", "reopened>paid"]);
      const { rows } = await db.query<{ reversal: boolean }>(
        "select reversal from claim_payments where tenant_id = $1 and claim_id = $2 order by position",
        [TENANT, `c-${pcn}`],
      );
      expect(rows.map((r) => r.reversal)).toEqual([true, false]);
    }
  });

  it("posts nothing of a file when a write in a later chunk fails, and leaves it to retry", async () => {
    await storeClaims("FAIL", CLPS_PER_CHUNK + 2, "accepted");
    // A write that fails in the second chunk: the timeline row of one claim is refused.
    await db.execScript(`
      create function refuse_fail_claim() returns trigger language plpgsql as $$
      begin
        if new.claim_id = 'c-FAIL${CLPS_PER_CHUNK + 1}' then raise exception 'refused'; end if;
        return new;
      end $$;
      create trigger refuse_fail_claim before insert on claim_events
        for each row execute function refuse_fail_claim();`);
    try {
      const payments = Array.from({ length: CLPS_PER_CHUNK + 2 }, (_, i) => paid(`FAIL${i}`));
      const { file } = await recordInbound(
        db,
        TENANT,
        "835",
        "fail.835",
        remittanceText(++isa, "TRN-FAIL-1", payments),
      );
      await expect(ingest(db, TENANT, file.id)).rejects.toMatchObject({
        code: "STORE_QUERY_FAILED",
      });
      expect(
        await count(
          "select count(*)::int as n from claims where tenant_id = $1 and id like 'c-FAIL%' and state <> 'accepted'",
          [TENANT],
        ),
      ).toBe(0);
      expect(
        await count("select count(*)::int as n from remittances where trace_number = $1", [
          "TRN-FAIL-1",
        ]),
      ).toBe(0);
      expect(
        await count(
          "select count(*)::int as n from claim_payments p join claims c on c.id = p.claim_id where c.id like 'c-FAIL%'",
          [],
        ),
      ).toBe(0);
      const { rows } = await db.query<{ state: string }>(
        "select state from files where tenant_id = $1 and id = $2",
        [TENANT, file.id],
      );
      expect(rows[0]?.state).toBe("received");
    } finally {
      await db.execScript(
        "drop trigger refuse_fail_claim on claim_events; drop function refuse_fail_claim();",
      );
    }
  });
});
