/**
 * 271 into the eligibility records: each coverage summary answers the requests it names, by
 * its TRN*2 trace (our request's trace id) or, for a summary without one, every request whose
 * 270 carried the 271's BHT03 reference. Each answer is stored as a result (the latest is
 * what the scrubber checks) and its request marked answered. A summary naming no request of
 * the tenant is counted as unmatched.
 */
import { coverageSummaries, toEligibilityResult } from "../domain/coverage.js";
import { recordEligibilityResult, requestsAnsweredBy } from "../store/eligibility.js";
import type { EligibilityResponse } from "../x12/transactions/271.js";
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
