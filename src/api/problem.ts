/**
 * Errors of the HTTP API as RFC 9457 problem details (`application/problem+json`), each
 * with a stable `code`. Details name fields and positions, never PHI values.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ClaimgateError } from "../errors.js";

export const PROBLEM_CODES = {
  UNAUTHORIZED: { status: 401, title: "Missing or unknown API key" },
  NOT_FOUND: { status: 404, title: "Not found" },
  VALIDATION_FAILED: { status: 400, title: "The request does not match its schema" },
  BATCH_TOO_LARGE: { status: 413, title: "Too many items in one request" },
  BODY_TOO_LARGE: { status: 413, title: "Request body too large" },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    title: "Idempotency-Key was used before with a different body",
  },
  CONFLICT: { status: 409, title: "Conflict with the current state" },
  ILLEGAL_TRANSITION: {
    status: 409,
    title: "The claim's state does not allow this action",
  },
  NO_PAYER_CLAIM_NUMBER: {
    status: 409,
    title: "The claim has no payer claim number to replace or void",
  },
  UNROUTABLE: { status: 422, title: "No trading partner routes this payer for the tenant" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Send application/json" },
  INTERNAL: { status: 500, title: "Internal error" },
  UNAVAILABLE: { status: 503, title: "A service the gateway needs is unavailable" },
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export class ApiProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? PROBLEM_CODES[code].title);
  }
}

export function sendProblem(
  reply: FastifyReply,
  code: ProblemCode,
  detail?: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  const { status, title } = PROBLEM_CODES[code];
  return reply
    .status(status)
    .type("application/problem+json")
    .send({
      type: `https://claimgate.dev/problems/${code.toLowerCase()}`,
      title,
      status,
      code,
      detail,
      ...extra,
    });
}

/** The one error handler: known problems as they are, everything else as 500 without internals. */
export function problemErrorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof ApiProblem) return sendProblem(reply, error.code, error.detail, error.extra);
  const fe = error as FastifyError;
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendProblem(reply, "BODY_TOO_LARGE");
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
    return sendProblem(reply, "UNSUPPORTED_MEDIA_TYPE");
  if (fe.validation) {
    const errors = fe.validation.map((v) => ({
      path: v.instancePath || "/",
      rule: v.keyword,
      message: v.message,
    }));
    return sendProblem(reply, "VALIDATION_FAILED", "See errors.", { errors });
  }
  if (fe.statusCode === 400)
    return sendProblem(reply, "VALIDATION_FAILED", "The body is not valid JSON.");
  const code = error instanceof ClaimgateError ? error.code : undefined;
  request.log.error({ err: { type: error.name, code } }, "request failed");
  return sendProblem(reply, "INTERNAL", code ? `Fault ${code}.` : undefined);
}
