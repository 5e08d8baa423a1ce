/**
 * Idempotency keys of the enqueue API: the first request with a key stores its response; a
 * repeat with the same body gets the same response, one with another body is a conflict.
 */
import type { Queryable } from "./database.js";

export interface StoredResponse {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly response: unknown;
}

export async function findIdempotentResponse(
  db: Queryable,
  tenantId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const { rows } = await db.query<{ request_hash: string; status_code: number; response: unknown }>(
    "select request_hash, status_code, response from idempotency_keys where tenant_id = $1 and key = $2",
    [tenantId, key],
  );
  const row = rows[0];
  return (
    row && { requestHash: row.request_hash, statusCode: row.status_code, response: row.response }
  );
}

/** Stores the response unless another request stored one first; returns the one that stands. */
export async function saveIdempotentResponse(
  db: Queryable,
  tenantId: string,
  key: string,
  stored: StoredResponse,
): Promise<StoredResponse> {
  await db.query(
    `insert into idempotency_keys (tenant_id, key, request_hash, status_code, response)
     values ($1, $2, $3, $4, $5) on conflict (tenant_id, key) do nothing`,
    [tenantId, key, stored.requestHash, stored.statusCode, JSON.stringify(stored.response)],
  );
  return (await findIdempotentResponse(db, tenantId, key)) ?? stored;
}

/**
 * Replaces the response stored for a key by a later one of the same request (a request
 * stored with its first answer that later learned its final one). False when the key holds
 * another request's response.
 */
export async function replaceIdempotentResponse(
  db: Queryable,
  tenantId: string,
  key: string,
  stored: StoredResponse,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update idempotency_keys set status_code = $4, response = $5
     where tenant_id = $1 and key = $2 and request_hash = $3`,
    [tenantId, key, stored.requestHash, stored.statusCode, JSON.stringify(stored.response)],
  );
  return rowCount > 0;
}
