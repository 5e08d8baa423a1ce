/**
 * `claimgate start | serve | work [QUEUE...] | demo`: the gateway processes. Each builds the
 * container from the validated configuration, runs until SIGTERM or SIGINT, then shuts down
 * gracefully (current jobs finish).
 */
import type { Command } from "commander";
import { createContainer } from "../app/container.js";
import { runDemo } from "../app/demo.js";
import { printDemoSummary } from "./demo-report.js";
import { startRuntime } from "../app/runtime.js";
import type { RuntimeOptions } from "../app/runtime.js";
import { WORKERS } from "../app/workers.js";
import { loadConfig } from "../config/index.js";
import { ClaimgateError } from "../errors.js";
import { createLogger } from "../logging/logger.js";
import { isQueueName } from "../queue/producer.js";
import type { QueueName } from "../queue/queues.js";

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
}

async function runProcess(options: Omit<RuntimeOptions, "workers">): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, pretty: config.logPretty });
  const container = await createContainer(config, logger);
  const runtime = await startRuntime(container, { ...options, workers: WORKERS });
  const signal = await untilSignal();
  logger.info({ signal }, "shutting down");
  await runtime.stop();
  await container.close();
}

function queuesFrom(names: string[]): QueueName[] {
  const wanted = names.length > 0 ? names : WORKERS.map((w) => w.queue);
  for (const name of wanted) {
    if (!isQueueName(name) || !WORKERS.some((w) => w.queue === name)) {
      throw new ClaimgateError(
        "CONFIG_INVALID",
        `unknown worker ${name}; one of ${WORKERS.map((w) => w.queue).join(", ")}`,
      );
    }
  }
  return wanted as QueueName[];
}

async function demo(options: { count: string; timeout: string; serve?: boolean }): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel === "info" ? "warn" : config.logLevel,
    pretty: config.logPretty,
  });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const summary = await runDemo(config, logger, {
    count: Number(options.count),
    timeoutMs: Number(options.timeout) * 1000,
    serve: options.serve === true,
    print,
  });
  print("");
  printDemoSummary(summary, print);
  if (summary.asExpected !== summary.claims) {
    print("some claims did not reach their expected state in time");
    process.exitCode = 1;
  }
  if (!summary.balanced) {
    print("the posted payments do not balance");
    process.exitCode = 1;
  }
  if (options.serve) await untilSignal();
}

export function registerRunCommands(program: Command): void {
  program
    .command("start")
    .description("run the HTTP API and every worker in one process")
    .action(() => runProcess({ api: true }));
  program
    .command("serve")
    .description("run the HTTP API (and the outbox relay) only")
    .action(() => runProcess({ api: true, queues: [] }));
  program
    .command("work")
    .description(
      `run workers only: ${WORKERS.map((w) => w.queue).join(", ")} (all when none named)`,
    )
    .argument("[queue...]", "queues to work")
    .action((names: string[]) => runProcess({ api: false, queues: queuesFrom(names) }));
  program
    .command("demo")
    .description("the gateway end to end against the built-in sandbox payer, on the embedded store")
    .option("--count <n>", "claims to send through the sandbox scenarios (14: each once)", "14")
    .option("--timeout <seconds>", "give up after this long", "120")
    .option("--serve", "keep serving after the run, printing the URL")
    .action(demo);
}
