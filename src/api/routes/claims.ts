/**
 * Claims for billers and ops: one claim with its 835 postings and timeline (its encounter only
 * with `?include=encounter`, and that read is audited), its timeline alone, and worklists
 * filtered by state and owner.
 */
import type { FastifyPluginCallback } from "fastify";
import { CLAIM_STATES } from "../../domain/lifecycle.js";
import type { ClaimState } from "../../domain/lifecycle.js";
import { claimTimeline, getClaim, listClaims } from "../../store/claims.js";
import { recordPhiAccess } from "../../store/phi-audit.js";
import { claimPaymentsOf } from "../../store/claim-payments-read.js";
import { claimSummary, paymentView, timelineView } from "../claim-view.js";
import { nextCursor, parseCursor, parseLimit } from "../paging.js";
import { ApiProblem } from "../problem.js";
import type { ApiDeps } from "../server.js";

interface ClaimParams {
  id: string;
}

interface ListQuery {
  state?: string;
  owner?: string;
  payer?: string;
  reason?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: string;
}

/** An ISO date or instant; `to` dates are exclusive ends. */
function parseInstant(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(raw) ? new Date(raw) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new ApiProblem(
      "VALIDATION_FAILED",
      `${name} must be an ISO date (YYYY-MM-DD) or UTC instant.`,
    );
  }
  return date;
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
      const [payments, timeline] = await Promise.all([
        claimPaymentsOf(deps.db, request.tenantId, claim.id),
        claimTimeline(deps.db, request.tenantId, claim.id),
      ]);
      const view = {
        ...claimSummary(claim),
        payments: payments.map((p) => paymentView(deps.codeSets ?? {}, p)),
        timeline: timeline.map(timelineView),
      };
      if (request.query.include !== "encounter") return view;
      await recordPhiAccess(deps.db, request.tenantId, {
        claimId: claim.id,
        actor: "api-key",
        purpose: "api:claim",
        at: deps.now(),
      });
      return { ...view, encounter: claim.encounter };
    },
  );

  app.get<{ Params: ClaimParams }>("/v1/claims/:id/timeline", async (request) => {
    const claim = await getClaim(deps.db, request.tenantId, request.params.id);
    if (!claim) throw new ApiProblem("NOT_FOUND", "No such claim.");
    const timeline = await claimTimeline(deps.db, request.tenantId, claim.id);
    return { claimId: claim.id, state: claim.state, timeline: timeline.map(timelineView) };
  });

  app.get<{ Querystring: ListQuery }>("/v1/claims", async (request) => {
    const q = request.query;
    const limit = parseLimit(q.limit);
    const from = parseInstant(q.from, "from");
    const to = parseInstant(q.to, "to");
    const after = parseCursor(q.cursor);
    const claims = await listClaims(deps.db, request.tenantId, {
      state: parseState(q.state),
      ...(q.owner === undefined ? {} : { owner: q.owner }),
      ...(q.payer === undefined ? {} : { payerId: q.payer }),
      ...(q.reason === undefined ? {} : { reasonPrefix: q.reason }),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(after ? { after } : {}),
      limit,
    });
    return { claims: claims.map(claimSummary), nextCursor: nextCursor(claims, limit) };
  });
  done();
};
