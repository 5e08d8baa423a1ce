import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { markOverdueClaims } from "../src/pipeline/followup.js";

/** Mark claims whose next expected event is past due as stalled (the follow-up worklist). */
export const followupWorker: WorkerDefinition<"followup"> = {
  queue: "followup",
  concurrency: 1,
  handle: (c, payload) =>
    markOverdueClaims(c, payload.tenantId ? { tenantId: payload.tenantId } : {}),
};
