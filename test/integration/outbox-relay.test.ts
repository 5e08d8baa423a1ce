import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMany } from "../../src/app/runtime.js";
import { drainOutbox, relayOutbox } from "../../src/pipeline/relay.js";
import { redisOptions } from "../../src/queue/connection.js";
import { JobProducer } from "../../src/queue/producer.js";
import { insertClaim } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { addOutboxJobs, pendingOutboxJobs } from "../../src/store/outbox.js";
import { createTenant } from "../../src/store/tenants.js";
import { postgresBackend } from "../support/postgres.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/redis.js";

describe("outbox relay: store rows become BullMQ jobs on real Redis", () => {
  const backend = postgresBackend();
  const prefix = uniquePrefix("relay");
  let url: string;
  let db: Database;
  let connection: Redis;
  let producer: JobProducer;
  const now = () => new Date("2026-03-01T00:00:00Z");

  beforeAll(async () => {
    url = await testRedisUrl();
    db = await backend.open();
    await migrate(db);
    await createTenant(db, { id: "acme", name: "Acme" });
    connection = new Redis(url, redisOptions("worker"));
    producer = new JobProducer(connection, prefix);
  });
  afterAll(async () => {
    await producer.close();
    connection.disconnect();
    await deletePrefix(url, prefix);
    await backend.cleanup();
  });

  const deps = () => ({
    db,
    now,
    enqueue: (q: Parameters<JobProducer["enqueue"]>[0], id: string, p: object) =>
      producer.enqueue(q, id, p),
  });

  it("enqueues each pending job once with its deterministic id and marks it relayed", async () => {
    for (const n of [1, 2, 3]) {
      await insertClaim(
        db,
        "acme",
        {
          id: `c${n}`,
          patientControlNumber: `P${n}`,
          claimType: "professional",
          payerId: "X",
          totalChargeCents: 100,
          encounter: {},
        },
        { at: now(), cause: "test" },
        [
          {
            queue: "scrub",
            jobId: `scrub-c${n}-0`,
            payload: { tenantId: "acme", claimId: `c${n}` },
          },
        ],
      );
    }
    expect(await drainOutbox(deps())).toBe(3);
    expect(await pendingOutboxJobs(db)).toEqual([]);
    const jobs = await producer.queue("scrub").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.map((j) => j.id).sort()).toEqual(["scrub-c1-0", "scrub-c2-0", "scrub-c3-0"]);
    expect(jobs.find((j) => j.id === "scrub-c1-0")?.data).toEqual({
      tenantId: "acme",
      claimId: "c1",
    });
    expect(jobs[0]?.opts.attempts).toBeGreaterThan(1);
  });

  it("does not duplicate a job when a relay crashed after enqueueing but before marking", async () => {
    // The same job id written twice stands for a relay that enqueued and died before marking.
    await addOutboxJobs(db, [{ queue: "scrub", jobId: "scrub-c1-0", payload: { again: true } }]);
    expect(await relayOutbox(deps())).toBe(1);
    const jobs = await producer.queue("scrub").getJobs(["waiting", "delayed", "prioritized"]);
    expect(jobs.filter((j) => j.id === "scrub-c1-0")).toHaveLength(1);
    expect(jobs.find((j) => j.id === "scrub-c1-0")?.data).toEqual({
      tenantId: "acme",
      claimId: "c1",
    });
  });

  it("refuses a row that names an unknown queue and leaves it pending", async () => {
    await addOutboxJobs(db, [{ queue: "nowhere", jobId: "x", payload: {} }]);
    await expect(relayOutbox(deps())).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    expect((await pendingOutboxJobs(db)).map((j) => j.queue)).toEqual(["nowhere"]);
  });

  it("relays a round in one bulk add: ids kept, delays kept, a job already queued not added again", async () => {
    await db.query("update outbox set relayed_at = $1 where relayed_at is null", [now()]);
    await addOutboxJobs(db, [
      {
        queue: "scrub",
        jobId: "scrub-many-c1-2",
        payload: { tenantId: "acme", claimIds: ["c1", "c2"] },
      },
      { queue: "scrub", jobId: "scrub-c2-0", payload: { again: true } },
      {
        queue: "batch",
        jobId: "batch-sbx-later",
        payload: { tenantId: "acme", partnerId: "sbx" },
        runAt: new Date(now().getTime() + 60_000),
      },
    ]);
    const rounds: number[] = [];
    const bulk = {
      ...deps(),
      enqueueMany: (jobs: Parameters<typeof enqueueMany>[1]) => {
        rounds.push(jobs.length);
        return enqueueMany(producer, jobs);
      },
    };
    expect(await drainOutbox(bulk)).toBe(3);
    expect(rounds).toEqual([3]);
    expect(await pendingOutboxJobs(db)).toEqual([]);
    const many = await producer.queue("scrub").getJob("scrub-many-c1-2");
    expect(many?.data).toEqual({ tenantId: "acme", claimIds: ["c1", "c2"] });
    expect((await producer.queue("scrub").getJob("scrub-c2-0"))?.data).toEqual({
      tenantId: "acme",
      claimId: "c2",
    });
    const later = await producer.queue("batch").getJob("batch-sbx-later");
    expect(later?.opts.delay).toBe(60_000);
    expect(await later?.getState()).toBe("delayed");
  });
});
