/**
 * The HTTP API (Fastify): practice-management systems enqueue coded encounters; billers and
 * ops read claims, timelines and worklists. Every route but the health and metrics endpoints
 * needs an API key, and every query is scoped to the key's tenant.
 */
import Fastify, { LogController } from "fastify";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { Registry, collectDefaultMetrics } from "prom-client";
import type { Database } from "../store/database.js";
import type { CodeTexts } from "./claim-view.js";
import { tenantForKeyHash } from "../store/tenants.js";
import { requireApiKey } from "./auth.js";
import { ApiMetrics } from "./metrics.js";
import { problemErrorHandler, sendProblem } from "./problem.js";
import { claimRoutes } from "./routes/claims.js";
import { eligibilityRoutes } from "./routes/eligibility.js";
import { encounterRoutes } from "./routes/encounters.js";
import { remittanceRoutes } from "./routes/remittances.js";
import { resubmitRoutes } from "./routes/resubmit.js";
import { worklistRoutes } from "./routes/worklists.js";

export interface ApiDeps {
  readonly db: Database;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Prometheus registry for /metrics; a fresh one per server when absent. */
  readonly registry?: Registry;
  /** Largest request body in bytes (default 5 MB). */
  readonly bodyLimit?: number;
  /** How long POST /v1/eligibility waits for the 271 before answering 202 (default 10 s). */
  readonly waitMs?: number;
  /** CARC and RARC lists for their published texts; without them descriptions are null. */
  readonly codeSets?: CodeTexts;
}

export const PUBLIC_PATHS = ["/healthz", "/metrics"] as const;

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // pino 10 and the pino types fastify bundles differ only in generics.
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 5 * 1024 * 1024,
    // Request logs carry method, route and status only: URLs and bodies may hold PHI.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const registry = deps.registry ?? new Registry();
  if (deps.registry === undefined) collectDefaultMetrics({ register: registry });
  const metrics = new ApiMetrics(registry);

  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, "NOT_FOUND"));
  app.addHook("onResponse", async (request, reply) => {
    metrics.observeRequest(request.routeOptions.url ?? "unmatched", reply.statusCode);
  });
  requireApiKey(app, { tenantForKeyHash: (hash) => tenantForKeyHash(deps.db, hash) }, PUBLIC_PATHS);

  app.get("/healthz", async (_request, reply) => {
    try {
      await deps.db.query("select 1");
      return { status: "ok", store: deps.db.kind };
    } catch {
      return sendProblem(reply, "UNAVAILABLE", "The store does not answer.");
    }
  });
  app.get("/metrics", async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  await app.register(encounterRoutes, { deps, metrics });
  await app.register(claimRoutes, { deps });
  await app.register(eligibilityRoutes, { deps });
  await app.register(worklistRoutes, { deps });
  await app.register(remittanceRoutes, { deps });
  await app.register(resubmitRoutes, { deps });
  return app;
}
