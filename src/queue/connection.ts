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
