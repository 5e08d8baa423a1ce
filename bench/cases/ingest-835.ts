/**
 * Issue 6 performance: posting an 835 of N claim payments (BENCH_INGEST_CLAIMS, default 10000;
 * the issue asks 100k) to N stored claims through `ingestFile`, in claims posted per second,
 * side by side with parsing the same file alone (readInterchanges + read835). Target: posting
 * within 3x of parsing. Stores: BENCH_INGEST_STORES ("pglite,postgres" by default; postgres
 * creates a fresh database through the TEST_DATABASE_URL admin URL and drops it after).
 *
 * The claims are written straight into the claims table in state `accepted`, their (empty)
 * encounters into claim_encounters (set-based: the setup is not what is measured). The payments
 * cycle through paid with a contractual write-off, paid with a patient share, partially paid
 * (CO-16) and denied (CO-197), so every outcome and owner path runs. Posting runs once per
 * store (an 835 posts once, ever), after a warm-up 835 of 200 claims. Run it alone with `npx tsx bench/cases/ingest-835.ts`; under `npm run bench`
 * it runs at the end only when BENCH_CASES selects "ingest".
 *
 * Clock: wall time, or with BENCH_CLOCK=cpu the CPU time spent, which is steadier on a shared
 * machine: this process's (parsing; ingest, with PGlite inside it) plus, on PostgreSQL, the
 * server backends' of the bench database (read from /proc, so only for a server on this host).
 * The claims are analyzed after they are stored, as autovacuum would have done in a live store:
 * freshly loaded, the planner takes the tenant's 100k claims for a few dozen rows.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import type { Database } from "../../src/store/database.js";
import { recordFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { openPglite } from "../../src/store/pglite.js";
import { openPostgres } from "../../src/store/postgres.js";
import { readInterchanges } from "../../src/x12/envelope.js";
import type { ClaimPaymentInput } from "../../src/x12/transactions/835-build.js";
import { readInboundInterchange } from "../../src/x12/transactions/inbound.js";
import { buildInterchange } from "../../src/x12/writer.js";
import { seedTenantAndPartner } from "../../test/support/pipeline-fixtures.js";
import { freshPostgres } from "../../test/support/postgres.js";
import { examplePayment835 } from "../../test/support/inbound-claims.js";
import type { BenchCase } from "../case.js";

const TENANT = "acme";
const TARGET_RATIO = 3;
const WARM_UP_CLAIMS = 200;
const CHARGE = 25_000;
const NOW = new Date("2026-03-05T10:00:00Z");
/** The sandbox partner's remit_due_hours: the 835 clock of an accepted claim. */
const REMIT_DUE_HOURS = 720;

type StoreKind = "pglite" | "postgres";

/** One CLP for claim `i`, cycling through the four outcomes; each balances on its own. */
function payment(prefix: string, i: number): ClaimPaymentInput {
  const base = {
    patientControlNumber: `${prefix}${i}`,
    statusCode: "1",
    chargeCents: CHARGE,
    patientResponsibilityCents: 0,
    payerClaimNumber: `P${prefix}${i}`,
    filingIndicator: "CI",
    lines: [],
  };
  switch (i % 4) {
    case 0:
      return {
        ...base,
        paidCents: 20_000,
        adjustments: [{ group: "CO", reason: "45", amountCents: 5_000 }],
      };
    case 1:
      return {
        ...base,
        paidCents: 15_000,
        patientResponsibilityCents: 10_000,
        adjustments: [{ group: "PR", reason: "2", amountCents: 10_000 }],
      };
    case 2:
      return {
        ...base,
        paidCents: 10_000,
        adjustments: [{ group: "CO", reason: "16", amountCents: 15_000 }],
      };
    default:
      return {
        ...base,
        statusCode: "4",
        paidCents: 0,
        adjustments: [{ group: "CO", reason: "197", amountCents: CHARGE }],
      };
  }
}

/**
 * At most this many CLPs per 835 set: buildInterchange spreads each set's body, and each
 * group's segments, into one push call, which overflows the stack past ~120k segments; larger
 * counts become several sets (one trace each, one group each) in the one interchange.
 */
const CLAIMS_PER_SET = 10_000;

function body835(prefix: string, from: number, count: number, trace: string) {
  return examplePayment835(
    trace,
    Array.from({ length: count }, (_, i) => payment(prefix, from + i)),
  );
}

/** The 835 interchange paying claims `${prefix}0` … `${prefix}${count - 1}` under `trace`. */
export function remittance835(prefix: string, count: number, trace: string): string {
  const sets = [];
  for (let from = 0, n = 1; from < count; from += CLAIMS_PER_SET, n++) {
    const size = Math.min(CLAIMS_PER_SET, count - from);
    const body = body835(prefix, from, size, count > CLAIMS_PER_SET ? `${trace}-${n}` : trace);
    sets.push({
      id: "835",
      controlNumber: String(n).padStart(4, "0"),
      guide: "005010X221A1",
      body,
    });
  }
  return buildInterchange({
    sender: { qualifier: "ZZ", id: "SANDBOXPAYER" },
    receiver: { qualifier: "ZZ", id: "ACMECLINIC" },
    controlNumber: 1,
    date: "20260305",
    time: "1000",
    usage: "T",
    delimiters: { element: "*", repetition: "^", component: ":", segment: "~" },
    groups: sets.map((set, i) => ({
      functionalId: "HP",
      sender: "SANDBOXPAYER",
      receiver: "ACMECLINIC",
      controlNumber: i + 1,
      version: "005010X221A1",
      transactionSets: [set],
    })),
  });
}

/**
 * `count` claims in state accepted with patient control numbers `${prefix}0…`, as the store
 * holds them: each with its (empty) encounter in claim_encounters, and its 835 clock running
 * (next_event, due_at, its claim_clocks row, as the 277CA acceptance started it), in one
 * statement.
 */
async function storeClaims(db: Database, prefix: string, count: number): Promise<void> {
  await db.query(
    `with stored as (
       insert into claims (id, tenant_id, patient_control_number, claim_type, payer_id,
         partner_id, state, total_charge_cents, next_event, due_at, created_at, updated_at)
       select 'c-' || $2 || n, $1, $2 || n, 'professional', 'EXHP1', 'sbx', 'accepted', $4,
         '835', $6, $5, $5
       from generate_series(0, $3 - 1) as n
       returning id, tenant_id, due_at),
     encounters as (
       insert into claim_encounters (claim_id, tenant_id, encounter)
       select id, tenant_id, '{}' from stored)
     insert into claim_clocks (tenant_id, claim_id, due_at)
     select tenant_id, id, due_at from stored`,
    [TENANT, prefix, count, CHARGE, NOW, new Date(NOW.getTime() + REMIT_DUE_HOURS * 3600_000)],
  );
}

async function openStore(kind: StoreKind) {
  if (kind === "pglite") {
    const db = await openPglite();
    return { db, drop: async () => db.close() };
  }
  const fresh = await freshPostgres("bench");
  const db = openPostgres(fresh.url);
  return {
    db,
    drop: async () => {
      await db.close();
      await fresh.drop();
    },
  };
}

const useCpuClock = process.env.BENCH_CLOCK === "cpu";

const processCpuSeconds = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};

/** CPU seconds the PostgreSQL backends `pids` have used, from /proc/<pid>/stat (utime + stime). */
function backendCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The backend has exited: its time is lost (the pool keeps its connections open).
    }
  }
  return ticks / 100;
}

async function backendPids(db: Database): Promise<number[]> {
  if (db.kind !== "postgres") return [];
  const { rows } = await db.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database()",
  );
  return rows.map((r) => r.pid);
}

/** Stores the 835 as a received file and ingests it; returns seconds and claims posted. */
async function post(db: Database, text: string): Promise<{ seconds: number; posted: number }> {
  const { file } = await recordFile(
    db,
    TENANT,
    {
      id: randomUUID(),
      partnerId: "sbx",
      direction: "inbound",
      kind: "835",
      name: `${randomUUID()}.835`,
      state: "received",
      content: Buffer.from(text),
    },
    NOW,
  );
  const deps = { db, partners: storePartners(db), now: () => NOW, newId: () => randomUUID() };
  const pids = await backendPids(db);
  const backendStart = backendCpuSeconds(pids);
  const cpuStart = processCpuSeconds();
  const start = performance.now();
  const result = await ingestFile(deps, { tenantId: TENANT, fileId: file.id });
  const wall = (performance.now() - start) / 1000;
  const cpu = processCpuSeconds() - cpuStart;
  // A backend that connected during the ingest counts whole.
  const fresh = (await backendPids(db)).filter((pid) => !pids.includes(pid));
  const backend = backendCpuSeconds(pids) - backendStart + backendCpuSeconds(fresh);
  if (result.outcome !== "ingested") throw new Error(`ingest ${result.outcome}`);
  if (useCpuClock)
    process.stdout.write(
      `  (${db.kind}: ${wall.toFixed(3)} s wall, CPU ${cpu.toFixed(3)} s here + ${backend.toFixed(3)} s in PostgreSQL)\n`,
    );
  return { seconds: useCpuClock ? cpu + backend : wall, posted: result.remittances.posted };
}

/** Best of 3 parses of the same bytes (after one warm-up), in seconds of the chosen clock. */
function parseSeconds(bytes: Buffer): { seconds: number; claims: number } {
  const once = () =>
    readInterchanges(bytes)
      .map(readInboundInterchange)
      .flatMap((i) => i.transactions)
      .reduce((n, t) => n + (t.kind === "835" ? t.remittance.claims.length : 0), 0);
  once();
  let best = Infinity;
  let claims = 0;
  const now = () => (useCpuClock ? processCpuSeconds() : performance.now() / 1000);
  for (let run = 0; run < 3; run++) {
    const start = now();
    claims = once();
    best = Math.min(best, now() - start);
  }
  return { seconds: best, claims };
}

const line = (label: string, claims: number, seconds: number) =>
  `${label.padEnd(34)}${(claims / seconds).toFixed(0).padStart(10)} claims/s   (${seconds.toFixed(3)} s)\n`;

export async function ingestTable(count: number, stores: readonly StoreKind[]): Promise<void> {
  const text = remittance835("BN", count, "BENCH-TRN-1");
  const bytes = Buffer.from(text);
  process.stdout.write(
    `\n835 ingest (issue 6): ${count} claim payments, ${(bytes.length / 1e6).toFixed(1)} MB, ` +
      `${useCpuClock ? "CPU time (this process + PostgreSQL backends)" : "wall time"}\n`,
  );
  const parsed = parseSeconds(bytes);
  if (parsed.claims !== count) throw new Error(`parsed ${parsed.claims} of ${count} claims`);
  process.stdout.write(line("parse (readInterchanges + read835)", count, parsed.seconds));
  const verdicts: string[] = [];
  for (const kind of stores) {
    const store = await openStore(kind);
    try {
      await migrate(store.db);
      await seedTenantAndPartner(store.db);
      await storeClaims(store.db, "WU", WARM_UP_CLAIMS);
      await post(store.db, remittance835("WU", WARM_UP_CLAIMS, "BENCH-WARM-UP"));
      await storeClaims(store.db, "BN", count);
      await store.db.query("analyze claims");
      const { seconds, posted } = await post(store.db, text);
      if (posted !== count) throw new Error(`posted ${posted} of ${count} claims`);
      process.stdout.write(line(`ingest + post on ${kind}`, count, seconds));
      const ratio = seconds / parsed.seconds;
      verdicts.push(
        `target posting within ${TARGET_RATIO}x of parsing (${kind}, ${count} claims): ` +
          `${ratio.toFixed(1)}x ${ratio <= TARGET_RATIO ? "meets" : "MISSES"}`,
      );
    } finally {
      await store.drop();
    }
  }
  process.stdout.write(`${verdicts.join("\n")}\n`);
}

function settings() {
  const count = Number(process.env.BENCH_INGEST_CLAIMS ?? "10000");
  if (!Number.isInteger(count) || count < 1) throw new Error("BENCH_INGEST_CLAIMS: a count");
  const stores = (process.env.BENCH_INGEST_STORES ?? "pglite,postgres")
    .split(",")
    .filter((s): s is StoreKind => s === "pglite" || s === "postgres");
  return { count, stores };
}

const cases: BenchCase[] = [];

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const underRunner = process.argv[1]?.endsWith(path.join("bench", "run.ts")) === true;
if (isMain) {
  const { count, stores } = settings();
  await ingestTable(count, stores);
} else if (underRunner && process.env.BENCH_CASES?.includes("ingest") === true) {
  let done = false;
  process.on("beforeExit", () => {
    if (done) return;
    done = true;
    const { count, stores } = settings();
    void ingestTable(count, stores);
  });
}

export default cases;
