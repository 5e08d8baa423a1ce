/**
 * Redis for the demo on a fresh machine: the configured one when it answers, otherwise a
 * private `redis-server` on a free loopback port (when the binary is on PATH), stopped with
 * the demo.
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { ClaimgateError } from "../errors.js";

export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * A free TCP port: the kernel picks one for a listener on port 0, read back and closed.
 * Another process could take it before the caller binds, so callers that can retry should.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

export interface LocalRedis {
  readonly url: string;
  readonly started: boolean;
  stop(): void;
}

export async function ensureRedis(url: string): Promise<LocalRedis> {
  if (await redisAnswers(url)) return { url, started: false, stop: () => undefined };
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    throw new ClaimgateError(
      "CONFIG_INVALID",
      "No Redis answers at REDIS_URL and redis-server is not on PATH (apt-get install -y redis-server).",
    );
  }
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const local = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(local)) return { url: local, started: true, stop: () => child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new ClaimgateError("CONFIG_INVALID", `redis-server did not answer on port ${port}`);
}
