/**
 * Follow-up clocks: every claim out with the payer knows its next expected event (the 999 after
 * transmission, the 277CA, the 835) and when it is due. Past due, the claim moves to `stalled`
 * with what is missing, onto the follow-up worklist; it leaves that state when the awaited
 * event arrives (the lifecycle takes it on from there). Safe to run at any time, in any number
 * of processes: a claim is moved once, under its row lock.
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
    `select id, tenant_id, next_event from claims
     where due_at is not null and due_at < $1
       and state in ('batched', 'transmitted', 'accepted', 'reopened')
       and ($2::text is null or tenant_id = $2)
     order by due_at limit $3`,
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
  return { stalled };
}
