/**
 * Runs once per test run, before any worker starts. Where no Redis answers at REDIS_URL
 * (default redis://127.0.0.1:6379) and `redis-server` is on PATH, it starts one on a free
 * port, points REDIS_URL at it for every test worker, and stops it when the run ends.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { redisAnswers } from "./redis-probe.js";
import { freePort } from "./ports.js";

let child: ChildProcess | undefined;

export async function setup(): Promise<void> {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  if (await redisAnswers(url)) {
    process.env.REDIS_URL = url;
    return;
  }
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    // Tests that need Redis will say so; pure unit tests still run.
    return;
  }
  const port = await freePort();
  child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const started = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(started)) {
      process.env.REDIS_URL = started;
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer on port ${port}`);
}

export function teardown(): void {
  child?.kill("SIGTERM");
}
