/**
 * The byte-sized rows of `npm run bench` for the sizes in BENCH_SIZES (bench/run.ts starts
 * one process per size, so no size pays for the heap the one before it left): every row of
 * bench/cases/*.ts (see bench/case.ts) on generated 835 and 837P files, side by side with
 * node-x12's stream parser, then the issue 3 ratio targets.
 *
 * Environment: BENCH_SIZES (MB, default "1,10,100"), BENCH_CASES (only rows whose name
 * contains this text), BENCH_CLOCK ("cpu" to time by process CPU time instead of wall time).
 * Run alone: `npx tsx bench/throughput.ts`.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BenchCase } from "./case.js";
import { generate, type BenchKind } from "./generate.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 1e6;
const TIME_BUDGET_S = 3;
const MAX_RUNS = 10;
/**
 * Every row gets at least this many timed runs: with the time budget alone, node-x12 got 2 at
 * 100 MB (2.5 s each) against our 5 or more, and a best of more runs favours the faster row.
 */
const MIN_RUNS = 3;
/** Warm-up on inputs up to 10 MB: the JIT tiers up over several runs, not one. */
const WARMUP_S = 0.5;
/** Issue 3 targets: rows whose name starts with the prefix, as a ratio to node-x12's stream parser. */
const TARGETS: readonly { prefix: string; ratio: number }[] = [
  { prefix: "tokenize", ratio: 4 },
  { prefix: "read835", ratio: 1.5 },
];

async function loadCases(): Promise<BenchCase[]> {
  const folder = path.join(here, "cases");
  const files = readdirSync(folder).filter((f) => /\.[cm]?ts$/.test(f) && !f.endsWith(".d.ts"));
  const loaded: BenchCase[] = [];
  for (const file of files.sort()) {
    const module = (await import(pathToFileURL(path.join(folder, file)).href)) as {
      default?: BenchCase[];
    };
    loaded.push(...(module.default ?? []));
  }
  const filter = process.env.BENCH_CASES;
  return loaded
    .filter((c) => filter === undefined || c.baseline === true || c.name.includes(filter))
    .sort((a, b) => (a.order ?? 50) - (b.order ?? 50) || a.name.localeCompare(b.name));
}

const useCpuClock = process.env.BENCH_CLOCK === "cpu";
/**
 * A full collection between runs, so no row pays for the garbage of the row before it.
 * `npm run bench` runs without --expose-gc; the flag can still be turned on at run time.
 */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
const collectGarbage = exposeGc();

/**
 * Best time of one run, in seconds (after WARMUP_S of warm-up runs on inputs up to 10 MB, so
 * every row, node-x12's included, is timed in optimized code). The time is the
 * process's CPU time (user + system) when BENCH_CLOCK=cpu, which is steadier than wall time
 * on a shared, loaded machine; wall time otherwise.
 */
async function measure(benchCase: BenchCase, bytes: Buffer): Promise<number> {
  if (bytes.length <= 10 * MB) {
    const warmUpStart = performance.now();
    do await benchCase.run(bytes);
    while ((performance.now() - warmUpStart) / 1000 < WARMUP_S);
  }
  let best = Infinity;
  let total = 0;
  for (let runs = 0; runs < MAX_RUNS && (runs < MIN_RUNS || total < TIME_BUDGET_S); runs++) {
    collectGarbage();
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    await benchCase.run(bytes);
    const cpu = process.cpuUsage(cpuStart);
    const wall = (performance.now() - wallStart) / 1000;
    const seconds = useCpuClock ? (cpu.user + cpu.system) / 1e6 : wall;
    best = Math.min(best, seconds);
    total += wall;
  }
  return best;
}

function segmentCount(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(0x7e); at !== -1; at = bytes.indexOf(0x7e, at + 1)) count++;
  return count;
}

interface Row {
  kind: BenchKind;
  sizeMb: number;
  name: string;
  mbPerS: number;
  segmentsPerS: number;
  baseline: boolean;
}

const pad = (text: string, width: number): string => text.padEnd(width);
const num = (value: number, digits = 1): string => value.toFixed(digits).padStart(9);

function printRow(row: Row, baselineMbPerS: number | undefined): void {
  const ratio =
    baselineMbPerS === undefined || row.baseline
      ? ""
      : `${(row.mbPerS / baselineMbPerS).toFixed(1)}x`;
  process.stdout.write(
    `${pad(row.kind, 5)} ${String(row.sizeMb).padStart(5)} MB  ${pad(row.name, 38)}` +
      `${num(row.mbPerS)} MB/s ${num(row.segmentsPerS / 1e6, 2)} Mseg/s  ${ratio.padStart(7)}\n`,
  );
}

async function throughput(cases: BenchCase[], sizes: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  process.stdout.write(
    `${pad("kind", 5)} ${"size".padStart(8)}  ${pad("case", 38)}${"MB/s".padStart(14)} ` +
      `${"segments/s".padStart(16)}  vs node-x12\n`,
  );
  for (const sizeMb of sizes) {
    for (const kind of ["835", "837p"] as const) {
      const bytes = generate(kind, sizeMb * MB);
      const segments = segmentCount(bytes);
      const kindCases = cases.filter((c) => c.kinds.includes(kind));
      // Measure the baseline first so every other row can print its ratio at once.
      const ordered = [
        ...kindCases.filter((c) => c.baseline),
        ...kindCases.filter((c) => !c.baseline),
      ];
      const measured: Row[] = [];
      for (const benchCase of ordered) {
        const seconds = await measure(benchCase, bytes);
        measured.push({
          kind,
          sizeMb,
          name: benchCase.name,
          mbPerS: bytes.length / MB / seconds,
          segmentsPerS: segments / seconds,
          baseline: benchCase.baseline === true,
        });
      }
      const baseline = measured.find((r) => r.baseline)?.mbPerS;
      for (const benchCase of kindCases) {
        const row = measured.find((r) => r.name === benchCase.name) as Row;
        printRow(row, baseline);
        rows.push(row);
      }
    }
  }
  return rows;
}

function checkTargets(rows: Row[]): void {
  for (const target of TARGETS) {
    for (const row of rows.filter((r) => r.name.startsWith(target.prefix))) {
      const baseline = rows.find(
        (r) => r.baseline && r.kind === row.kind && r.sizeMb === row.sizeMb,
      );
      if (baseline === undefined) continue;
      const ratio = row.mbPerS / baseline.mbPerS;
      const verdict = ratio >= target.ratio ? "meets" : "MISSES";
      process.stdout.write(
        `target ${row.name} >= ${target.ratio}x node-x12 stream (${row.kind}, ${row.sizeMb} MB): ` +
          `${ratio.toFixed(1)}x ${verdict}\n`,
      );
    }
  }
}

const sizes = (process.env.BENCH_SIZES ?? "1,10,100")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const rows = await throughput(await loadCases(), sizes);
process.stdout.write("\n");
checkTargets(rows);
