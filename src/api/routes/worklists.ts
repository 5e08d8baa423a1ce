/**
 * The two work queues: GET /v1/rejections (claims a TA1, 999 or 277CA rejected: reason, what
 * to fix, owner, since when) and GET /v1/denials (denied and partially paid claims: owner,
 * CARC, plain-language reason, denied amount, since when), both filtered by `owner` (one of the
 * root-cause owners, else 400) and paged like /v1/claims (`limit`, `cursor`).
 */
import type { FastifyPluginCallback } from "fastify";
import { OWNERS } from "../../domain/root-cause.js";
import { denialWorklist, rejectionQueue } from "../../store/worklists.js";
import type { WorklistFilter } from "../../store/worklists.js";
import { nextCursor, parseCursor, parseLimit } from "../paging.js";
import { ApiProblem } from "../problem.js";
import type { ApiDeps } from "../server.js";
import { denialView, rejectionView } from "../worklist-view.js";

interface WorklistQuery {
  owner?: string;
  cursor?: string;
  limit?: string;
}

function parseOwner(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!OWNERS.some((owner) => owner === raw)) {
    throw new ApiProblem("VALIDATION_FAILED", `owner must be one of ${OWNERS.join(", ")}.`);
  }
  return raw;
}

function filterOf(q: WorklistQuery): WorklistFilter {
  const owner = parseOwner(q.owner);
  const after = parseCursor(q.cursor);
  return {
    ...(owner === undefined ? {} : { owner }),
    ...(after ? { after } : {}),
    limit: parseLimit(q.limit),
  };
}

export const worklistRoutes: FastifyPluginCallback<{ deps: ApiDeps }> = (app, { deps }, done) => {
  app.get<{ Querystring: WorklistQuery }>("/v1/rejections", async (request) => {
    const filter = filterOf(request.query);
    const claims = await rejectionQueue(deps.db, request.tenantId, filter);
    return { rejections: claims.map(rejectionView), nextCursor: nextCursor(claims, filter.limit) };
  });

  app.get<{ Querystring: WorklistQuery }>("/v1/denials", async (request) => {
    const filter = filterOf(request.query);
    const claims = await denialWorklist(deps.db, request.tenantId, filter);
    return {
      denials: claims.map((c) => denialView(deps.codeSets ?? {}, c)),
      nextCursor: nextCursor(claims, filter.limit),
    };
  });
  done();
};
