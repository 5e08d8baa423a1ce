import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import type { CodedEncounter } from "../../src/domain/encounter.js";
import { receiveEncounter, receiveEncounters } from "../../src/pipeline/intake.js";
import { scrubClaims } from "../../src/pipeline/scrub.js";
import { claimTimeline, getClaim, listClaims } from "../../src/store/claims.js";
import type { Database, Queryable } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { pendingOutboxJobs } from "../../src/store/outbox.js";
import { exampleEncounter, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

/** An office visit of its own patient (member id), so no two are duplicates of each other. */
function visit(n: number): CodedEncounter {
  const base = exampleEncounter("professional-office-visit");
  return {
    ...base,
    patientControlNumber: `BULK-${n}`,
    subscriber: { ...base.subscriber, memberId: `BULKM${n}` },
  };
}

/**
 * The real store, except that the statement matching `failOn` (a bulk insert as `insert into
 * <table>`) throws once inside a transaction: a process dying at that point of the transaction, which PostgreSQL rolls back.
 */
function failingOnce(db: Database, failOn: RegExp): Database {
  let failed = false;
  const guard = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      if (!failed && failOn.test(sql)) {
        failed = true;
        return Promise.reject(new Error("injected crash"));
      }
      return q.query(sql, params);
    },
    execScript: (sql) => q.execScript(sql),
    bulkInsert: (table, constants, columns, size) => {
      if (!failed && failOn.test(`insert into ${table}`)) {
        failed = true;
        return Promise.reject(new Error("injected crash"));
      }
      return q.bulkInsert(table, constants, columns, size);
    },
  });
  return { ...db, transaction: (work) => db.transaction((tx) => work(guard(tx))) };
}

describe.each(backends())("bulk intake and scrub on $kind", (backend) => {
  let db: Database;
  let n = 0;
  const now = () => new Date("2026-03-02T15:00:10Z");
  const deps = (store: Database = db) => ({
    db: store,
    now,
    newId: () => `b${++n}`,
    codeSets: loadCodeSets(),
    payerRules: {},
  });

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  it("stores the good encounters of a batch with one scrub job; a duplicate or invalid one stops nothing", async () => {
    const earlier = await receiveEncounter(deps(), "acme", visit(0));
    expect(earlier.outcome).toBe("received");
    const results = await receiveEncounters(deps(), "acme", [
      visit(1),
      visit(0), // the tenant has this patient control number
      { kind: "professional" }, // schema-invalid
      visit(2),
      { ...visit(3), patientControlNumber: "BULK-1" }, // an earlier body of the batch has it
      visit(4),
    ]);
    expect(results.map((r) => r.outcome)).toEqual([
      "received",
      "duplicate",
      "invalid",
      "received",
      "duplicate",
      "received",
    ]);
    const ids = results.flatMap((r) => (r.outcome === "received" ? [r.claim.id] : []));
    for (const id of ids) {
      expect(await getClaim(db, "acme", id)).toMatchObject({ state: "received" });
      expect((await claimTimeline(db, "acme", id)).map((e) => e.event)).toEqual(["received"]);
    }
    expect(await listClaims(db, "acme")).toHaveLength(4);
    const scrubJobs = (await pendingOutboxJobs(db, 100)).filter((j) => j.queue === "scrub");
    const batchJob = scrubJobs.find((j) => "claimIds" in j.payload);
    expect(batchJob?.payload).toEqual({ tenantId: "acme", claimIds: ids });
    expect(scrubJobs).toHaveLength(2);
  });

  it("stores nothing of a batch whose transaction dies, and takes all of it when sent again", async () => {
    const before = (await listClaims(db, "acme")).length;
    const bodies = [visit(10), visit(11)];
    const crashed = failingOnce(db, /insert into outbox/);
    await expect(receiveEncounters(deps(crashed), "acme", bodies)).rejects.toThrow("injected");
    expect(await listClaims(db, "acme")).toHaveLength(before);
    const again = await receiveEncounters(deps(), "acme", bodies);
    expect(again.map((r) => r.outcome)).toEqual(["received", "received"]);
  });

  it("scrubs a batch in one run: ready with one batch job, a same-claim twin held as duplicate", async () => {
    const twin = { ...visit(20), patientControlNumber: "BULK-20-TWIN" };
    const received = await receiveEncounters(deps(), "acme", [visit(20), twin, visit(21)]);
    const ids = received.map((r) => (r.outcome === "received" ? r.claim.id : ""));
    const outcomes = await scrubClaims(deps(), { tenantId: "acme", claimIds: ids });
    expect(ids.map((id) => outcomes.get(id)?.outcome)).toEqual(["ready", "held", "ready"]);
    expect(await getClaim(db, "acme", ids[1]!)).toMatchObject({
      state: "held",
      owner: "submission",
      reasonCode: "DUPLICATE_CLAIM",
    });
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from claim_edits where tenant_id = 'acme' and claim_id = any($1::text[])",
      [ids],
    );
    expect(rows[0]?.n).toBeGreaterThan(0);
    const batchJobs = (await pendingOutboxJobs(db, 100)).filter((j) => j.queue === "batch");
    // Fewer than a batch wait: one job, at the end of the partner's 60 s interval.
    const slot = Math.floor(now().getTime() / 60_000);
    expect(batchJobs.map((j) => [j.jobId, j.runAt?.toISOString()])).toEqual([
      [`batch-sbx-${slot}`, "2026-03-02T15:01:00.000Z"],
    ]);
    // Run again (a retried job): the same outcomes, nothing moved twice.
    const again = await scrubClaims(deps(), { tenantId: "acme", claimIds: ids });
    expect(ids.map((id) => again.get(id)?.outcome)).toEqual(["ready", "held", "ready"]);
  });

  it("moves nothing when the scrub transaction dies; the retried job scrubs every claim", async () => {
    const received = await receiveEncounters(deps(), "acme", [visit(30), visit(31), visit(32)]);
    const ids = received.map((r) => (r.outcome === "received" ? r.claim.id : ""));
    const crashed = failingOnce(db, /insert into claim_events/);
    await expect(scrubClaims(deps(crashed), { tenantId: "acme", claimIds: ids })).rejects.toThrow(
      "injected",
    );
    for (const id of ids) expect((await getClaim(db, "acme", id))?.state).toBe("received");
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from claim_edits where claim_id = any($1::text[])",
      [ids],
    );
    expect(rows[0]?.n).toBe(0);
    const outcomes = await scrubClaims(deps(), { tenantId: "acme", claimIds: ids });
    expect([...outcomes.values()].map((o) => o.outcome)).toEqual(["ready", "ready", "ready"]);
    for (const id of ids) {
      const events = (await claimTimeline(db, "acme", id)).map((e) => e.event);
      expect(events).toEqual(["received", "scrub_passed"]);
    }
  });

  it("leaves a claim that moved on alone, and names one that does not exist", async () => {
    const received = await receiveEncounters(deps(), "acme", [visit(40)]);
    const id = received[0]?.outcome === "received" ? received[0].claim.id : "";
    await db.query("update claims set state = 'batched' where id = $1", [id]);
    const outcomes = await scrubClaims(deps(), { tenantId: "acme", claimIds: [id, "nope"] });
    expect(outcomes.get(id)).toEqual({ outcome: "skipped", state: "batched" });
    expect(outcomes.get("nope")).toEqual({ outcome: "skipped", state: "missing" });
  });
});
