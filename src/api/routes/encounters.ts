/**
 * POST /v1/encounters: one coded encounter → a claim in state `received` (201), or the schema
 * problems (400), or a conflict when the patient control number was used before (409).
 * An `Idempotency-Key` header makes a retried request return the first response.
 * POST /v1/encounters/batch: up to 1000 encounters stored in one transaction; each gets its own
 * result and a bad one does not stop the others. It takes an `Idempotency-Key` as well.
 */
import type { FastifyPluginCallback } from "fastify";
import { receiveEncounter, receiveEncounters } from "../../pipeline/intake.js";
import type { IntakeResult } from "../../pipeline/intake.js";
import { claimSummary } from "../claim-view.js";
import type { ApiMetrics } from "../metrics.js";
import { idempotent, sendOutcome } from "../idempotent.js";
import type { Outcome } from "../idempotent.js";
import { ApiProblem, PROBLEM_CODES } from "../problem.js";
import type { ApiDeps } from "../server.js";

export const MAX_BATCH = 1000;

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
    const outcome = await idempotent(deps.db, request.tenantId, key, request.body, () =>
      intake(request.tenantId, request.body),
    );
    return sendOutcome(reply, outcome, `/v1/claims/${String(outcome.body.id)}`);
  });

  const batch = async (tenantId: string, encounters: readonly unknown[]): Promise<Outcome> => {
    const outcomes = (await receiveEncounters(deps, tenantId, encounters)).map((result) => {
      metrics.observeEncounter(result.outcome);
      return outcomeOf(result);
    });
    const results = outcomes.map((o, index) => ({ index, status: o.status, ...o.body }));
    const received = results.filter((r) => r.status === 201).length;
    return { status: 200, body: { received, rejected: results.length - received, results } };
  };

  app.post("/v1/encounters/batch", async (request, reply) => {
    const body = request.body as { encounters?: unknown } | null;
    if (!body || !Array.isArray(body.encounters)) {
      throw new ApiProblem("VALIDATION_FAILED", "The body must be { encounters: [...] }.");
    }
    if (body.encounters.length > MAX_BATCH) {
      throw new ApiProblem("BATCH_TOO_LARGE", `At most ${MAX_BATCH} encounters per request.`);
    }
    const encounters = body.encounters as unknown[];
    const key = request.headers["idempotency-key"];
    const outcome = await idempotent(deps.db, request.tenantId, key, body, () =>
      batch(request.tenantId, encounters),
    );
    return reply.status(outcome.status).send(outcome.body);
  });
  done();
};
