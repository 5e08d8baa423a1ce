/**
 * Redis connections for BullMQ, shared by the api (producers) and the workers (consumers).
 */
import { Redis } from "ioredis";
import type { RedisOptions } from "ioredis";

export type ConnectionRole = "producer" | "worker";

/**
 * Options per role. Workers block on Redis and must retry forever (BullMQ requires
 * maxRetriesPerRequest: null for them); producers should fail fast so an HTTP request
 * does not hang when Redis is away.
 */
export function redisOptions(role: ConnectionRole): RedisOptions {
  return role === "worker"
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 3, enableOfflineQueue: false, connectTimeout: 5_000 };
}

export function createRedis(url: string, role: ConnectionRole): Redis {
  return new Redis(url, { ...redisOptions(role), lazyConnect: false });
}

/**
 * Redis holds the queues: in production it must not evict keys (a lost job is a stalled claim
 * until the outbox relay runs again) and must persist. Returns the problems found, if any.
 */
export async function redisDurabilityProblems(redis: Redis): Promise<string[]> {
  const problems: string[] = [];
  const policy = (await redis.config("GET", "maxmemory-policy")) as string[];
  if (policy[1] !== "noeviction") problems.push("maxmemory-policy must be noeviction");
  const aof = (await redis.config("GET", "appendonly")) as string[];
  const save = (await redis.config("GET", "save")) as string[];
  if (aof[1] !== "yes" && !save[1])
    problems.push("persistence must be on (appendonly yes or save)");
  return problems;
}
