/**
 * Tenants (practices or billing organisations) and their API keys. Keys are stored as
 * SHA-256 hashes; the key itself is shown once, when it is created.
 */
import { ClaimgateError } from "../errors.js";
import type { Queryable } from "./database.js";

export interface Tenant {
  readonly id: string;
  readonly name: string;
}

export async function createTenant(db: Queryable, tenant: Tenant): Promise<Tenant> {
  const { rowCount } = await db.query(
    "insert into tenants (id, name) values ($1, $2) on conflict (id) do nothing",
    [tenant.id, tenant.name],
  );
  if (rowCount === 0) throw new ClaimgateError("STORE_CONFLICT", "the tenant already exists");
  return tenant;
}

export async function addApiKey(
  db: Queryable,
  tenantId: string,
  key: { id: string; keyHash: string; label?: string },
): Promise<void> {
  await db.query("insert into api_keys (id, tenant_id, key_hash, label) values ($1, $2, $3, $4)", [
    key.id,
    tenantId,
    key.keyHash,
    key.label ?? "",
  ]);
}

/** The tenant an unrevoked key hash belongs to, if any. */
export async function tenantForKeyHash(
  db: Queryable,
  keyHash: string,
): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>(
    "select tenant_id from api_keys where key_hash = $1 and revoked_at is null",
    [keyHash],
  );
  return rows[0]?.tenant_id;
}

export async function revokeApiKey(
  db: Queryable,
  tenantId: string,
  keyId: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    "update api_keys set revoked_at = $3 where tenant_id = $1 and id = $2 and revoked_at is null",
    [tenantId, keyId, at],
  );
  return rowCount > 0;
}
