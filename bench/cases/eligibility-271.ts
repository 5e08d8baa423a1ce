/**
 * Issue 7 performance: a 271 file of N eligibility responses (BENCH_271_RESPONSES, default
 * 10000) read into coverage summaries, in responses per second, side by side with node-x12
 * parsing the same bytes into its object model (it reads segments, not benefits: the
 * comparison is our whole read against its parse alone).
 *
 * The file is what the sandbox payer answers to one of our batch 270s: one 271 set per
 * request (build270Batch, then the sandbox's answer270File over the 271 builder), the
 * requests cycling through its scenarios (active with copay/deductible/coinsurance, inactive,
 * subscriber not found, dependent, another payer primary).
 *
 * Clock: wall time, or with BENCH_CLOCK=cpu this process's CPU time. Each row is the best of
 * BENCH_271_RUNS runs (default 5) after one warm-up run. Run it alone with
 * `npx tsx bench/cases/eligibility-271.ts`; `npm run bench` runs it in a child process of its own
 * (BENCH_CASES=271 or eligibility selects only it).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { X12Parser } from "node-x12";
import { coverageSummaries } from "../../src/domain/coverage.js";
import type { EligibilityRequest } from "../../src/domain/eligibility.js";
import { answer270File, eligibilityMemberIdFor } from "../../src/sandbox/eligibility-scenarios.js";
import type { EligibilityScenarioName } from "../../src/sandbox/eligibility-scenarios.js";
import { readInterchanges } from "../../src/x12/envelope.js";
import { build270Batch } from "../../src/x12/transactions/270-build.js";
import { read271 } from "../../src/x12/transactions/271.js";
import type { BenchCase } from "../case.js";

const SCENARIOS: readonly EligibilityScenarioName[] = [
  "active",
  "inactive",
  "not-found",
  "dependent",
  "other-payer",
];

function request(i: number): EligibilityRequest {
  const scenario = SCENARIOS[i % SCENARIOS.length] as EligibilityScenarioName;
  return {
    traceId: `BENCH-${i}`,
    provider: { npi: "1234567893", name: "BENCH CLINIC" },
    payer: { id: "BENCHPAYER", name: "BENCH PAYER" },
    subscriber: {
      memberId: eligibilityMemberIdFor(scenario, String(i)),
      lastName: "PATIENT",
      firstName: "ALEX",
      birthDate: "1980-01-01",
      sex: "F",
      groupNumber: "GRP1",
    },
    ...(scenario === "dependent"
      ? { dependent: { lastName: "PATIENT", firstName: "SAM", birthDate: "2016-06-01" } }
      : {}),
    serviceTypes: ["30", "98"],
    serviceDate: "2026-03-02",
  };
}

/** The sandbox's 271 answering a batch 270 of `count` requests (one set each). */
export function generate271(count: number): Buffer {
  const inquiries = Array.from({ length: count }, (_, i) => ({
    request: request(i),
    reference: `REQ${i}`,
  }));
  const { text } = build270Batch(inquiries, {
    date: "20260301",
    time: "0900",
    originatorId: "9BENCHSEND",
    interchangeSender: { qualifier: "ZZ", id: "BENCHSENDER" },
    interchangeReceiver: { qualifier: "ZZ", id: "BENCHPAYER" },
    groupSender: "BENCHSENDER",
    groupReceiver: "BENCHPAYER",
    usage: "T",
    controlNumbers: { isa: 1, gs: 1 },
  });
  const answer = answer270File(text, {
    controlNumbers: { isa: 2, gs: 2, firstSt: 1 },
    date: "20260301",
    time: "0901",
  });
  if (answer === undefined) throw new Error("the sandbox gave no 271");
  return Buffer.from(answer);
}

/**
 * Ours: envelope, every 271 set read, every member's coverage summary (a dependent's answer
 * has two: subscriber and dependent). Returns the responses (sets) that gave one.
 */
function coverage(bytes: Buffer): number {
  let responses = 0;
  for (const interchange of readInterchanges(bytes)) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets) {
        if (coverageSummaries(read271(set, interchange.delimiters)).length > 0) responses++;
      }
    }
  }
  return responses;
}

/** Ours, envelope and segments only (what node-x12's parse does): the sets found. */
function envelopeOnly(bytes: Buffer): number {
  let sets = 0;
  for (const interchange of readInterchanges(bytes)) {
    for (const group of interchange.groups) sets += group.transactionSets.length;
  }
  return sets;
}

/** node-x12's parse of the same bytes into its interchange object: the sets found. */
function nodeX12Parse(bytes: Buffer): number {
  const parsed = new X12Parser(false).parse(bytes.toString("utf8"));
  const interchanges = Array.isArray(parsed) ? parsed : [parsed];
  let sets = 0;
  for (const interchange of interchanges) {
    for (const group of interchange.functionalGroups) sets += group.transactions.length;
  }
  return sets;
}

const useCpuClock = process.env.BENCH_CLOCK === "cpu";
const clock = () => {
  if (!useCpuClock) return performance.now() / 1000;
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};

/** Best of `runs` runs after one warm-up, in seconds of the chosen clock, and the count. */
function best(run: (bytes: Buffer) => number, bytes: Buffer, runs: number) {
  let count = run(bytes);
  let seconds = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = clock();
    count = run(bytes);
    seconds = Math.min(seconds, clock() - start);
  }
  return { seconds, count };
}

const ROWS: readonly { name: string; run: (bytes: Buffer) => number; baseline?: true }[] = [
  { name: "node-x12 parse (object model)", run: nodeX12Parse, baseline: true },
  { name: "readInterchanges only (ours)", run: envelopeOnly },
  { name: "271 → coverage summaries (ours)", run: coverage },
];

export function eligibilityTable(responses: number, runs: number): void {
  const bytes = generate271(responses);
  const mb = bytes.length / 1e6;
  process.stdout.write(
    `\n271 read (issue 7): ${responses} responses (one 271 set each), ${mb.toFixed(1)} MB, ` +
      `${useCpuClock ? "CPU time" : "wall time"}, best of ${runs}\n`,
  );
  let baseline: number | undefined;
  for (const row of ROWS) {
    const { seconds, count } = best(row.run, bytes, runs);
    if (count !== responses) throw new Error(`${row.name}: ${count} of ${responses} responses`);
    const perS = responses / seconds;
    if (row.baseline === true) baseline = perS;
    const ratio = baseline === undefined || row.baseline ? "" : `${(perS / baseline).toFixed(1)}x`;
    process.stdout.write(
      `${row.name.padEnd(34)}${perS.toFixed(0).padStart(10)} responses/s` +
        `${(mb / seconds).toFixed(1).padStart(8)} MB/s  (${seconds.toFixed(3)} s)  ${ratio}\n`,
    );
  }
}

function settings() {
  const responses = Number(process.env.BENCH_271_RESPONSES ?? "10000");
  const runs = Number(process.env.BENCH_271_RUNS ?? "5");
  if (!Number.isInteger(responses) || responses < 1)
    throw new Error("BENCH_271_RESPONSES: a count");
  if (!Number.isInteger(runs) || runs < 1) throw new Error("BENCH_271_RUNS: a count");
  return { responses, runs };
}

const cases: BenchCase[] = [];

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { responses, runs } = settings();
  eligibilityTable(responses, runs);
}

export default cases;
