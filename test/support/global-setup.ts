/**
 * Runs once per test run, before any worker starts. Where no Redis answers at REDIS_URL
 * (default redis://127.0.0.1:6379) and `redis-server` is on PATH, it starts one on a free
 * port (the same helper the demo uses), points REDIS_URL at it for every test worker, and
 * stops it when the run ends.
 */
import { ensureRedis } from "../../src/app/local-redis.js";
import type { LocalRedis } from "../../src/app/local-redis.js";

let local: LocalRedis | undefined;

export async function setup(): Promise<void> {
  try {
    local = await ensureRedis(process.env.REDIS_URL || "redis://127.0.0.1:6379");
    process.env.REDIS_URL = local.url;
  } catch {
    // No Redis and no redis-server: tests that need Redis say so; pure unit tests still run.
  }
}

export function teardown(): void {
  local?.stop();
}
