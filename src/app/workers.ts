/** Every worker the gateway runs, by queue name. */
import type { AnyWorkerDefinition } from "./worker-runner.js";
import { batchWorker } from "../../workers/batch.js";
import { eligibilityWorker } from "../../workers/eligibility.js";
import { followupWorker } from "../../workers/followup.js";
import { ingestWorker } from "../../workers/ingest.js";
import { pollWorker } from "../../workers/poll.js";
import { scrubWorker } from "../../workers/scrub.js";
import { transmitWorker } from "../../workers/transmit.js";

export const WORKERS: readonly AnyWorkerDefinition[] = [
  scrubWorker,
  batchWorker,
  transmitWorker,
  pollWorker,
  ingestWorker,
  followupWorker,
  eligibilityWorker,
];
