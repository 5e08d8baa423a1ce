/**
 * `Idempotency-Key` for POST routes: the first response to a key is stored (per tenant, with a
 * hash of what was asked), and a retried request with the key gets it again; the same key with
 * another request is an IDEMPOTENCY_CONFLICT problem.
 */
import { createHash } from "node:crypto";
import type { FastifyReply } from "fastify";
import type { Database } from "../store/database.js";
import { findIdempotentResponse, saveIdempotentResponse } from "../store/idempotency.js";
import { ApiProblem, sendProblem } from "./problem.js";
import type { ProblemCode } from "./problem.js";

export interface Outcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const hashOf = (request: unknown) =>
  createHash("sha256").update(JSON.stringify(request)).digest("hex");

/** The stored response of an earlier request with the key, or this one's once stored. */
export async function idempotent(
  db: Database,
  tenantId: string,
  key: unknown,
  request: unknown,
  work: () => Promise<Outcome>,
): Promise<Outcome> {
  if (typeof key !== "string" || key === "") return work();
  const requestHash = hashOf(request);
  const earlier = await findIdempotentResponse(db, tenantId, key);
  if (earlier && earlier.requestHash !== requestHash) throw new ApiProblem("IDEMPOTENCY_CONFLICT");
  if (earlier) return { status: earlier.statusCode, body: earlier.response as Outcome["body"] };
  const outcome = await work();
  const stored = await saveIdempotentResponse(db, tenantId, key, {
    requestHash,
    statusCode: outcome.status,
    response: outcome.body,
  });
  return { status: stored.statusCode, body: stored.response as Outcome["body"] };
}

/** A problem outcome as it is stored and sent (`code`, `title`, details). */
export function problemOutcome(
  status: number,
  code: ProblemCode,
  title: string,
  extra: Record<string, unknown>,
): Outcome {
  return { status, body: { code, title, ...extra } };
}

/** Sends an outcome: a problem (status >= 400) as problem+json, else JSON with its Location. */
export function sendOutcome(reply: FastifyReply, outcome: Outcome, location?: string) {
  if (outcome.status >= 400) {
    const {
      code,
      detail,
      title: _title,
      ...extra
    } = outcome.body as {
      code: ProblemCode;
      detail?: string;
      title?: string;
    };
    return sendProblem(reply, code, detail, extra);
  }
  const sent = reply.status(outcome.status);
  if (location !== undefined) sent.header("location", location);
  return sent.send(outcome.body);
}
