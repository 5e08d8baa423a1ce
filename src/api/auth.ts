/**
 * API keys per tenant, sent as `Authorization: Bearer <key>`. Keys are stored as SHA-256
 * hashes; a request gets the tenant of its key, and every route scopes its queries by it.
 */
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiProblem } from "./problem.js";

export interface ApiKeyLookup {
  /** The tenant of an active key with this hash, if any. */
  tenantForKeyHash(keyHash: string): Promise<string | undefined>;
}

declare module "fastify" {
  interface FastifyRequest {
    tenantId: string;
  }
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random API key: shown once to its owner, stored only as its hash. */
export function newApiKey(): string {
  return `cg_${randomBytes(24).toString("base64url")}`;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Requires a valid API key on every route of `app` except those listed as public. */
export function requireApiKey(
  app: FastifyInstance,
  keys: ApiKeyLookup,
  publicPaths: readonly string[],
): void {
  app.decorateRequest("tenantId", "");
  app.addHook("onRequest", async (request) => {
    const path = request.routeOptions.url ?? request.url;
    if (publicPaths.includes(path)) return;
    const key = bearer(request);
    const tenantId = key ? await keys.tenantForKeyHash(hashApiKey(key)) : undefined;
    if (!tenantId) throw new ApiProblem("UNAUTHORIZED");
    request.tenantId = tenantId;
  });
}
