/**
 * `npm run bench`: every performance figure the issues ask for, in one run. Each part runs in
 * its own child process, so none pays for the heap or the JIT state another left behind:
 *
 * 1. Byte-sized rows (bench/throughput.ts), one process per size: X12 reading, validating and
 *    837 writing on generated 835 and 837P files, side by side with node-x12 (issue 3, 4).
 * 2. Peak RSS of streaming a large 835 (bench/stream-rss.ts, issue 3).
 * 3. Tables, each its own process: 271 reading (issue 7), scrub + build + serialize of 1k, 10k
 *    and 100k claims (issue 4), 835 ingest of 100k claim payments (issue 6), encounters posted
 *    to transmitted for 10k encounters (issue 5; needs Redis, and PostgreSQL for its rows).
 *
 * Environment: BENCH_SIZES (MB, default "1,10,100"), BENCH_GB (size of the streamed 835 in GB,
 * default 1; 0 skips it), BENCH_CASES (only rows or tables whose name contains this text),
 * BENCH_CLOCK ("cpu" to time by process CPU time instead of wall time, for a shared machine),
 * and each table's own settings (see its file), defaulting here to the sizes the issues ask.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateFile } from "./generate.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 1e6;
const RSS_TARGET_MB = 128;
const useCpuClock = process.env.BENCH_CLOCK === "cpu";

/** A table: its file, the words BENCH_CASES selects it by, and its settings' defaults. */
interface Table {
  readonly file: string;
  readonly selectedBy: readonly string[];
  readonly defaults: Readonly<Record<string, string>>;
}

const TABLES: readonly Table[] = [
  { file: "cases/eligibility-271.ts", selectedBy: ["271", "eligibility"], defaults: {} },
  {
    file: "cases/scrub-build-837.ts",
    selectedBy: ["837", "scrub", "claims"],
    defaults: { BENCH_CLAIMS: "1000,10000,100000" },
  },
  {
    file: "cases/ingest-835.ts",
    selectedBy: ["ingest"],
    defaults: { BENCH_INGEST_CLAIMS: "100000" },
  },
  {
    file: "cases/e2e-throughput.ts",
    selectedBy: ["e2e"],
    defaults: { BENCH_E2E_COUNT: "10000" },
  },
];

/** Runs a TypeScript file of bench/ in a child process through tsx, output to ours. */
function runChild(file: string, env: Record<string, string>): void {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(here, file)], {
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    process.stdout.write(`\n${file} failed (exit ${result.status ?? result.signal})\n`);
    process.exitCode = 1;
  }
}

/**
 * The child that streams the file, as plain JavaScript bundled by esbuild (tsx's own
 * dependency) so the TypeScript loader's memory is not counted; through tsx if that fails.
 */
async function childScript(): Promise<{ args: string[]; how: string; cleanup: () => void }> {
  const entry = path.join(here, "stream-rss.ts");
  const bundle = path.join(tmpdir(), `claimgate-stream-rss-${process.pid}.mjs`);
  try {
    const esbuild = (await import("esbuild")) as {
      build: (options: Record<string, unknown>) => Promise<unknown>;
    };
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: bundle,
      logLevel: "silent",
    });
    return { args: [bundle], how: "bundled JS", cleanup: () => rmSync(bundle, { force: true }) };
  } catch {
    return {
      args: ["--import", "tsx", entry],
      how: "through tsx, ~40 MB loader",
      cleanup: () => {},
    };
  }
}

async function streamRss(gb: number): Promise<void> {
  const file = path.join(tmpdir(), `claimgate-bench-${process.pid}.835`);
  try {
    process.stdout.write(`\ngenerating a ${gb} GB 835 at ${file} ...\n`);
    await generateFile("835", gb * 1e9, file);
    const child = await childScript();
    const output = execFileSync(process.execPath, [...child.args, file], {
      encoding: "utf8",
      maxBuffer: 1024 * 1024,
    });
    child.cleanup();
    const result = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
      bytes: number;
      sets: number;
      segments: number;
      seconds: number;
      peakRssMb: number;
      maxRssMb: number;
      baselineMb: number;
    };
    const verdict = result.peakRssMb < RSS_TARGET_MB ? "meets" : "MISSES";
    process.stdout.write(
      `streamTransactionSets over ${(result.bytes / 1e9).toFixed(2)} GB 835: ${result.sets} sets, ` +
        `${result.segments} segments in ${result.seconds.toFixed(1)} s ` +
        `(${(result.bytes / MB / result.seconds).toFixed(0)} MB/s), peak RSS ` +
        `${result.peakRssMb.toFixed(0)} MB sampled per set (${result.baselineMb.toFixed(0)} MB ` +
        `before streaming, ${child.how}; ru_maxrss ${result.maxRssMb.toFixed(0)} MB counts this ` +
        `process's pages at fork): target < ${RSS_TARGET_MB} MB ${verdict}\n`,
    );
  } finally {
    rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? "1,10,100")
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
  const gb = Number(process.env.BENCH_GB ?? "1");
  const filter = process.env.BENCH_CASES;
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
  const clock = useCpuClock ? "CPU time" : "wall time";
  process.stdout.write(
    `node ${process.version}, ${cpus().length} CPUs, load average ${load}, ${clock}, ` +
      `sizes ${sizes.join(", ")} MB, one process per size and per table\n\n`,
  );
  for (const size of sizes) runChild("throughput.ts", { BENCH_SIZES: String(size) });
  if (gb > 0) await streamRss(gb);
  for (const table of TABLES) {
    if (filter !== undefined && !table.selectedBy.some((word) => filter.includes(word))) continue;
    const defaults = Object.fromEntries(
      Object.entries(table.defaults).filter(([name]) => process.env[name] === undefined),
    );
    runChild(table.file, defaults);
  }
}

await main();
