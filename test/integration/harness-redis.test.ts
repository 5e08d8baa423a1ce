import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisOptions } from "../../src/queue/connection.js";
import { deletePrefix, testRedisUrl, uniquePrefix } from "../support/redis.js";

describe("harness: real Redis with BullMQ", () => {
  let url: string;
  const prefixes: string[] = [];

  beforeAll(async () => {
    url = await testRedisUrl();
  });

  afterAll(async () => {
    for (const p of prefixes) await deletePrefix(url, p);
  });

  it("enqueues and processes a job under a private prefix", async () => {
    const prefix = uniquePrefix("bullmq");
    prefixes.push(prefix);
    const connection = new Redis(url, redisOptions("worker"));
    const queue = new Queue("harness", { connection, prefix });
    const events = new QueueEvents("harness", {
      connection: new Redis(url, redisOptions("worker")),
      prefix,
    });
    const seen: string[] = [];
    const worker = new Worker<{ n: number }, number>(
      "harness",
      (job) => {
        seen.push(job.id ?? "");
        return Promise.resolve(job.data.n * 2);
      },
      { connection: new Redis(url, redisOptions("worker")), prefix },
    );
    try {
      await events.waitUntilReady();
      const job = await queue.add("double", { n: 21 }, { jobId: "work-1" });
      // A second add with the same job id is a no-op: ids derived from the work dedupe.
      const again = await queue.add("double", { n: 99 }, { jobId: "work-1" });
      expect(again.id).toBe(job.id);
      const result = (await job.waitUntilFinished(events, 10_000)) as number;
      expect(result).toBe(42);
      expect(seen).toEqual(["work-1"]);
      const keys = await connection.keys(`${prefix}:harness:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
      connection.disconnect();
    }
  });

  it("cleans up every key under a prefix", async () => {
    const prefix = uniquePrefix("cleanup");
    const redis = new Redis(url);
    try {
      await redis.set(`${prefix}:a`, "1");
      await redis.set(`${prefix}:b`, "2");
      expect(await deletePrefix(url, prefix)).toBe(2);
      expect(await redis.exists(`${prefix}:a`, `${prefix}:b`)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
