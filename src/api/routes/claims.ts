/**
 * Claims for billers and ops: one claim (its encounter only with `?include=encounter`, and
 * that read is audited), its timeline, and worklists filtered by state and owner.
 */
import type { FastifyPluginCallback } from "fastify";
import { CLAIM_STATES } from "../../domain/lifecycle.js";
import type { ClaimState } from "../../domain/lifecycle.js";
import { claimTimeline, getClaim, listClaims } from "../../store/claims.js";
import { recordPhiAccess } from "../../store/phi-audit.js";
import { claimSummary, timelineView } from "../claim-view.js";
import { ApiProblem } from "../problem.js";
import type { ApiDeps } from "../server.js";

interface ClaimParams {
  id: string;
}

interface ListQuery {
  state?: string;
  owner?: string;
  limit?: string;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new ApiProblem("VALIDATION_FAILED", "limit must be an integer from 1 to 1000.");
  }
  return n;
}

function parseState(raw: string | undefined): ClaimState | undefined {
  if (raw === undefined) return undefined;
  const state = CLAIM_STATES.find((s) => s === raw);
  if (!state)
    throw new ApiProblem("VALIDATION_FAILED", `state must be one of ${CLAIM_STATES.join(", ")}.`);
  return state;
}

export const claimRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get<{ Params: ClaimParams; Querystring: { include?: string } }>(
    "/v1/claims/:id",
    async (request) => {
      const claim = await getClaim(deps.db, request.tenantId, request.params.id);
      if (!claim) throw new ApiProblem("NOT_FOUND", "No such claim.");
      if (request.query.include !== "encounter") return claimSummary(claim);
      await recordPhiAccess(deps.db, request.tenantId, {
        claimId: claim.id,
        actor: "api-key",
        purpose: "api:claim",
        at: deps.now(),
      });
      return { ...claimSummary(claim), encounter: claim.encounter };
    },
  );

  app.get<{ Params: ClaimParams }>("/v1/claims/:id/timeline", async (request) => {
    const claim = await getClaim(deps.db, request.tenantId, request.params.id);
    if (!claim) throw new ApiProblem("NOT_FOUND", "No such claim.");
    const timeline = await claimTimeline(deps.db, request.tenantId, claim.id);
    return { claimId: claim.id, state: claim.state, timeline: timeline.map(timelineView) };
  });

  app.get<{ Querystring: ListQuery }>("/v1/claims", async (request) => {
    const claims = await listClaims(deps.db, request.tenantId, {
      state: parseState(request.query.state),
      owner: request.query.owner,
      limit: parseLimit(request.query.limit),
    });
    return { claims: claims.map(claimSummary) };
  });
  done();
};
