/**
 * A running gateway process: any set of workers, the outbox relay, the poll scheduler and,
 * optionally, the HTTP API. `claimgate start` runs everything; `claimgate work transmit` only
 * that worker (plus the relay, so the jobs its use cases write go out); `claimgate serve` the
 * API and the relay. Many such processes may share one Redis and one PostgreSQL.
 * stop() is the graceful shutdown: no new jobs, the current ones finish, then connections close.
 */
import type { Worker } from "bullmq";
import type { FastifyInstance } from "fastify";
import { buildApi } from "../api/server.js";
import { drainOutbox } from "../pipeline/relay.js";
import type { RelayJob } from "../pipeline/relay.js";
import type { JobProducer } from "../queue/producer.js";
import { DEFAULT_JOB_OPTIONS } from "../queue/queues.js";
import type { QueueName } from "../queue/queues.js";
import { listPartners } from "../store/partners.js";
import type { Container } from "./container.js";
import { startWorker } from "./worker-runner.js";
import type { AnyWorkerDefinition } from "./worker-runner.js";

export interface RuntimeOptions {
  readonly workers: readonly AnyWorkerDefinition[];
  /** Queues to run workers for; all given definitions when absent. */
  readonly queues?: readonly QueueName[];
  readonly api?: boolean;
  readonly relayIntervalMs?: number;
  /** How often every partner's outbound directory is polled; 0 turns polling off. */
  readonly pollIntervalMs?: number;
  /** How often overdue claims are looked for; 0 turns it off. */
  readonly followupIntervalMs?: number;
}

export interface Runtime {
  readonly url: string | undefined;
  stop(): Promise<void>;
}

/** Runs `work` every `ms`, never two at once; errors go to `onError` and the loop goes on. */
function every(ms: number, work: () => Promise<unknown>, onError: (e: unknown) => void) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = work()
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

/** A relay round's jobs, one bulk add per queue (BullMQ skips an id it already holds). */
export async function enqueueMany(producer: JobProducer, jobs: readonly RelayJob[]): Promise<void> {
  const byQueue = new Map<QueueName, RelayJob[]>();
  for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
  for (const [name, list] of byQueue) {
    await producer.queue(name).addBulk(
      list.map((j) => ({
        name,
        data: j.payload,
        opts: {
          ...DEFAULT_JOB_OPTIONS,
          jobId: j.jobId,
          ...(j.delayMs > 0 ? { delay: j.delayMs } : {}),
        },
      })),
    );
  }
}

async function schedulePolls(container: Container, intervalMs: number): Promise<void> {
  const slot = Math.floor(container.now().getTime() / intervalMs);
  for (const partner of await listPartners(container.db)) {
    const payload = { tenantId: partner.tenantId, partnerId: partner.id };
    // Ids per time slot: a poll missed because Redis was away is simply the next slot's.
    const jobId = `poll-${partner.tenantId}-${partner.id}-${slot}`;
    await container.producer.enqueue("poll", jobId, payload);
  }
}

export async function startRuntime(
  container: Container,
  options: RuntimeOptions,
): Promise<Runtime> {
  const log = container.logger;
  const chosen = options.workers.filter((w) => !options.queues || options.queues.includes(w.queue));
  const workers: Worker[] = chosen.map((definition) => startWorker(container, definition));
  const stops: (() => Promise<void>)[] = [];
  const onError = (what: string) => (e: unknown) =>
    log.error({ err: { message: e instanceof Error ? e.message : String(e) } }, `${what} failed`);

  stops.push(
    every(
      options.relayIntervalMs ?? 250,
      () =>
        drainOutbox({
          db: container.db,
          now: container.now,
          enqueue: (q, id, p, d) => container.producer.enqueue(q, id, p, d),
          enqueueMany: (jobs) => enqueueMany(container.producer, jobs),
        }),
      onError("outbox relay"),
    ),
  );
  const pollMs = options.pollIntervalMs ?? 30_000;
  if (pollMs > 0 && chosen.some((w) => w.queue === "poll")) {
    stops.push(every(pollMs, () => schedulePolls(container, pollMs), onError("poll scheduler")));
  }

  const followupMs = options.followupIntervalMs ?? 60_000;
  if (followupMs > 0 && chosen.some((w) => w.queue === "followup")) {
    const enqueueFollowup = () => {
      const slot = Math.floor(container.now().getTime() / followupMs);
      return container.producer.enqueue("followup", `followup-${slot}`, {});
    };
    stops.push(every(followupMs, enqueueFollowup, onError("follow-up scheduler")));
  }

  let api: FastifyInstance | undefined;
  let url: string | undefined;
  if (options.api) {
    api = await buildApi({
      db: container.db,
      newId: container.newId,
      now: container.now,
      logger: log,
      codeSets: container.codeSets,
    });
    url = await api.listen({ host: container.config.host, port: container.config.port });
  }
  log.info({ workers: chosen.map((w) => w.queue), api: url !== undefined }, "claimgate running");

  return {
    url,
    async stop() {
      await api?.close();
      for (const stop of stops) await stop();
      await Promise.all(workers.map((w) => w.close()));
      log.info("claimgate stopped");
    },
  };
}
