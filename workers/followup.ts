import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { markOverdueEligibility } from "../src/pipeline/eligibility-followup.js";
import { markOverdueClaims } from "../src/pipeline/followup.js";

/**
 * Mark claims whose next expected event is past due as stalled (the follow-up worklist), and
 * eligibility requests with no 271 past the partner's deadline as failed (timed_out).
 */
export const followupWorker: WorkerDefinition<"followup"> = {
  queue: "followup",
  concurrency: 1,
  handle: async (c, payload) => {
    const scope = payload.tenantId ? { tenantId: payload.tenantId } : {};
    const claims = await markOverdueClaims(c, scope);
    const eligibility = await markOverdueEligibility(c, scope);
    return { ...claims, ...eligibility };
  },
};
