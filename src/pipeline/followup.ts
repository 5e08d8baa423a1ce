/**
 * Follow-up clocks: every claim out with the payer knows its next expected event (the 999 after
 * transmission, the 277CA, the 835) and when it is due. Past due, the claim moves to `stalled`
 * with what is missing, onto the follow-up worklist; it leaves that state when the awaited
 * event arrives (the lifecycle takes it on from there). Safe to run at any time, in any number
 * of processes: a claim is moved once, under its row lock.
 *
 * The clocks are found through claim_clocks (migration 0008: one row per clock started, by due
 * time), not an index on claims.due_at, so that the moves that stop a clock update the claim
 * alone (a HOT update).
 */
import { applyClaimEvent } from "../store/claims.js";
import type { Database } from "../store/database.js";
import { ClaimgateError } from "../errors.js";

export interface FollowupDeps {
  readonly db: Database;
  readonly now: () => Date;
}

export interface FollowupResult {
  readonly stalled: number;
}

/** States in which a claim is out with the payer and its clock runs. */
const AWAITING = "c.state in ('batched', 'transmitted', 'accepted', 'reopened')";

/** Claims past due, oldest first, a bounded number per run. */
export async function markOverdueClaims(
  deps: FollowupDeps,
  request: { tenantId?: string; limit?: number } = {},
): Promise<FollowupResult> {
  const now = deps.now();
  const { rows } = await deps.db.query<{
    id: string;
    tenant_id: string;
    next_event: string | null;
  }>(
    `select c.id, c.tenant_id, c.next_event from claim_clocks k
     join claims c on c.id = k.claim_id and c.tenant_id = k.tenant_id
     where k.due_at < $1 and c.due_at = k.due_at and ${AWAITING}
       and ($2::text is null or k.tenant_id = $2)
     order by k.due_at limit $3`,
    [now, request.tenantId ?? null, request.limit ?? 1000],
  );
  let stalled = 0;
  for (const row of rows) {
    try {
      await applyClaimEvent(
        deps.db,
        row.tenant_id,
        row.id,
        "overdue",
        { at: now, cause: "followup", details: { missing: row.next_event } },
        {
          owner: "submission",
          reasonCode: `MISSING_${(row.next_event ?? "answer").toUpperCase()}`,
        },
      );
      stalled += 1;
    } catch (error) {
      // Moved by its awaited event meanwhile: nothing is overdue any more.
      if (!(error instanceof ClaimgateError && error.code === "LIFECYCLE_ILLEGAL_TRANSITION"))
        throw error;
    }
  }
  await pruneStoppedClocks(deps.db, now, request.tenantId);
  return { stalled };
}

/**
 * Past-due clocks that no longer run (the claim's due_at moved on or was cleared, or it left
 * the awaiting states, as the claims just stalled did) are deleted, so the scan does not pass
 * over them again. A clock still running but beyond this run's limit stays for the next run.
 */
async function pruneStoppedClocks(db: Database, now: Date, tenantId: string | undefined) {
  await db.query(
    `delete from claim_clocks k
     where k.due_at < $1 and ($2::text is null or k.tenant_id = $2)
       and not exists (select 1 from claims c
         where c.id = k.claim_id and c.tenant_id = k.tenant_id and c.due_at = k.due_at
           and ${AWAITING})`,
    [now, tenantId ?? null],
  );
}
