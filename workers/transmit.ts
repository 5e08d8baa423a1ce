import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { transmitFile } from "../src/pipeline/transmit.js";

/** Send one built interchange file to its partner over SFTP (atomic, reconciled on retry). */
export const transmitWorker: WorkerDefinition<"transmit"> = {
  queue: "transmit",
  concurrency: 2,
  handle: (c, payload) => transmitFile(c, payload),
};
