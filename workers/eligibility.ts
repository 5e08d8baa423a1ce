import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { sendEligibilityRequest } from "../src/pipeline/eligibility.js";

/** Build and queue the 270 of one stored eligibility request. */
export const eligibilityWorker: WorkerDefinition<"eligibility"> = {
  queue: "eligibility",
  concurrency: 2,
  handle: (c, payload) => sendEligibilityRequest(c, payload),
};
