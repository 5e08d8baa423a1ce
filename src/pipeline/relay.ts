/**
 * The outbox relay: enqueues the jobs that state changes wrote into the store, with their
 * deterministic ids, then marks them relayed. A crash between the two enqueues again on the
 * next run, which the job id (and the store's unique keys behind every effect) makes harmless.
 * A round's jobs go to Redis in one bulk add when the producer offers one.
 */
import { ClaimgateError } from "../errors.js";
import { isQueueName } from "../queue/producer.js";
import type { QueueName } from "../queue/queues.js";
import type { Database } from "../store/database.js";
import { markRelayed, pendingOutboxJobs } from "../store/outbox.js";

export interface RelayJob {
  readonly queue: QueueName;
  readonly jobId: string;
  readonly payload: object;
  readonly delayMs: number;
}

export interface RelayDeps {
  readonly db: Database;
  readonly enqueue: (
    queue: QueueName,
    jobId: string,
    payload: object,
    delayMs?: number,
  ) => Promise<void>;
  /** Enqueues many jobs at once (in order); `enqueue` one by one when absent. */
  readonly enqueueMany?: (jobs: readonly RelayJob[]) => Promise<void>;
  readonly now: () => Date;
}

/** Relays up to `limit` pending jobs; returns how many went out. */
export async function relayOutbox(deps: RelayDeps, limit = 500): Promise<number> {
  const pending = await pendingOutboxJobs(deps.db, limit);
  const now = deps.now().getTime();
  const jobs = pending.map((job): RelayJob => {
    if (!isQueueName(job.queue)) {
      throw new ClaimgateError("CONFIG_INVALID", `outbox row names an unknown queue ${job.queue}`);
    }
    const delayMs = job.runAt ? Math.max(0, job.runAt.getTime() - now) : 0;
    return { queue: job.queue, jobId: job.jobId, payload: job.payload, delayMs };
  });
  if (deps.enqueueMany !== undefined) {
    if (jobs.length > 0) await deps.enqueueMany(jobs);
  } else {
    for (const j of jobs) await deps.enqueue(j.queue, j.jobId, j.payload, j.delayMs);
  }
  await markRelayed(
    deps.db,
    pending.map((j) => j.id),
    deps.now(),
  );
  return pending.length;
}

/** Relays until the outbox is empty. */
export async function drainOutbox(deps: RelayDeps): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await relayOutbox(deps);
    total += n;
    if (n === 0) return total;
  }
}
