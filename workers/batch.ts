import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { batchPartner } from "../src/pipeline/batch.js";

/** Build the ready claims of one partner into 837 interchanges and queue their transmission. */
export const batchWorker: WorkerDefinition<"batch"> = {
  queue: "batch",
  concurrency: 2,
  handle: (c, payload) => batchPartner(c, payload),
};
