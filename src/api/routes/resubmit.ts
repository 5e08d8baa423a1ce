/**
 * POST /v1/claims/:id/resubmit with `{ action: "correct" | "replace" | "void", encounter }`:
 * the claim goes back to scrub with the corrected encounter and is sent again as a new
 * original (correct: rejected or held claims), a replacement (7) or a void (8) naming the
 * payer's claim number (replace and void: adjudicated claims). 202 with the claim; 400 for a
 * bad body (paths and rules, no values); 404 for a claim the tenant does not have; 409
 * ILLEGAL_TRANSITION when the claim's state does not allow the action, NO_PAYER_CLAIM_NUMBER
 * when a replacement or void has no payer claim number to name. `Idempotency-Key` as on
 * POST /v1/encounters.
 */
import type { FastifyPluginCallback } from "fastify";
import { resubmitClaim } from "../../pipeline/resubmit.js";
import type { ResubmitResult } from "../../pipeline/resubmit.js";
import { claimSummary } from "../claim-view.js";
import { idempotent, problemOutcome, sendOutcome } from "../idempotent.js";
import type { Outcome } from "../idempotent.js";
import { PROBLEM_CODES } from "../problem.js";
import type { ApiDeps } from "../server.js";

function outcomeOf(result: ResubmitResult): Outcome {
  const problem = (code: keyof typeof PROBLEM_CODES, extra: Record<string, unknown>) =>
    problemOutcome(PROBLEM_CODES[code].status, code, PROBLEM_CODES[code].title, extra);
  switch (result.outcome) {
    case "resubmitted":
      return {
        status: 202,
        body: {
          ...claimSummary(result.claim),
          resubmission: {
            action: result.action,
            frequencyCode: result.frequencyCode,
            originalPayerClaimNumber: result.originalPayerClaimNumber,
          },
        },
      };
    case "invalid":
      return problem("VALIDATION_FAILED", { detail: "See errors.", errors: result.problems });
    case "not_found":
      return problem("NOT_FOUND", { detail: "No such claim." });
    case "not_allowed":
      return problem("ILLEGAL_TRANSITION", {
        detail: `A claim in state ${result.state} cannot be resubmitted with action ${result.action}.`,
        state: result.state,
        action: result.action,
        allowedFrom: result.allowedFrom,
      });
    case "no_payer_claim_number":
      return problem("NO_PAYER_CLAIM_NUMBER", {
        detail: `Action ${result.action} names the payer's claim number (REF*F8); the claim has none.`,
        action: result.action,
      });
  }
}

export const resubmitRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.post<{ Params: { id: string } }>("/v1/claims/:id/resubmit", async (request, reply) => {
    const { tenantId, body } = request;
    const claimId = request.params.id;
    const key = request.headers["idempotency-key"];
    // The claim is part of what was asked: the same key and body for another claim conflict.
    const outcome = await idempotent(deps.db, tenantId, key, { claimId, body }, async () =>
      outcomeOf(await resubmitClaim(deps, tenantId, claimId, body)),
    );
    return sendOutcome(reply, outcome, `/v1/claims/${claimId}`);
  });
  done();
};
