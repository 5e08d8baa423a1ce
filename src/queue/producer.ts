/**
 * Producing jobs: one BullMQ Queue per name under the deployment's prefix, every job added
 * with its deterministic id and the default retry policy. Adding the same id twice while the
 * first job is kept is a no-op.
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES } from "./queues.js";
import type { QueueName } from "./queues.js";

export function isQueueName(name: string): name is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(name);
}

export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue(name: QueueName, jobId: string, payload: object, delayMs = 0): Promise<void> {
    await this.queue(name).add(name, payload, {
      ...DEFAULT_JOB_OPTIONS,
      jobId,
      ...(delayMs > 0 ? { delay: delayMs } : {}),
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
