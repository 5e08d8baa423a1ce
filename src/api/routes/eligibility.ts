/**
 * POST /v1/eligibility: one eligibility question, stored with its send job; the route then
 * waits up to `waitMs` for the outcome and answers 200 with it (the coverage summary, or the
 * failure when the partner rejected the 270), else 202 with Location /v1/eligibility/:id.
 * Schema problems are 400, a repeated traceId 409, a payer no trading partner routes 422.
 * POST /v1/eligibility/batch: up to 1000 questions stored together (each partner's go out
 * in one 270 file), 202 with each one's id or problem.
 * Both take an `Idempotency-Key`: the key is stored in the transaction that stores the
 * requests, so a retry never stores a second request; it gets the first call's response
 * (while the first call still waits, the 202 of the stored request).
 * GET /v1/eligibility/:id: the request's state and, once answered, its coverage summary, or
 * once failed, why (rejected by the partner's TA1/999, or timed out).
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyPluginCallback, FastifyReply } from "fastify";
import { requestEligibility, requestEligibilityBatch } from "../../pipeline/eligibility.js";
import type { EligibilityIntakeResult } from "../../pipeline/eligibility.js";
import { eligibilitySummaries, getEligibilityRequest } from "../../store/eligibility.js";
import type { EligibilityRecord } from "../../store/eligibility.js";
import type { Queryable } from "../../store/database.js";
import {
  findIdempotentResponse,
  replaceIdempotentResponse,
  saveIdempotentResponse,
} from "../../store/idempotency.js";
import type { StoredResponse } from "../../store/idempotency.js";
import { ApiProblem, PROBLEM_CODES } from "../problem.js";
import type { ProblemCode } from "../problem.js";
import type { ApiDeps } from "../server.js";
import { sendOutcome, type Outcome } from "../idempotent.js";

export const MAX_ELIGIBILITY_BATCH = 1000;
export const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 100;

type Refusal = Exclude<EligibilityIntakeResult, { outcome: "received" }>;

function refusal(result: Refusal): { code: ProblemCode; detail?: string; extra: object } {
  switch (result.outcome) {
    case "invalid":
      return { code: "VALIDATION_FAILED", extra: { errors: result.problems } };
    case "duplicate":
      return {
        code: "CONFLICT",
        detail: "An eligibility request with this traceId exists for the tenant.",
        extra: {},
      };
    case "no_partner":
      return { code: "UNROUTABLE", detail: "No trading partner routes payer.id.", extra: {} };
  }
}

function refusalOutcome(result: Refusal): Outcome {
  const { code, detail, extra } = refusal(result);
  const { status, title } = PROBLEM_CODES[code];
  return { status, body: { code, title, ...(detail ? { detail } : {}), ...extra } };
}

const isDone = (r: EligibilityRecord) => r.state === "answered" || r.state === "failed";

/** What a caller sees of a request: ids, state and the latest coverage summary or failure. */
function viewOf(record: EligibilityRecord, summaries: readonly unknown[]) {
  const failed = record.state === "failed" && record.failure !== null;
  return {
    id: record.id,
    traceId: record.traceId,
    state: record.state,
    createdAt: record.createdAt.toISOString(),
    ...(record.answeredAt === null ? {} : { answeredAt: record.answeredAt.toISOString() }),
    ...(summaries.length === 0 ? {} : { coverage: summaries[summaries.length - 1] }),
    ...(failed && record.failedAt !== null ? { failedAt: record.failedAt.toISOString() } : {}),
    ...(failed ? { failure: record.failure } : {}),
  };
}

async function view(db: Queryable, record: EligibilityRecord) {
  return viewOf(record, await eligibilitySummaries(db, record.tenantId, record.id));
}

const locationOf = (id: string) => `/v1/eligibility/${id}`;

async function waitForOutcome(deps: ApiDeps, record: EligibilityRecord, waitMs: number) {
  const deadline = Date.now() + waitMs;
  let current = record;
  while (!isDone(current) && Date.now() < deadline) {
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    current = (await getEligibilityRequest(deps.db, record.tenantId, record.id)) ?? current;
  }
  return current;
}

function send(reply: FastifyReply, outcome: Outcome) {
  const id = outcome.body.id;
  return sendOutcome(reply, outcome, typeof id === "string" ? locationOf(id) : undefined);
}

/** The body hashed with its route: a key reused on another route is a conflict, not a replay. */
const hashOf = (route: string, body: unknown) =>
  createHash("sha256").update(route).update("\u0000").update(JSON.stringify(body)).digest("hex");

const asOutcome = (s: StoredResponse): Outcome => ({
  status: s.statusCode,
  body: s.response as Outcome["body"],
});

/** The first outcome of one question: the request as stored (202), or why it was refused. */
function firstOutcome(result: EligibilityIntakeResult): Outcome {
  if (result.outcome !== "received") return refusalOutcome(result);
  return { status: 202, body: viewOf(result.request, []) };
}

function batchOutcome(results: readonly EligibilityIntakeResult[]): Outcome {
  const items = results.map((result, index) => {
    if (result.outcome !== "received") {
      return { index, ...refusalOutcome(result).body, status: refusalOutcome(result).status };
    }
    const { id, traceId } = result.request;
    return { index, status: 202, id, traceId, location: locationOf(id) };
  });
  const accepted = items.filter((r) => r.status === 202).length;
  return { status: 202, body: { accepted, rejected: items.length - accepted, results: items } };
}

interface Keyed {
  readonly key: string;
  readonly requestHash: string;
}

/** The header's key with the request's hash; undefined without a key. */
function keyed(header: unknown, route: string, body: unknown): Keyed | undefined {
  if (typeof header !== "string" || header === "") return undefined;
  return { key: header, requestHash: hashOf(route, body) };
}

export const eligibilityRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (
  app,
  { deps },
  done,
) => {
  /** An earlier response for the key, when there is one (a key of another body: 409). */
  const earlierFor = async (tenantId: string, k: Keyed | undefined) => {
    if (k === undefined) return undefined;
    const earlier = await findIdempotentResponse(deps.db, tenantId, k.key);
    if (earlier && earlier.requestHash !== k.requestHash)
      throw new ApiProblem("IDEMPOTENCY_CONFLICT");
    return earlier && asOutcome(earlier);
  };

  /**
   * In the intake's transaction: stores the key with this outcome. A key that another
   * request stored meanwhile wins (this one's requests are rolled back when its body differs).
   */
  const storeKey =
    (tenantId: string, k: Keyed | undefined, outcome: Outcome, standing: { value?: Outcome }) =>
    async (tx: Queryable) => {
      if (k === undefined) return;
      const stored = await saveIdempotentResponse(tx, tenantId, k.key, {
        requestHash: k.requestHash,
        statusCode: outcome.status,
        response: outcome.body,
      });
      if (stored.requestHash !== k.requestHash) throw new ApiProblem("IDEMPOTENCY_CONFLICT");
      standing.value = asOutcome(stored);
    };

  app.post("/v1/eligibility", async (request, reply) => {
    const tenantId = request.tenantId;
    const k = keyed(request.headers["idempotency-key"], "eligibility", request.body);
    const earlier = await earlierFor(tenantId, k);
    if (earlier) return send(reply, earlier);
    const standing: { value?: Outcome } = {};
    const result = await requestEligibility(deps, tenantId, request.body, {
      within: async (tx, [first]) => {
        const outcome = firstOutcome(first as EligibilityIntakeResult);
        await storeKey(tenantId, k, outcome, standing)(tx);
      },
    });
    // A twin with the same key stored first: its response stands (ours was a duplicate).
    if (result.outcome !== "received") return send(reply, standing.value ?? firstOutcome(result));
    const finished = await waitForOutcome(deps, result.request, deps.waitMs ?? DEFAULT_WAIT_MS);
    const final: Outcome = {
      status: isDone(finished) ? 200 : 202,
      body: await view(deps.db, finished),
    };
    if (k !== undefined) {
      const { requestHash, key } = k;
      const response = { requestHash, statusCode: final.status, response: final.body };
      await replaceIdempotentResponse(deps.db, tenantId, key, response);
    }
    return send(reply, final);
  });

  app.post("/v1/eligibility/batch", async (request, reply) => {
    const body = request.body as { requests?: unknown } | null;
    if (!body || !Array.isArray(body.requests)) {
      throw new ApiProblem("VALIDATION_FAILED", "The body must be { requests: [...] }.");
    }
    if (body.requests.length > MAX_ELIGIBILITY_BATCH) {
      throw new ApiProblem(
        "BATCH_TOO_LARGE",
        `At most ${MAX_ELIGIBILITY_BATCH} eligibility requests per request.`,
      );
    }
    const tenantId = request.tenantId;
    const k = keyed(request.headers["idempotency-key"], "eligibility/batch", request.body);
    const earlier = await earlierFor(tenantId, k);
    if (earlier) return send(reply, earlier);
    const standing: { value?: Outcome } = {};
    const results = await requestEligibilityBatch(deps, tenantId, body.requests as unknown[], {
      within: (tx, all) => storeKey(tenantId, k, batchOutcome(all), standing)(tx),
    });
    return send(reply, standing.value ?? batchOutcome(results));
  });

  app.get<{ Params: { id: string } }>("/v1/eligibility/:id", async (request, reply) => {
    const record = await getEligibilityRequest(deps.db, request.tenantId, request.params.id);
    if (record === undefined) throw new ApiProblem("NOT_FOUND", "No such eligibility request.");
    return reply.status(200).send(await view(deps.db, record));
  });
  done();
};
