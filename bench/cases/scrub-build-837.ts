/**
 * Issue 4 performance: scrub + build + serialize of N claims (BENCH_CLAIMS, default
 * "1000,10000,100000", the sizes the issue asks), claims/s and MB/s, side by side with our
 * serializer alone and node-x12's X12Generator writing the very same segments. node-x12 at
 * 100k claims takes most of the table's time (about a minute); BENCH_CLAIMS=1000,10000 skips it.
 *
 * The claims are the example encounters (schemas/examples/*.json) repeated with unique patient
 * control numbers and member ids, scrubbed against the real code sets, then batched into
 * interchanges of 1000 claims per 837 kind. Each row is timed after a warm-up (0.5 s and at
 * least 20,000 claims) with only its own inputs alive. Run it alone with
 * `npx tsx bench/cases/scrub-build-837.ts`; under `npm run bench` its rows run on the 837P
 * sizes (output MB/s) and the claims table prints when the run ends.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { X12Generator, JSEDINotation } from "node-x12";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import type { CodedEncounter } from "../../src/domain/encounter.js";
import { holdsClaim, scrub } from "../../src/domain/scrub/index.js";
import type { ScrubContext } from "../../src/domain/scrub/index.js";
import { tokenize } from "../../src/x12/tokenizer.js";
import { build837Transaction } from "../../src/x12/transactions/837-common.js";
import type { ClaimParts, Kind837 } from "../../src/x12/transactions/837-common.js";
import { batch837, DEFAULT_DELIMITERS } from "../../src/x12/transactions/837-batch.js";
import type { BatchOptions } from "../../src/x12/transactions/837-batch.js";
import { claimParts837i } from "../../src/x12/transactions/837i.js";
import { claimParts837p } from "../../src/x12/transactions/837p.js";
import { buildInterchange } from "../../src/x12/writer.js";
import type { InterchangeInput } from "../../src/x12/writer.js";
import type { BenchCase } from "../case.js";

const CLAIMS_PER_INTERCHANGE = 1000;
const TARGET_CLAIMS_PER_S = 50_000;
const ROW_PREFIX = "scrub+build+serialize";
const here = path.dirname(fileURLToPath(import.meta.url));
const examplesDir = path.resolve(here, "../../schemas/examples");

/** The example encounters (not the eligibility/ subfolder). */
function examples(): CodedEncounter[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(examplesDir, f), "utf8")) as CodedEncounter);
}

const EXAMPLES = examples();

let scrubContext: ScrubContext | undefined;
/** Loaded on first use, so importing this file (as bench/run.ts does) costs nothing. */
function context(): ScrubContext {
  scrubContext ??= {
    today: "2026-03-01",
    codeSets: loadCodeSets(),
    payerRules: {},
    knownPayerIds: new Set(EXAMPLES.map((e) => e.payer.id)),
    priorClaims: [],
    eligibility: [],
  };
  return scrubContext;
}

/** `count` encounters cycling through the examples, each with its own PCN and member id. */
export function encounters(count: number): CodedEncounter[] {
  return Array.from({ length: count }, (_, i) => {
    const example = EXAMPLES[i % EXAMPLES.length] as CodedEncounter;
    return {
      ...example,
      patientControlNumber: `BENCH${i}`,
      subscriber: { ...example.subscriber, memberId: `BM${i}` },
    };
  });
}

const kindOf = (e: CodedEncounter): Kind837 => (e.kind === "professional" ? "837p" : "837i");

function batchOptions(kind: Kind837, isa: number): BatchOptions {
  return {
    kind,
    interchangeSender: { qualifier: "ZZ", id: "BENCHSENDER" },
    interchangeReceiver: { qualifier: "ZZ", id: "BENCHRECEIVER" },
    groupSender: "BENCHSENDER",
    groupReceiver: "BENCHRECEIVER",
    submitter: { name: "BENCH SUBMITTER", id: "SUB123", phone: "8005551212" },
    receiver: { name: "BENCH PAYER", id: "PAYER01" },
    usage: "T",
    controlNumbers: { isa, gs: isa, firstSt: 1 },
    date: "20260301",
    time: "1200",
  };
}

/** Encounters of one kind cut into interchange-sized runs, in order. */
function interchanges(list: readonly CodedEncounter[]): CodedEncounter[][] {
  const out: CodedEncounter[][] = [];
  for (const kind of ["837p", "837i"] as const) {
    const ofKind = list.filter((e) => kindOf(e) === kind);
    for (let i = 0; i < ofKind.length; i += CLAIMS_PER_INTERCHANGE) {
      out.push(ofKind.slice(i, i + CLAIMS_PER_INTERCHANGE));
    }
  }
  return out;
}

interface Pass {
  readonly claims: number;
  readonly bytes: number;
}

/** The full path: scrub every encounter, batch the clean ones, serialize. */
export function scrubBuildSerialize(list: readonly CodedEncounter[]): Pass {
  const ctx = context();
  const clean: CodedEncounter[] = [];
  for (const encounter of list) if (!holdsClaim(scrub(encounter, ctx))) clean.push(encounter);
  let bytes = 0;
  interchanges(clean).forEach((group, i) => {
    const claims = group.map((encounter, n) => ({ encounter, submissionId: `S${i}-${n}` }));
    bytes += batch837(claims, batchOptions(kindOf(group[0] as CodedEncounter), i + 1)).text.length;
  });
  return { claims: clean.length, bytes };
}

function parts(encounter: CodedEncounter, submissionId: string): ClaimParts {
  return encounter.kind === "professional"
    ? claimParts837p(encounter, { submissionId })
    : claimParts837i(encounter, { submissionId });
}

/** What our builder produced for one interchange, ready for buildInterchange. */
function interchangeInput(group: readonly CodedEncounter[], isa: number): InterchangeInput {
  const kind = kindOf(group[0] as CodedEncounter);
  const o = batchOptions(kind, isa);
  const built = build837Transaction(
    group.map((e, n) => parts(e, `S${isa}-${n}`)),
    {
      kind,
      controlNumber: "0001",
      submitter: o.submitter,
      receiver: o.receiver,
      bhtReference: "0001",
      date: o.date,
      time: o.time,
    },
  );
  return {
    sender: o.interchangeSender,
    receiver: o.interchangeReceiver,
    controlNumber: isa,
    date: o.date,
    time: o.time,
    usage: o.usage,
    delimiters: DEFAULT_DELIMITERS,
    groups: [
      {
        functionalId: "HC",
        sender: o.groupSender,
        receiver: o.groupReceiver,
        controlNumber: isa,
        version: built.set.guide ?? "",
        transactionSets: [built.set],
      },
    ],
  };
}

/** The same segments in node-x12's object model (JS EDI Notation; it writes SE/GE/IEA). */
function toJsen(text: string): JSEDINotation {
  const segments = tokenize(text).toArray();
  const values = (i: number): string[] => [...(segments[i]?.elements ?? [])];
  const jsen = new JSEDINotation(values(0));
  const group = jsen.addFunctionalGroup(values(1));
  const transaction = group.addTransaction(values(2));
  for (const s of segments.slice(3, -3)) transaction.addSegment(s.id, [...s.elements]);
  return jsen;
}

const X12_OPTIONS = {
  elementDelimiter: "*",
  segmentTerminator: "~",
  subElementDelimiter: ":",
  repetitionDelimiter: "^",
  endOfLine: "",
  format: false,
};

/**
 * What one claim count's rows run on, each row's inputs made on first use and outside its
 * timing. A row is timed with only its own inputs alive: another row's (node-x12's object
 * model of 100k claims, say) would make every garbage collection in it mark that too.
 */
export class Prepared {
  readonly list: CodedEncounter[];
  readonly claims: number;
  private inputList: InterchangeInput[] | undefined;
  private jsenList: JSEDINotation[] | undefined;

  constructor(count: number) {
    this.list = encounters(count);
    this.claims = count;
  }

  /** Our builder's interchanges, for the serialize-only row. */
  inputs(): InterchangeInput[] {
    this.jsenList = undefined;
    this.inputList ??= interchanges(this.list).map((group, i) => interchangeInput(group, i + 1));
    return this.inputList;
  }

  /** The same segments in node-x12's object model (our inputs are let go once made). */
  jsens(): JSEDINotation[] {
    if (this.jsenList === undefined) {
      const jsens = this.inputs().map((input) => toJsen(buildInterchange(input)));
      this.inputList = undefined;
      this.jsenList = jsens;
    }
    return this.jsenList;
  }

  /** Lets go of both, before the scrub row. */
  release(): void {
    this.inputList = undefined;
    this.jsenList = undefined;
  }
}

export function prepare(count: number): Prepared {
  return new Prepared(count);
}

export function serializeOurs(p: Prepared): Pass {
  let bytes = 0;
  for (const input of p.inputs()) bytes += buildInterchange(input).length;
  return { claims: p.claims, bytes };
}

export function serializeNodeX12(p: Prepared): Pass {
  let bytes = 0;
  for (const jsen of p.jsens()) bytes += new X12Generator(jsen, X12_OPTIONS).toString().length;
  return { claims: p.claims, bytes };
}

const useCpuClock = process.env.BENCH_CLOCK === "cpu";

interface Timing {
  readonly pass: Pass;
  readonly wall: number;
  readonly cpu: number;
}

const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;

/**
 * Warm-up, on the clock the row is timed by, for WARMUP_S and at least WARMUP_CLAIMS claims:
 * the JIT tiers a function up after enough calls, so 1000 claims need many runs (measured:
 * about 1.2 s of CPU before scrub+build+serialize runs in optimized code), 100k claims one.
 * Every row, node-x12's included, warms up the same way.
 */
const WARMUP_S = 0.5;
const WARMUP_CLAIMS = 20_000;

/** Best of up to 5 runs within ~3 s of the row's clock after the warm-up (wall and CPU). */
function time(run: () => Pass): Timing {
  // On a loaded machine 0.5 s of wall time is little CPU: warm up on the row's own clock.
  const clock = () => (useCpuClock ? cpuSeconds(process.cpuUsage()) : performance.now() / 1000);
  const warmUpStart = clock();
  let warmed = 0;
  do warmed += run().claims;
  while (clock() - warmUpStart < WARMUP_S || warmed < WARMUP_CLAIMS);
  let best: Timing | undefined;
  let spent = 0;
  for (let n = 0; n < 5 && (n === 0 || spent < 3); n++) {
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    const pass = run();
    const cpuUsed = process.cpuUsage(cpuStart);
    const wall = (performance.now() - wallStart) / 1000;
    const cpu = cpuSeconds(cpuUsed);
    // The budget runs on the row's clock too: on a loaded machine wall time is mostly waiting.
    spent += useCpuClock ? cpu : wall;
    const key = (t: Timing) => (useCpuClock ? t.cpu : t.wall);
    if (best === undefined || key({ pass, wall, cpu }) < key(best)) best = { pass, wall, cpu };
  }
  return best as Timing;
}

interface ClaimsRow {
  readonly name: string;
  /** Makes the row's inputs (and lets go of the other rows'), outside the timing. */
  readonly setUp: (p: Prepared) => void;
  readonly run: (p: Prepared) => Pass;
}

const ROWS: readonly ClaimsRow[] = [
  {
    name: `${ROW_PREFIX} (ours)`,
    setUp: (p) => p.release(),
    run: (p) => scrubBuildSerialize(p.list),
  },
  { name: "serialize (ours)", setUp: (p) => void p.inputs(), run: serializeOurs },
  {
    name: "serialize (node-x12 X12Generator)",
    setUp: (p) => void p.jsens(),
    run: serializeNodeX12,
  },
];

function printTiming(count: number, name: string, t: Timing): number {
  const seconds = useCpuClock ? t.cpu : t.wall;
  const claimsPerS = t.pass.claims / seconds;
  process.stdout.write(
    `${String(count).padStart(7)} claims  ${name.padEnd(40)}` +
      `${claimsPerS.toFixed(0).padStart(10)} claims/s ${(t.pass.bytes / 1e6 / seconds).toFixed(1).padStart(7)} MB/s` +
      `   (wall ${t.wall.toFixed(3)} s, CPU ${t.cpu.toFixed(3)} s)\n`,
  );
  return claimsPerS;
}

/** The claims table and the issue 4 target verdict. */
export function claimsTable(counts: readonly number[]): void {
  process.stdout.write(
    `\nscrub + build + serialize (issue 4), ${useCpuClock ? "CPU" : "wall"} time, ` +
      `best of up to 5 runs, ${EXAMPLES.length} example encounters repeated\n`,
  );
  const verdicts: string[] = [];
  for (const count of counts) {
    const prepared = prepare(count);
    for (const row of ROWS) {
      row.setUp(prepared);
      const rate = printTiming(
        count,
        row.name,
        time(() => row.run(prepared)),
      );
      if (row.name.startsWith(ROW_PREFIX)) {
        const met = rate >= TARGET_CLAIMS_PER_S ? "meets" : "MISSES";
        verdicts.push(
          `target ${ROW_PREFIX} >= ${TARGET_CLAIMS_PER_S} claims/s (${count} claims): ` +
            `${rate.toFixed(0)} ${met}`,
        );
      }
    }
  }
  process.stdout.write(`${verdicts.join("\n")}\n`);
}

function claimCounts(): number[] {
  return (process.env.BENCH_CLAIMS ?? "1000,10000,100000")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Average 837 bytes per claim, measured on first use. */
let bytesPerClaim = 0;
const preparedBySize = new Map<number, Prepared>();
/** Claims for about `bytes` bytes of output (the rows on the runner's sizes), kept per size. */
function preparedFor(bytes: Buffer): Prepared {
  let p = preparedBySize.get(bytes.length);
  if (p === undefined) {
    if (bytesPerClaim === 0) {
      const sample = prepare(100);
      bytesPerClaim = serializeOurs(sample).bytes / sample.claims;
    }
    preparedBySize.clear();
    p = prepare(Math.max(1, Math.round(bytes.length / bytesPerClaim)));
    preparedBySize.set(bytes.length, p);
  }
  return p;
}

const cases: BenchCase[] = ROWS.map((row, i) => ({
  name: `837 ${row.name}`,
  kinds: ["837p"],
  order: 60 + i,
  run: (bytes: Buffer) => {
    // The first run of a size (a warm-up run, up to 10 MB) makes the inputs; later runs reuse them.
    const p = preparedFor(bytes);
    row.setUp(p);
    return row.run(p).claims;
  },
}));

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  claimsTable(claimCounts());
} else if (process.argv[1]?.endsWith(path.join("bench", "run.ts")) === true) {
  // Under bench/run.ts: the claims table after the byte-sized rows, when these rows are selected.
  const filter = process.env.BENCH_CASES;
  if (filter === undefined || cases.some((c) => c.name.includes(filter))) {
    let done = false;
    process.on("beforeExit", () => {
      if (done) return;
      done = true;
      claimsTable(claimCounts());
    });
  }
}

export default cases;
