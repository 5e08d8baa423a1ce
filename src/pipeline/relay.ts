/**
 * The outbox relay: enqueues the jobs that state changes wrote into the store, with their
 * deterministic ids, then marks them relayed. A crash between the two enqueues again on the
 * next run, which the job id (and the store's unique keys behind every effect) makes harmless.
 */
import { ClaimgateError } from "../errors.js";
import { isQueueName } from "../queue/producer.js";
import type { QueueName } from "../queue/queues.js";
import type { Database } from "../store/database.js";
import { markRelayed, pendingOutboxJobs } from "../store/outbox.js";

export interface RelayDeps {
  readonly db: Database;
  readonly enqueue: (
    queue: QueueName,
    jobId: string,
    payload: object,
    delayMs?: number,
  ) => Promise<void>;
  readonly now: () => Date;
}

/** Relays up to `limit` pending jobs; returns how many went out. */
export async function relayOutbox(deps: RelayDeps, limit = 500): Promise<number> {
  const pending = await pendingOutboxJobs(deps.db, limit);
  for (const job of pending) {
    if (!isQueueName(job.queue)) {
      throw new ClaimgateError("CONFIG_INVALID", `outbox row names an unknown queue ${job.queue}`);
    }
    const delayMs = job.runAt ? Math.max(0, job.runAt.getTime() - deps.now().getTime()) : 0;
    await deps.enqueue(job.queue, job.jobId, job.payload, delayMs);
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
