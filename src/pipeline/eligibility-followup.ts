/**
 * The eligibility follow-up clock: a request whose 270 went out (file `sent`) and got no 271
 * within the partner's acknowledgment hours (`followUp.ackHours`, the deadline the partner
 * has for answering a file we sent) becomes `failed` with reason `timed_out`, so a caller
 * polling GET /v1/eligibility/:id is not left waiting. A 271 that still comes later answers
 * it (ingest-eligibility.ts). Safe to run at any time, in any number of processes: each
 * request is moved once, under its row lock.
 */
import { timedOutFailure } from "../domain/ack-reasons.js";
import type { Database } from "../store/database.js";
import { failEligibilityRequests, overdueEligibilityRequests } from "../store/eligibility.js";

export interface EligibilityFollowupDeps {
  readonly db: Database;
  readonly now: () => Date;
}

/** Overdue requests, oldest first, a bounded number per run. */
export async function markOverdueEligibility(
  deps: EligibilityFollowupDeps,
  request: { tenantId?: string; limit?: number } = {},
): Promise<{ readonly timedOut: number }> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const overdue = await overdueEligibilityRequests(tx, now, {
      ...(request.tenantId === undefined ? {} : { tenantId: request.tenantId }),
      limit: request.limit ?? 1000,
    });
    // One update per tenant and deadline (the message names the hours).
    const groups = new Map<string, { tenantId: string; hours: number; ids: string[] }>();
    for (const r of overdue) {
      const key = `${r.tenantId}\u0000${r.dueHours}`;
      const group = groups.get(key) ?? { tenantId: r.tenantId, hours: r.dueHours, ids: [] };
      group.ids.push(r.id);
      groups.set(key, group);
    }
    let timedOut = 0;
    for (const g of groups.values()) {
      timedOut += await failEligibilityRequests(
        tx,
        g.tenantId,
        g.ids,
        timedOutFailure(g.hours),
        now,
      );
    }
    return { timedOut };
  });
}
