import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { scrubClaim } from "../src/pipeline/scrub.js";

/** Scrub a received or corrected claim: held on its owner's worklist, or ready for its partner. */
export const scrubWorker: WorkerDefinition<"scrub"> = {
  queue: "scrub",
  concurrency: 8,
  handle: (c, payload) => scrubClaim(c, payload),
};
