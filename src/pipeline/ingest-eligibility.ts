/**
 * 271 into the eligibility records: each coverage summary answers the requests it names, by
 * its TRN*2 trace (our request's trace id) or, for a summary without one, every request whose
 * 270 carried the 271's BHT03 reference. Each answer is stored as a result (the latest is
 * what the scrubber checks) and its request marked answered. A summary naming no request of
 * the tenant is counted as unmatched.
 *
 * TA1 and 999 answer our 270s too: a TA1 R fails every request its interchange carried, a
 * 999 fails the requests of each set it rejects (IK5 M/R/W/X), and in a group it rejects
 * (AK9) those of the sets it does not name. The reason is kept in plain language
 * (domain/ack-reasons.ts) for GET /v1/eligibility/:id.
 */
import { groupFailure, setFailure, ta1Failure } from "../domain/ack-reasons.js";
import { coverageSummaries, toEligibilityResult } from "../domain/coverage.js";
import {
  failEligibilityRequests,
  recordEligibilityResult,
  requestsAnsweredBy,
  requestsInGroup,
  requestsInInterchange,
} from "../store/eligibility.js";
import type { RequestInSet } from "../store/eligibility.js";
import type { GroupAcknowledgment } from "../x12/transactions/999.js";
import { isSetRejected } from "../x12/transactions/999.js";
import type { EligibilityResponse } from "../x12/transactions/271.js";
import type { InterchangeAcknowledgment } from "../x12/transactions/ta1.js";
import type { AckContext } from "./ingest-acks.js";

export interface EligibilityTally {
  answered: number;
  unmatched: number;
}

export async function applyEligibilityResponse(
  ctx: AckContext,
  response: EligibilityResponse,
  newId: () => string,
  tally: EligibilityTally,
): Promise<void> {
  for (const summary of coverageSummaries(response)) {
    const match =
      summary.trace !== undefined ? { trace: summary.trace } : { reference: summary.reference };
    const requests = await requestsAnsweredBy(ctx.tx, ctx.tenantId, match);
    if (requests.length === 0) tally.unmatched += 1;
    for (const request of requests) {
      await recordEligibilityResult(
        ctx.tx,
        ctx.tenantId,
        {
          id: newId(),
          requestId: request.id,
          patientKey: request.patientKey,
          payerId: request.payerId,
          result: toEligibilityResult(summary, request.patientKey, request.payerId),
          summary,
        },
        ctx.now,
      );
      tally.answered += 1;
    }
  }
}

/** A TA1 R for one of our 270 interchanges: its sent requests fail. How many did. */
export async function failInterchangeRequests(
  ctx: AckContext,
  ack: InterchangeAcknowledgment,
): Promise<number> {
  const isa13 = ack.controlNumber.padStart(9, "0");
  const requests = await requestsInInterchange(ctx.tx, ctx.tenantId, ctx.partner.id, isa13);
  const ids = requests.map((r) => r.id);
  return failEligibilityRequests(ctx.tx, ctx.tenantId, ids, ta1Failure(ack.noteCode), ctx.now);
}

const isRejected = (status: string | undefined) =>
  status === "M" || status === "R" || status === "W" || status === "X";

/**
 * One 999 group against our 270 sets in it (by GS06): sent requests of a rejected set fail
 * with the set's reason; in a rejected group, those of the sets the 999 does not name fail
 * with the group's (answered ones stay answered). Returns the ST02 of every set of ours it
 * holds (so they are not unmatched) and how many requests failed.
 */
export async function applyGroupToRequests(
  ctx: AckContext,
  group: GroupAcknowledgment,
): Promise<{ readonly sets: ReadonlySet<string>; readonly failed: number }> {
  const carried = await requestsInGroup(ctx.tx, ctx.tenantId, ctx.partner.id, group.controlNumber);
  const sets = new Set(carried.map((c) => c.stControlNumber));
  if (carried.length === 0) return { sets, failed: 0 };
  const named = new Map(group.sets.map((s) => [s.controlNumber, s]));
  let failed = 0;
  const idsOf = (items: readonly RequestInSet[]) => items.map((c) => c.record.id);
  for (const set of group.sets) {
    if (!isSetRejected(set.status)) continue;
    const own = carried.filter((c) => c.stControlNumber === set.controlNumber);
    failed += await failEligibilityRequests(
      ctx.tx,
      ctx.tenantId,
      idsOf(own),
      setFailure(set),
      ctx.now,
    );
  }
  if (isRejected(group.status)) {
    const unnamed = carried.filter((c) => !named.has(c.stControlNumber));
    failed += await failEligibilityRequests(
      ctx.tx,
      ctx.tenantId,
      idsOf(unnamed),
      groupFailure(group),
      ctx.now,
    );
  }
  return { sets, failed };
}
