/** The audit trail of PHI reads: one row each time a claim's encounter is shown to someone. */
import type { Queryable } from "./database.js";

export async function recordPhiAccess(
  db: Queryable,
  tenantId: string,
  entry: { claimId: string; actor: string; purpose: string; at: Date },
): Promise<void> {
  await db.query(
    "insert into phi_access_log (tenant_id, claim_id, actor, at, purpose) values ($1, $2, $3, $4, $5)",
    [tenantId, entry.claimId, entry.actor, entry.at, entry.purpose],
  );
}

export async function phiAccessCount(db: Queryable, tenantId: string, claimId: string) {
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from phi_access_log where tenant_id = $1 and claim_id = $2",
    [tenantId, claimId],
  );
  return rows[0]?.n ?? 0;
}
