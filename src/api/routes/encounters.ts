/**
 * POST /v1/encounters: one coded encounter → a claim in state `received` (201), or the schema
 * problems (400), or a conflict when the patient control number was used before (409).
 * An `Idempotency-Key` header makes a retried request return the first response.
 * POST /v1/encounters/batch: up to 1000 encounters; each gets its own result and a bad one does
 * not stop the others.
 */
import { createHash } from "node:crypto";
import type { FastifyPluginCallback, FastifyReply } from "fastify";
import { receiveEncounter } from "../../pipeline/intake.js";
import type { IntakeResult } from "../../pipeline/intake.js";
import { findIdempotentResponse, saveIdempotentResponse } from "../../store/idempotency.js";
import { claimSummary } from "../claim-view.js";
import type { ApiMetrics } from "../metrics.js";
import { ApiProblem, PROBLEM_CODES, sendProblem } from "../problem.js";
import type { ApiDeps } from "../server.js";

export const MAX_BATCH = 1000;

interface Outcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function outcomeOf(result: IntakeResult): Outcome {
  switch (result.outcome) {
    case "received":
      return { status: 201, body: claimSummary(result.claim) };
    case "invalid":
      return {
        status: 400,
        body: {
          code: "VALIDATION_FAILED",
          title: PROBLEM_CODES.VALIDATION_FAILED.title,
          errors: result.problems,
        },
      };
    case "duplicate":
      return {
        status: 409,
        body: {
          code: "CONFLICT",
          title: PROBLEM_CODES.CONFLICT.title,
          detail: "A claim with this patientControlNumber exists for the tenant.",
        },
      };
  }
}

function send(reply: FastifyReply, outcome: Outcome) {
  if (outcome.status >= 400) {
    const { code, detail, ...extra } = outcome.body as { code: "CONFLICT"; detail?: string };
    return sendProblem(reply, code, detail, extra);
  }
  return reply
    .status(outcome.status)
    .header("location", `/v1/claims/${String(outcome.body.id)}`)
    .send(outcome.body);
}

const hashBody = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex");

export const encounterRoutes: FastifyPluginCallback<{ deps: ApiDeps; metrics: ApiMetrics }> = (
  app,
  { deps, metrics },
  done,
) => {
  const intake = async (tenantId: string, body: unknown): Promise<Outcome> => {
    const result = await receiveEncounter(deps, tenantId, body);
    metrics.observeEncounter(result.outcome);
    return outcomeOf(result);
  };

  app.post("/v1/encounters", async (request, reply) => {
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string" || key === "") {
      return send(reply, await intake(request.tenantId, request.body));
    }
    const requestHash = hashBody(request.body);
    const earlier = await findIdempotentResponse(deps.db, request.tenantId, key);
    if (earlier && earlier.requestHash !== requestHash)
      throw new ApiProblem("IDEMPOTENCY_CONFLICT");
    if (earlier) {
      return send(reply, { status: earlier.statusCode, body: earlier.response as Outcome["body"] });
    }
    const outcome = await intake(request.tenantId, request.body);
    const stored = await saveIdempotentResponse(deps.db, request.tenantId, key, {
      requestHash,
      statusCode: outcome.status,
      response: outcome.body,
    });
    return send(reply, { status: stored.statusCode, body: stored.response as Outcome["body"] });
  });

  app.post("/v1/encounters/batch", async (request, reply) => {
    const body = request.body as { encounters?: unknown } | null;
    if (!body || !Array.isArray(body.encounters)) {
      throw new ApiProblem("VALIDATION_FAILED", "The body must be { encounters: [...] }.");
    }
    if (body.encounters.length > MAX_BATCH) {
      throw new ApiProblem("BATCH_TOO_LARGE", `At most ${MAX_BATCH} encounters per request.`);
    }
    const results = [];
    for (const [index, encounter] of (body.encounters as unknown[]).entries()) {
      const outcome = await intake(request.tenantId, encounter);
      results.push({ index, status: outcome.status, ...outcome.body });
    }
    const received = results.filter((r) => r.status === 201).length;
    return reply.status(200).send({ received, rejected: results.length - received, results });
  });
  done();
};
