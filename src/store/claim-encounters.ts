/**
 * Replacing a claim's encounter when it is resubmitted corrected, as a replacement or as a void
 * (pipeline/resubmit.ts): the claim_encounters row (0006) takes the new document, and the
 * claim's columns derived from it (payer, total charge) follow, in the caller's transaction,
 * which has moved (and so locked) the claim first.
 */
import { ClaimgateError } from "../errors.js";
import type { Queryable } from "./database.js";

export interface EncounterFacts {
  readonly payerId: string;
  readonly totalChargeCents: number;
}

export async function replaceEncounterIn(
  tx: Queryable,
  tenantId: string,
  claimId: string,
  encounter: unknown,
  facts: EncounterFacts,
): Promise<void> {
  const { rowCount } = await tx.query(
    `update claims set payer_id = $3, total_charge_cents = $4
     where tenant_id = $1 and id = $2`,
    [tenantId, claimId, facts.payerId, facts.totalChargeCents],
  );
  if (rowCount === 0) throw new ClaimgateError("STORE_NOT_FOUND", "no such claim for the tenant");
  // A claim stored before 0006 has no row here yet (its encounter is inline): it gets one,
  // which readers take first.
  await tx.query(
    `insert into claim_encounters (claim_id, tenant_id, encounter) values ($2, $1, $3::json)
     on conflict (claim_id) do update set encounter = excluded.encounter
     where claim_encounters.tenant_id = $1`,
    [tenantId, claimId, JSON.stringify(encounter)],
  );
}
