/**
 * POST /v1/eligibility: one eligibility question, stored with its send job; the route then
 * waits up to `waitMs` for the 271 and answers 200 with the coverage summary, else 202 with
 * Location /v1/eligibility/:id. Schema problems are 400, a repeated traceId 409, a payer no
 * trading partner routes 422.
 * POST /v1/eligibility/batch: up to 1000 questions, 202 with each one's id or problem.
 * GET /v1/eligibility/:id: the request's state and, once answered, its coverage summary.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyPluginCallback, FastifyReply } from "fastify";
import { requestEligibility } from "../../pipeline/eligibility.js";
import type { EligibilityIntakeResult } from "../../pipeline/eligibility.js";
import { eligibilitySummaries, getEligibilityRequest } from "../../store/eligibility.js";
import type { EligibilityRecord } from "../../store/eligibility.js";
import type { Queryable } from "../../store/database.js";
import { ApiProblem, PROBLEM_CODES, sendProblem } from "../problem.js";
import type { ProblemCode } from "../problem.js";
import type { ApiDeps } from "../server.js";

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

/** What a caller sees of a request: ids, state and the latest coverage summary. */
async function view(db: Queryable, record: EligibilityRecord) {
  const summaries = await eligibilitySummaries(db, record.tenantId, record.id);
  return {
    id: record.id,
    traceId: record.traceId,
    state: record.state,
    createdAt: record.createdAt.toISOString(),
    ...(record.answeredAt === null ? {} : { answeredAt: record.answeredAt.toISOString() }),
    ...(summaries.length === 0 ? {} : { coverage: summaries[summaries.length - 1] }),
  };
}

const locationOf = (id: string) => `/v1/eligibility/${id}`;

async function waitForAnswer(deps: ApiDeps, record: EligibilityRecord, waitMs: number) {
  const deadline = Date.now() + waitMs;
  let current = record;
  while (current.state !== "answered" && Date.now() < deadline) {
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    current = (await getEligibilityRequest(deps.db, record.tenantId, record.id)) ?? current;
  }
  return current;
}

function sendStored(reply: FastifyReply, status: 200 | 202, body: { id: string }) {
  return reply.status(status).header("location", locationOf(body.id)).send(body);
}

export const eligibilityRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (
  app,
  { deps },
  done,
) => {
  app.post("/v1/eligibility", async (request, reply) => {
    const result = await requestEligibility(deps, request.tenantId, request.body);
    if (result.outcome !== "received") {
      const { code, detail, extra } = refusal(result);
      return sendProblem(reply, code, detail, { ...extra });
    }
    const answered = await waitForAnswer(deps, result.request, deps.waitMs ?? DEFAULT_WAIT_MS);
    const body = await view(deps.db, answered);
    return sendStored(reply, answered.state === "answered" ? 200 : 202, body);
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
    const results = [];
    for (const [index, item] of (body.requests as unknown[]).entries()) {
      const result = await requestEligibility(deps, request.tenantId, item);
      if (result.outcome === "received") {
        const { id, traceId } = result.request;
        results.push({ index, status: 202, id, traceId, location: locationOf(id) });
        continue;
      }
      const { code, detail, extra } = refusal(result);
      const { status, title } = PROBLEM_CODES[code];
      results.push({ index, status, code, title, ...(detail ? { detail } : {}), ...extra });
    }
    const accepted = results.filter((r) => r.status === 202).length;
    return reply.status(202).send({ accepted, rejected: results.length - accepted, results });
  });

  app.get<{ Params: { id: string } }>("/v1/eligibility/:id", async (request, reply) => {
    const record = await getEligibilityRequest(deps.db, request.tenantId, request.params.id);
    if (record === undefined) throw new ApiProblem("NOT_FOUND", "No such eligibility request.");
    return reply.status(200).send(await view(deps.db, record));
  });
  done();
};
