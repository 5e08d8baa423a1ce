/**
 * Redis for integration tests: REDIS_URL (default redis://127.0.0.1:6379), or the private
 * server the global setup started when none answered there. Each test gets its own BullMQ
 * prefix so tests never see each other's keys, and removes its keys afterwards.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { redisAnswers } from "../../src/app/local-redis.js";

/** The Redis URL tests should use; fails with how to fix it when none answers. */
export async function testRedisUrl(): Promise<string> {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  if (await redisAnswers(url)) return url;
  throw new Error(
    "No Redis answers at REDIS_URL (default redis://127.0.0.1:6379) and redis-server is not " +
      "on PATH for the test run to start one. Start Redis or apt-get install -y redis-server.",
  );
}

/** A BullMQ prefix unique to one test. */
export function uniquePrefix(label = "t"): string {
  return `cgtest-${label}-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under a prefix (SCAN, never KEYS). */
export async function deletePrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
