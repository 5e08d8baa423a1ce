/**
 * For the end-to-end bench: a second gateway process (`claimgate work ...` against the same
 * PostgreSQL and Redis), and CPU time read from /proc, so a run on a busy machine still says
 * what the work cost: this process, the worker process and the PostgreSQL backends serving
 * the bench database.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Queryable } from "../src/store/database.js";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * The PostgreSQL backends of the current database, sampled while the bench runs: each
 * backend's CPU at its first and latest sighting (a pooled connection may close before the end).
 * The bench's own observing connection (its polls) is left out: `observe` names it, and
 * `observerSeconds` says what it cost.
 */
export class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private observer: { pid: number; from: number } | undefined;

  /** The backend of `db` (one connection) is the bench's, not the gateway's. */
  async observe(db: Queryable): Promise<void> {
    const { rows } = await db.query<{ pid: number }>("select pg_backend_pid() as pid");
    const pid = rows[0]?.pid as number;
    this.observer = { pid, from: cpuSecondsOf(pid) };
  }

  /** CPU of the observing backend since the last `start` (not in `seconds`). */
  observerSeconds(): number {
    return this.observer ? cpuSecondsOf(this.observer.pid) - this.observer.from : 0;
  }

  async sample(db: Queryable): Promise<void> {
    const { rows } = await db.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = current_database()",
    );
    for (const { pid } of rows) {
      if (pid === this.observer?.pid) continue;
      const cpu = cpuSecondsOf(pid);
      if (cpu === 0) continue;
      if (!this.first.has(pid)) this.first.set(pid, cpu);
      this.last.set(pid, cpu);
    }
  }

  /** Reset: what is used from now on counts. */
  start(): void {
    for (const [pid, cpu] of this.last) this.first.set(pid, cpu);
    if (this.observer) this.observer.from = cpuSecondsOf(this.observer.pid);
  }

  seconds(): number {
    let total = 0;
    for (const [pid, cpu] of this.last) total += cpu - (this.first.get(pid) ?? cpu);
    return total;
  }
}

export interface WorkerProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * `claimgate work <queues>` in its own process with the given store, Redis, queue prefix and
 * trading partners; resolves once it runs its workers.
 */
export async function startWorkerProcess(options: {
  readonly dir: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly tradingPartners: readonly unknown[];
  readonly queues: readonly string[];
}): Promise<WorkerProcess> {
  const configFile = path.join(options.dir, "worker-config.json");
  await writeFile(configFile, JSON.stringify({ tradingPartners: options.tradingPartners }));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", CLI, "work", ...options.queues],
    {
      env: {
        ...process.env,
        CLAIMGATE_CONFIG: configFile,
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        QUEUE_PREFIX: options.queuePrefix,
        LOG_LEVEL: "info",
        LOG_PRETTY: "false",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.once("exit", (code) => reject(new Error(`worker process exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("claimgate running")) resolve();
    });
  });
  child.removeAllListeners("exit");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid as number,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
