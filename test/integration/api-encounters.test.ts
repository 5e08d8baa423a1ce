import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/api/auth.js";
import { buildApi } from "../../src/api/server.js";
import { createLogger } from "../../src/logging/logger.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { pendingOutboxJobs } from "../../src/store/outbox.js";
import { phiAccessCount } from "../../src/store/phi-audit.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { backends } from "../support/postgres.js";

const example = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../schemas/examples/${name}.json`, import.meta.url), "utf8"),
  ) as Record<string, unknown>;

const officeVisit = example("professional-office-visit");
const PHI_VALUES = ["Doe", "Jane", "1980-04-12", "XJD123456789", "12 Elm Street"];

describe.each(backends())("enqueue API on $kind", (backend) => {
  let db: Database;
  let app: FastifyInstance;
  const logLines: string[] = [];
  let nextId = 0;
  const auth = { authorization: "Bearer key-acme" };
  const otherAuth = { authorization: "Bearer key-other" };

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await createTenant(db, { id: "acme", name: "Acme" });
    await createTenant(db, { id: "other", name: "Other" });
    await addApiKey(db, "acme", { id: "k1", keyHash: hashApiKey("key-acme") });
    await addApiKey(db, "other", { id: "k2", keyHash: hashApiKey("key-other") });
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApi({
      db,
      newId: () => `claim-${++nextId}`,
      now: () => new Date("2026-03-01T12:00:00Z"),
      logger: createLogger({ level: "debug", destination }),
    });
  });
  afterAll(async () => {
    await app.close();
    await backend.cleanup();
  });

  it("refuses requests without a valid API key", async () => {
    const none = await app.inject({ method: "POST", url: "/v1/encounters", payload: officeVisit });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: "UNAUTHORIZED" });
    const bad = await app.inject({
      method: "GET",
      url: "/v1/claims",
      headers: { authorization: "Bearer nope" },
    });
    expect(bad.statusCode).toBe(401);
  });

  it("turns a coded encounter into a received claim with its scrub job in the outbox", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/encounters",
      headers: auth,
      payload: officeVisit,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ id: string; state: string; totalChargeCents: number }>();
    expect(body).toMatchObject({ state: "received", patientControlNumber: "PCN-2026-0001" });
    const lines = officeVisit.serviceLines as { chargeCents: number }[];
    expect(body.totalChargeCents).toBe(lines.reduce((s, l) => s + l.chargeCents, 0));
    expect(res.headers.location).toBe(`/v1/claims/${body.id}`);
    const jobs = await pendingOutboxJobs(db, 100);
    expect(jobs).toContainEqual(
      expect.objectContaining({ queue: "scrub", jobId: `scrub-${body.id}-0` }),
    );
    expect(JSON.stringify(jobs)).not.toContain("Doe");
  });

  it("answers a second claim with the same patient control number with 409 and stores nothing", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/encounters",
      headers: auth,
      payload: officeVisit,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "CONFLICT" });
    const list = await app.inject({ method: "GET", url: "/v1/claims", headers: auth });
    expect(list.json<{ claims: unknown[] }>().claims).toHaveLength(1);
  });

  it("rejects a malformed encounter with the failing paths and none of its values", async () => {
    const bad = {
      ...officeVisit,
      patientControlNumber: "PCN-BAD",
      serviceLines: [{ procedureCode: "99213", units: "one", chargeCents: -5 }],
    };
    const res = await app.inject({
      method: "POST",
      url: "/v1/encounters",
      headers: auth,
      payload: bad,
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/serviceLines\/0/)]),
    );
    for (const value of [...PHI_VALUES, "one"]) expect(res.body).not.toContain(value);
  });

  it("rejects a body that is not JSON with a clear problem", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/encounters",
      headers: { ...auth, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("returns the first response to a retried request with the same Idempotency-Key", async () => {
    const payload = { ...officeVisit, patientControlNumber: "PCN-IDEM" };
    const headers = { ...auth, "idempotency-key": "req-42" };
    const first = await app.inject({ method: "POST", url: "/v1/encounters", headers, payload });
    const again = await app.inject({ method: "POST", url: "/v1/encounters", headers, payload });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const changed = await app.inject({
      method: "POST",
      url: "/v1/encounters",
      headers,
      payload: { ...payload, frequencyCode: "7" },
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
  });

  it("takes a batch: each encounter gets its result and a bad one does not stop the rest", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/encounters/batch",
      headers: auth,
      payload: {
        encounters: [
          { ...officeVisit, patientControlNumber: "PCN-B1" },
          { kind: "professional" },
          { ...officeVisit, patientControlNumber: "PCN-B3" },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ received: number; results: { index: number; status: number }[] }>();
    expect(body.received).toBe(2);
    expect(body.results.map((r) => r.status)).toEqual([201, 400, 201]);
  });

  it("answers a used patient control number in a batch with 409 and stores the rest, with one scrub job", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/encounters/batch",
      headers: auth,
      payload: {
        encounters: [
          { ...officeVisit, patientControlNumber: "PCN-C1" },
          { ...officeVisit, patientControlNumber: "PCN-B1" },
          { ...officeVisit, patientControlNumber: "PCN-C2", serviceLines: [] },
          { ...officeVisit, patientControlNumber: "PCN-C3" },
        ],
      },
    });
    const body = res.json<{ received: number; results: { status: number; id?: string }[] }>();
    expect(body.results.map((r) => r.status)).toEqual([201, 409, 400, 201]);
    expect(body.results[1]).toMatchObject({ code: "CONFLICT" });
    const ids = [body.results[0]?.id, body.results[3]?.id];
    const jobs = (await pendingOutboxJobs(db, 1000)).filter((j) => j.queue === "scrub");
    expect(jobs.filter((j) => JSON.stringify(j.payload).includes(ids[0]!))).toEqual([
      expect.objectContaining({ payload: { tenantId: "acme", claimIds: ids } }),
    ]);
  });

  it("returns the first response to a retried batch with the same Idempotency-Key", async () => {
    const payload = { encounters: [{ ...officeVisit, patientControlNumber: "PCN-IB1" }] };
    const headers = { ...auth, "idempotency-key": "batch-7" };
    const first = await app.inject({
      method: "POST",
      url: "/v1/encounters/batch",
      headers,
      payload,
    });
    const again = await app.inject({
      method: "POST",
      url: "/v1/encounters/batch",
      headers,
      payload,
    });
    expect(first.json<{ results: { status: number }[] }>().results[0]?.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    const other = await app.inject({
      method: "POST",
      url: "/v1/encounters/batch",
      headers,
      payload: { encounters: [] },
    });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
  });

  it("shows a claim, its timeline and worklists to its tenant only", async () => {
    const list = await app.inject({
      method: "GET",
      url: "/v1/claims?state=received",
      headers: auth,
    });
    const claims = list.json<{ claims: { id: string; patientControlNumber: string }[] }>().claims;
    const first = claims.find((c) => c.patientControlNumber === "PCN-2026-0001");
    expect(first).toBeDefined();
    const one = await app.inject({ method: "GET", url: `/v1/claims/${first!.id}`, headers: auth });
    expect(one.json()).toMatchObject({ id: first!.id, state: "received" });
    expect(one.json()).not.toHaveProperty("encounter");
    const timeline = await app.inject({
      method: "GET",
      url: `/v1/claims/${first!.id}/timeline`,
      headers: auth,
    });
    expect(timeline.json()).toMatchObject({ timeline: [{ event: "received", to: "received" }] });
    const foreign = await app.inject({
      method: "GET",
      url: `/v1/claims/${first!.id}`,
      headers: otherAuth,
    });
    expect(foreign.statusCode).toBe(404);
    const foreignList = await app.inject({ method: "GET", url: "/v1/claims", headers: otherAuth });
    expect(foreignList.json()).toEqual({ claims: [], nextCursor: null });
    const badState = await app.inject({
      method: "GET",
      url: "/v1/claims?state=lost",
      headers: auth,
    });
    expect(badState.statusCode).toBe(400);
  });

  it("filters worklists by payer, reason and dates, and pages with a cursor", async () => {
    const all = await app.inject({ method: "GET", url: "/v1/claims?limit=1000", headers: auth });
    const total = all.json<{ claims: unknown[] }>().claims.length;
    expect(total).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/claims?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await app.inject({ method: "GET", url, headers: auth })).json<{
        claims: { id: string }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.claims.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(total);
    expect(seen.length).toBe(total);
    const byPayer = await app.inject({
      method: "GET",
      url: "/v1/claims?payer=EXHP1",
      headers: auth,
    });
    expect(byPayer.json<{ claims: unknown[] }>().claims.length).toBe(total);
    const otherPayer = await app.inject({
      method: "GET",
      url: "/v1/claims?payer=NOPE",
      headers: auth,
    });
    expect(otherPayer.json<{ claims: unknown[] }>().claims).toEqual([]);
    const future = await app.inject({
      method: "GET",
      url: "/v1/claims?from=2027-01-01",
      headers: auth,
    });
    expect(future.json<{ claims: unknown[] }>().claims).toEqual([]);
    const window = await app.inject({
      method: "GET",
      url: "/v1/claims?from=2026-03-01&to=2026-03-02",
      headers: auth,
    });
    expect(window.json<{ claims: unknown[] }>().claims.length).toBe(total);
    const reason = await app.inject({
      method: "GET",
      url: "/v1/claims?reason=IK3_",
      headers: auth,
    });
    expect(reason.json<{ claims: unknown[] }>().claims).toEqual([]);
    const badDate = await app.inject({
      method: "GET",
      url: "/v1/claims?from=March",
      headers: auth,
    });
    expect(badDate.statusCode).toBe(400);
    const badCursor = await app.inject({
      method: "GET",
      url: "/v1/claims?cursor=xyz",
      headers: auth,
    });
    expect(badCursor.statusCode).toBe(400);
  });

  it("audits each read of a claim's encounter", async () => {
    const list = await app.inject({ method: "GET", url: "/v1/claims", headers: auth });
    const id = list.json<{ claims: { id: string }[] }>().claims[0]!.id;
    const before = await phiAccessCount(db, "acme", id);
    const res = await app.inject({
      method: "GET",
      url: `/v1/claims/${id}?include=encounter`,
      headers: auth,
    });
    expect(res.json<{ encounter: { kind: string } }>().encounter.kind).toBe("professional");
    expect(await phiAccessCount(db, "acme", id)).toBe(before + 1);
  });

  it("keeps PHI out of the logs and the metrics", async () => {
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/claimgate_encounters_total\{outcome="received"\} [1-9]/);
    expect(metrics.body).toMatch(/claimgate_encounters_total\{outcome="invalid"\} [1-9]/);
    const everything = logLines.join("") + metrics.body;
    for (const value of PHI_VALUES) expect(everything).not.toContain(value);
    expect(everything).not.toContain("PCN-2026-0001");
  });

  it("reports health with the store backend", async () => {
    const res = await app.inject({ method: "GET", url: "/healthz" });
    expect(res.json()).toEqual({ status: "ok", store: backend.kind });
  });
});
