/**
 * Runs job handlers as BullMQ workers. A handler's ClaimgateError that is not transient fails
 * the job at once (UnrecoverableError: no retries, kept with its code and message for ops);
 * anything else is retried with the queue's backoff. Job payloads are ids, and failure reasons
 * carry codes and positions only, so nothing here can hold PHI.
 */
import { UnrecoverableError, Worker } from "bullmq";
import type { Job } from "bullmq";
import { ClaimgateError } from "../errors.js";
import type { JobPayloads, QueueName } from "../queue/queues.js";
import type { Container } from "./container.js";

export interface WorkerDefinition<Q extends QueueName> {
  readonly queue: Q;
  readonly concurrency: number;
  handle(container: Container, payload: JobPayloads[Q], job: Job): Promise<unknown>;
}

/** Any worker definition, whatever its queue. */
export type AnyWorkerDefinition = { [Q in QueueName]: WorkerDefinition<Q> }[QueueName];

/**
 * What a failed job carries into Redis (BullMQ's failedReason, shown by Bull Board): our code
 * and message for our faults (they never quote values), only the error's type for anything
 * else, whose message could quote a value from a claim. A non-transient fault is not retried.
 */
function classify(error: unknown): Error {
  if (error instanceof ClaimgateError) {
    const reason = `${error.code}: ${error.message}`;
    return error.transient ? new Error(reason) : new UnrecoverableError(reason);
  }
  const type = error instanceof Error ? error.name : typeof error;
  return new Error(`UNEXPECTED ${type}`);
}

export function startWorker(container: Container, definition: AnyWorkerDefinition): Worker {
  const worker = new Worker(
    definition.queue,
    async (job: Job) => {
      try {
        return await (definition.handle as (c: Container, p: unknown, j: Job) => Promise<unknown>)(
          container,
          job.data,
          job,
        );
      } catch (error) {
        throw classify(error);
      }
    },
    {
      connection: container.workerConnection(),
      prefix: container.config.queuePrefix,
      concurrency: definition.concurrency,
    },
  );
  worker.on("failed", (job, error) => {
    container.logger.warn(
      {
        queue: definition.queue,
        jobId: job?.id,
        attempts: job?.attemptsMade,
        reason: error.message,
      },
      "job failed",
    );
  });
  worker.on("error", (error) => {
    container.logger.error(
      { queue: definition.queue, err: { message: error.message } },
      "worker error",
    );
  });
  return worker;
}
