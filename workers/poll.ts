import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { pollPartner } from "../src/pipeline/poll.js";

/** Fetch new files from a partner's outbound directory into the store (ingest jobs follow). */
export const pollWorker: WorkerDefinition<"poll"> = {
  queue: "poll",
  concurrency: 2,
  handle: (c, payload) => pollPartner(c, payload),
};
