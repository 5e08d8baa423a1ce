import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchPartner } from "../../src/pipeline/batch.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { exampleEncounter, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { postgresBackend } from "../support/postgres.js";

const CLAIMS = 3000;

/** A batch run in its own process, so the test can SIGKILL it inside its transaction. */
function batchInChild(url: string): ChildProcess {
  const module = (p: string) => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).href);
  const code = `
    const { openPostgres } = await import(${module("store/postgres.ts")});
    const { storePartners } = await import(${module("pipeline/sessions.ts")});
    const { batchPartner } = await import(${module("pipeline/batch.ts")});
    const db = openPostgres(process.env.CG_DB);
    let n = 0;
    await batchPartner(
      { db, partners: storePartners(db), now: () => new Date(), newId: () => "child" + ++n },
      { tenantId: "acme", partnerId: "sbx" },
    );
    await db.close();`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    env: { ...process.env, CG_DB: url },
    stdio: "ignore",
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe("a batching process killed inside its transaction (PostgreSQL)", () => {
  const backend = postgresBackend();
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
    const encounter = exampleEncounter("professional-office-visit");
    // Ready claims written straight to the store: scrub is not what this test is about.
    await db.query(
      `insert into claims (id, tenant_id, patient_control_number, claim_type, payer_id, partner_id, state,
         total_charge_cents, encounter)
       select 'c' || g, 'acme', 'PCN' || g, 'professional', 'EXHP1', 'sbx', 'ready', 18500,
         jsonb_set(jsonb_set($1::jsonb, '{patientControlNumber}', to_jsonb('PCN' || g)),
                   '{subscriber,memberId}', to_jsonb('M' || g))
       from generate_series(1, $2::int) g`,
      [JSON.stringify(encounter), CLAIMS],
    );
  });
  afterAll(() => backend.cleanup());

  it("loses no claim and uses no control number; the next run batches every claim once", async () => {
    const child = batchInChild(backend.url());
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    // Kill it once it is writing the claims' timeline rows, i.e. deep inside its transaction.
    const inside = await waitFor(async () => {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and xact_start is not null
           and (query like 'insert into claim_events%' or query like 'insert into submissions%'
                or query like '%update claims set state%')`,
      );
      return (rows[0]?.n ?? 0) > 0;
    }, 60_000);
    expect(inside).toBe(true);
    child.kill("SIGKILL");
    expect(await exited).toBeNull();

    // PostgreSQL rolls the dead session's transaction back once it notices the connection gone.
    expect(
      await waitFor(async () => {
        const { rows } = await db.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and xact_start is not null and pid <> pg_backend_pid()",
        );
        return rows[0]?.n === 0;
      }, 10_000),
    ).toBe(true);
    const states = await db.query<{ state: string; n: number }>(
      "select state, count(*)::int as n from claims group by state",
    );
    expect(states.rows).toEqual([{ state: "ready", n: CLAIMS }]);
    expect((await db.query("select * from control_numbers")).rows).toEqual([]);
    expect((await db.query("select * from files")).rows).toEqual([]);

    let n = 0;
    const files = await batchPartner(
      { db, partners: storePartners(db), now: () => new Date(), newId: () => `p${++n}` },
      { tenantId: "acme", partnerId: "sbx" },
    );
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ isaControlNumber: "000000001", claims: CLAIMS });
    const after = await db.query<{ state: string; n: number }>(
      "select state, count(*)::int as n from claims group by state",
    );
    expect(after.rows).toEqual([{ state: "batched", n: CLAIMS }]);
    const subs = await db.query<{ n: number; distinct_claims: number }>(
      "select count(*)::int as n, count(distinct claim_id)::int as distinct_claims from submissions",
    );
    expect(subs.rows[0]).toEqual({ n: CLAIMS, distinct_claims: CLAIMS });
  });
});
