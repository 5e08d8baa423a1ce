import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { ingestFile } from "../src/pipeline/ingest.js";

/** Read one stored inbound file (TA1, 999; 277CA and 835 as their readers land) into the claims. */
export const ingestWorker: WorkerDefinition<"ingest"> = {
  queue: "ingest",
  concurrency: 2,
  handle: (c, payload) => ingestFile(c, payload),
};
