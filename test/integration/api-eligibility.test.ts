import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/api/auth.js";
import { buildApi } from "../../src/api/server.js";
import { createLogger } from "../../src/logging/logger.js";
import { sendEligibilityRequest } from "../../src/pipeline/eligibility.js";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { answer270File } from "../../src/sandbox/eligibility-scenarios.js";
import type { Database } from "../../src/store/database.js";
import { fileContent, recordFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

const example = JSON.parse(
  readFileSync(
    new URL("../../schemas/examples/eligibility/subscriber.json", import.meta.url),
    "utf8",
  ),
) as { subscriber: Record<string, unknown> } & Record<string, unknown>;

const question = (traceId: string, memberId: string) => ({
  ...example,
  traceId,
  subscriber: { ...example.subscriber, memberId },
});

describe.each(backends())("eligibility API on $kind", (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let n = 0;
  let isa = 700;
  const now = () => new Date("2026-03-01T12:00:00Z");
  const newId = () => `e${++n}`;
  const auth = { authorization: "Bearer key-acme" };
  const otherAuth = { authorization: "Bearer key-other" };

  /** What the worker and the payer do: send the pending request, answer its 270, ingest. */
  async function payerAnswers(requestId: string) {
    const deps = { db, now, newId, partners: storePartners(db) };
    const sent = await sendEligibilityRequest(deps, { tenantId: "acme", requestId });
    if (sent.outcome !== "sent") throw new Error(sent.outcome);
    const text = answer270File((await fileContent(db, "acme", sent.fileId)) ?? new Uint8Array(), {
      controlNumbers: { isa: ++isa, gs: isa, firstSt: 1 },
      date: "20260301",
      time: "1200",
    });
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: newId(),
        partnerId: "sbx",
        direction: "inbound",
        kind: "271",
        name: `271-${isa}.x12`,
        state: "received",
        content: Buffer.from(text ?? ""),
      },
      now(),
    );
    await ingestFile(deps, { tenantId: "acme", fileId: file.id });
  }

  async function pendingId(traceId: string): Promise<string> {
    for (;;) {
      const { rows } = await db.query<{ id: string }>(
        "select id from eligibility_requests where trace_id = $1",
        [traceId],
      );
      if (rows[0]) return rows[0].id;
      await sleep(20);
    }
  }

  async function api(waitMs: number) {
    return buildApi({ db, newId, now, logger: createLogger({ level: "silent" }), waitMs });
  }

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
    await createTenant(db, { id: "other", name: "Other" });
    await addApiKey(db, "acme", { id: "k1", keyHash: hashApiKey("key-acme") });
    await addApiKey(db, "other", { id: "k2", keyHash: hashApiKey("key-other") });
    app = await api(150);
  });
  afterAll(async () => {
    await app.close();
    await backend.cleanup();
  });

  it("answers 202 with a Location when no 271 came within waitMs, then GET shows the answer", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/eligibility",
      headers: auth,
      payload: question("API-202", "SBX-ELIG-INACT-1"),
    });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ id: string; state: string }>();
    expect(body.state).toBe("pending");
    expect(res.headers.location).toBe(`/v1/eligibility/${body.id}`);
    await payerAnswers(body.id);
    const got = await app.inject({
      method: "GET",
      url: `/v1/eligibility/${body.id}`,
      headers: auth,
    });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id: body.id,
      traceId: "API-202",
      state: "answered",
      coverage: { active: false, trace: "API-202" },
    });
    const other = await app.inject({
      method: "GET",
      url: `/v1/eligibility/${body.id}`,
      headers: otherAuth,
    });
    expect(other.statusCode).toBe(404);
    expect(other.headers["content-type"]).toContain("application/problem+json");
  });

  it("answers 200 with the coverage summary when the 271 arrives while it waits", async () => {
    const waiting = await api(5000);
    try {
      const posting = waiting.inject({
        method: "POST",
        url: "/v1/eligibility",
        headers: auth,
        payload: question("API-200", "SBX-ELIG-ACTIVE-1"),
      });
      await payerAnswers(await pendingId("API-200"));
      const res = await posting;
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        traceId: "API-200",
        state: "answered",
        coverage: { active: true, trace: "API-200" },
      });
    } finally {
      await waiting.close();
    }
  });

  it("maps schema problems to 400, a repeated traceId to 409 and an unrouted payer to 422", async () => {
    const post = (payload: unknown) =>
      app.inject({
        method: "POST",
        url: "/v1/eligibility",
        headers: auth,
        payload: payload as object,
      });
    const invalid = await post({ traceId: "X" });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await post(question("API-DUP", "M1"))).statusCode).toBe(202);
    const dup = await post(question("API-DUP", "M2"));
    expect(dup.statusCode).toBe(409);
    const unrouted = await post({
      ...question("API-422", "M3"),
      payer: { id: "NOBODY", name: "N" },
    });
    expect(unrouted.statusCode).toBe(422);
    expect(unrouted.json()).toMatchObject({ code: "UNROUTABLE" });
    expect(JSON.stringify(unrouted.json())).not.toContain("NOBODY");
  });

  it("takes a batch: 202 with an id per stored request and a problem per refused one", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/eligibility/batch",
      headers: auth,
      payload: {
        requests: [question("API-B1", "M1"), { traceId: "bad" }, question("API-B2", "M2")],
      },
    });
    expect(res.statusCode).toBe(202);
    const body = res.json<{
      accepted: number;
      rejected: number;
      results: { status: number; id?: string }[];
    }>();
    expect(body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(body.results.map((r) => r.status)).toEqual([202, 400, 202]);
    const stored = await db.query<{ n: number }>(
      "select count(*)::int as n from eligibility_requests where trace_id in ('API-B1', 'API-B2')",
    );
    expect(stored.rows[0]?.n).toBe(2);
    const tooMany = await app.inject({
      method: "POST",
      url: "/v1/eligibility/batch",
      headers: auth,
      payload: { requests: Array.from({ length: 1001 }, () => ({})) },
    });
    expect(tooMany.statusCode).toBe(413);
  });

  it("honours Idempotency-Key on POST /v1/eligibility: same key, same response, one request", async () => {
    const post = (payload: object, key: string) =>
      app.inject({
        method: "POST",
        url: "/v1/eligibility",
        headers: { ...auth, "idempotency-key": key },
        payload,
      });
    const first = await post(question("API-IDEM-1", "SBX-ELIG-ACTIVE-9"), "idem-1");
    expect(first.statusCode).toBe(202);
    const again = await post(question("API-IDEM-1", "SBX-ELIG-ACTIVE-9"), "idem-1");
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    const stored = await db.query<{ n: number }>(
      "select count(*)::int as n from eligibility_requests where trace_id = 'API-IDEM-1'",
    );
    expect(stored.rows[0]?.n).toBe(1);
    const jobs = await db.query<{ n: number }>(
      "select count(*)::int as n from outbox where queue = 'eligibility' and job_id = $1",
      [`eligibility-${first.json<{ id: string }>().id}`],
    );
    expect(jobs.rows[0]?.n).toBe(1);
    // Another body under the same key is a conflict, and stores nothing.
    const other = await post(question("API-IDEM-2", "SBX-ELIG-ACTIVE-9"), "idem-1");
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    const none = await db.query<{ n: number }>(
      "select count(*)::int as n from eligibility_requests where trace_id = 'API-IDEM-2'",
    );
    expect(none.rows[0]?.n).toBe(0);
    // A refusal is replayed as well.
    const bad = await post({ traceId: "X" }, "idem-bad");
    expect(bad.statusCode).toBe(400);
    const badAgain = await post({ traceId: "X" }, "idem-bad");
    expect(badAgain.statusCode).toBe(400);
    expect(badAgain.json()).toEqual(bad.json());
  });

  it("replays the final answer of a keyed POST that waited for its 271", async () => {
    const waiting = await api(5000);
    try {
      const headers = { ...auth, "idempotency-key": "idem-wait" };
      const payload = question("API-IDEM-W", "SBX-ELIG-INACT-9");
      const posting = waiting.inject({ method: "POST", url: "/v1/eligibility", headers, payload });
      const id = await pendingId("API-IDEM-W");
      // Retried while the first call still waits: the stored request, never a second one.
      const during = await waiting.inject({
        method: "POST",
        url: "/v1/eligibility",
        headers,
        payload,
      });
      expect(during.statusCode).toBe(202);
      expect(during.json()).toMatchObject({ id, state: "pending" });
      await payerAnswers(id);
      const first = await posting;
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ id, state: "answered", coverage: { active: false } });
      const after = await waiting.inject({
        method: "POST",
        url: "/v1/eligibility",
        headers,
        payload,
      });
      expect(after.statusCode).toBe(200);
      expect(after.json()).toEqual(first.json());
      const stored = await db.query<{ n: number }>(
        "select count(*)::int as n from eligibility_requests where trace_id = 'API-IDEM-W'",
      );
      expect(stored.rows[0]?.n).toBe(1);
    } finally {
      await waiting.close();
    }
  });

  it("honours Idempotency-Key on the batch: the retry gets the first ids, nothing stored twice", async () => {
    const post = () =>
      app.inject({
        method: "POST",
        url: "/v1/eligibility/batch",
        headers: { ...auth, "idempotency-key": "idem-batch" },
        payload: { requests: [question("API-IB-1", "M1"), question("API-IB-2", "M2")] },
      });
    const first = await post();
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ accepted: 2, rejected: 0 });
    const again = await post();
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const stored = await db.query<{ n: number }>(
      "select count(*)::int as n from eligibility_requests where trace_id in ('API-IB-1', 'API-IB-2')",
    );
    expect(stored.rows[0]?.n).toBe(2);
    // The same key on the single route is another request: a conflict, not a replay.
    const single = await app.inject({
      method: "POST",
      url: "/v1/eligibility",
      headers: { ...auth, "idempotency-key": "idem-batch" },
      payload: question("API-IB-1", "M1"),
    });
    expect(single.statusCode).toBe(409);
    expect(single.json()).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
  });

  it("shows a failed request's reason on GET", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/eligibility",
      headers: auth,
      payload: question("API-FAILED", "SBX-ELIG-ACTIVE-8"),
    });
    const { id } = res.json<{ id: string }>();
    const failure = {
      reason: "rejected",
      source: "TA1",
      code: "TA1_025",
      message:
        "The partner rejected the interchange (TA1 note 025): Duplicate interchange control number.",
      codes: ["025"],
    };
    await db.query(
      "update eligibility_requests set state = 'failed', failure = $2, failed_at = $3 where id = $1",
      [id, JSON.stringify(failure), now()],
    );
    const got = await app.inject({ method: "GET", url: `/v1/eligibility/${id}`, headers: auth });
    expect(got.json()).toMatchObject({
      id,
      state: "failed",
      failedAt: now().toISOString(),
      failure,
    });
  });

  it("requires an API key", async () => {
    const res = await app.inject({ method: "GET", url: "/v1/eligibility/e1" });
    expect(res.statusCode).toBe(401);
  });
});
