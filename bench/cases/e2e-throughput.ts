/**
 * Issue 5 performance: encounters posted through the API → every claim transmitted, with the
 * whole gateway (API, scrub, batch and transmit workers) in this one process, Redis outside
 * (REDIS_URL or a private redis-server) and the in-process sandbox SFTP endpoint.
 *
 * The clock runs from the first POST until no claim is left in received/ready/batched (a count
 * query on the store every 100 ms). BENCH_E2E_COUNT encounters (default 2000; the issue asks
 * 10k), BENCH_E2E_STORES ("pglite,postgres" by default; postgres creates a fresh database
 * through the TEST_DATABASE_URL admin URL and drops it after). Target: 2,000 encounters/s.
 *
 * Run it alone with `npx tsx bench/cases/e2e-throughput.ts`; under `npm run bench` it runs at
 * the end only when BENCH_CASES selects "e2e" (it needs Redis and takes a while).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashApiKey, newApiKey } from "../../src/api/auth.js";
import { createContainer } from "../../src/app/container.js";
import { exampleEncounters } from "../../src/app/demo-encounters.js";
import { ensureRedis, freePort } from "../../src/app/local-redis.js";
import { startRuntime } from "../../src/app/runtime.js";
import { WORKERS } from "../../src/app/workers.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/index.js";
import type { CodedEncounter } from "../../src/domain/encounter.js";
import { createLogger } from "../../src/logging/logger.js";
import { generateKeyPair, SandboxSftpServer } from "../../src/sandbox/sftp-server.js";
import type { Database, Queryable } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { freshPostgres } from "../../test/support/postgres.js";
import type { BenchCase } from "../case.js";

const TENANT = "bench-practice";
const TARGET_PER_S = 2000;
const POST_CHUNK = 1000;
const WARM_UP = 200;
const TIMEOUT_MS = 15 * 60_000;

type StoreKind = "pglite" | "postgres";

/** The in-process SFTP endpoint the partner sends to (nobody answers: claims stop at transmitted). */
async function sandbox(root: string) {
  await mkdir(path.join(root, "inbound"), { recursive: true });
  await mkdir(path.join(root, "outbound"), { recursive: true });
  const host = generateKeyPair();
  const client = generateKeyPair();
  const server = new SandboxSftpServer({
    rootDir: root,
    hostKey: host.privateKey,
    users: [{ username: "bench", publicKey: client.publicKey }],
  });
  const { port } = await server.listen();
  return { server, port, clientKey: client.privateKey };
}

function partnerEntry(port: number, keyFile: string, fingerprint: string) {
  return {
    id: "sandbox",
    tenantId: TENANT,
    name: "Sandbox Payer",
    usage: "T",
    sftp: {
      host: "127.0.0.1",
      port,
      username: "bench",
      privateKeyFile: keyFile,
      hostKeyFingerprint: fingerprint,
    },
    inboundDir: "/inbound",
    outboundDir: "/outbound",
    isa: {
      senderQualifier: "ZZ",
      senderId: "BENCHPRACTICE",
      receiverQualifier: "ZZ",
      receiverId: "SANDBOXPAYER",
    },
    gs: { senderId: "BENCHPRACTICE", receiverId: "SANDBOXPAYER" },
    payers: [{ payerId: "EXHP1" }, { payerId: "EXMCR" }, { payerId: "EXMCD" }],
    batch: { size: 5000, intervalSeconds: 1, maxClaimsPerSt: 5000 },
  };
}

/** `count` encounters from `from`, cycling through the examples, with unique PCN and member id. */
function encounters(from: number, count: number): CodedEncounter[] {
  const examples = exampleEncounters();
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const base = examples[i % examples.length] as CodedEncounter;
    return {
      ...base,
      patientControlNumber: `E2E${i}`,
      subscriber: { ...base.subscriber, memberId: `E2EM${i}` },
    };
  });
}

interface Gateway {
  readonly url: string;
  readonly apiKey: string;
  readonly db: Database;
  stop(): Promise<void>;
}

/** Statements run through the store, by their first words (what each stage costs the store). */
const statements = new Map<string, number>();

function statementKey(sql: string): string {
  return sql.replace(/\s+/g, " ").trim().slice(0, 48);
}

function counting(q: Queryable): Queryable {
  return {
    query: (sql, params) => {
      const key = statementKey(sql);
      statements.set(key, (statements.get(key) ?? 0) + 1);
      return q.query(sql, params);
    },
    execScript: (sql) => q.execScript(sql),
  };
}

/** The store with every statement counted (in this process). */
function countingDatabase(db: Database): Database {
  return {
    ...db,
    ...counting(db),
    transaction: (work) => db.transaction((tx) => work(counting(tx))),
    withLock: (key, work) => db.withLock(key, (q) => work(counting(q))),
    close: () => db.close(),
  };
}

async function openStore(kind: StoreKind, dir: string) {
  if (kind === "pglite") {
    return {
      db: await openDatabase({ databaseUrl: undefined, dataDir: dir }),
      drop: async () => {},
    };
  }
  const fresh = await freshPostgres("bench");
  return {
    db: await openDatabase({ databaseUrl: fresh.url, dataDir: dir }),
    drop: () => fresh.drop(),
  };
}

/** The demo's wiring with a large partner batch and no polling or follow-up timers. */
async function startGateway(kind: StoreKind): Promise<Gateway> {
  const dir = await mkdtemp(path.join(tmpdir(), "claimgate-e2e-"));
  const base = loadConfig();
  const redis = await ensureRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const sbx = await sandbox(path.join(dir, "sandbox-root"));
  const keyFile = path.join(dir, "sandbox-client-key");
  await writeFile(keyFile, sbx.clientKey, { mode: 0o600 });
  const opened = await openStore(kind, dir);
  const store = { ...opened, db: countingDatabase(opened.db) };
  await migrate(store.db);
  await createTenant(store.db, { id: TENANT, name: "Bench Practice" });
  const apiKey = newApiKey();
  await addApiKey(store.db, TENANT, { id: "bench-key", keyHash: hashApiKey(apiKey), label: "b" });
  const config: Config = {
    ...base,
    redisUrl: redis.url,
    queuePrefix: `claimgate-bench-${Date.now().toString(36)}`,
    port: await freePort(),
    tradingPartners: [partnerEntry(sbx.port, keyFile, sbx.server.hostKeyFingerprint)],
  };
  const logger = createLogger({ level: "error" });
  const container = await createContainer(config, logger, { db: store.db });
  const runtime = await startRuntime(container, {
    workers: WORKERS,
    api: true,
    pollIntervalMs: 0,
    followupIntervalMs: 0,
    relayIntervalMs: 100,
  });
  return {
    url: runtime.url as string,
    apiKey,
    db: store.db,
    async stop() {
      await runtime.stop();
      await container.close();
      await sbx.server.close();
      redis.stop();
      await store.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function post(gateway: Gateway, list: readonly CodedEncounter[]): Promise<void> {
  const headers = { authorization: `Bearer ${gateway.apiKey}`, "content-type": "application/json" };
  for (let i = 0; i < list.length; i += POST_CHUNK) {
    const res = await fetch(`${gateway.url}/v1/encounters/batch`, {
      method: "POST",
      headers,
      body: JSON.stringify({ encounters: list.slice(i, i + POST_CHUNK) }),
    });
    if (res.status >= 300) throw new Error(`batch post answered ${res.status}`);
    const body = (await res.json()) as { results: { status: number }[] };
    const refused = body.results.filter((r) => r.status !== 201).length;
    if (refused > 0) throw new Error(`${refused} encounters refused`);
  }
}

interface Counts {
  readonly total: number;
  readonly pending: number;
  readonly held: number;
}

async function counts(db: Database): Promise<Counts> {
  const { rows } = await db.query<Counts>(
    `select count(*)::int as total,
            (count(*) filter (where state in ('received', 'ready', 'batched')))::int as pending,
            (count(*) filter (where state = 'held'))::int as held
       from claims where tenant_id = $1`,
    [TENANT],
  );
  return rows[0] ?? { total: 0, pending: 0, held: 0 };
}

/** Polls until `expected` claims exist and none is pending; the counts at the end. */
async function untilTransmitted(db: Database, expected: number): Promise<Counts> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const now = await counts(db);
    if (now.total >= expected && now.pending === 0) return now;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** When (seconds after `start`) the last claim of the measured run reached each state. */
async function stageTimes(db: Database, start: Date): Promise<Record<string, number>> {
  const { rows } = await db.query<{ to_state: string; last: Date | string }>(
    `select to_state, max(at) as last from claim_events
      where tenant_id = $1 and at >= $2 group by to_state`,
    [TENANT, start.toISOString()],
  );
  const out: Record<string, number> = {};
  for (const r of rows) out[r.to_state] = (new Date(r.last).getTime() - start.getTime()) / 1000;
  return out;
}

interface E2eResult {
  readonly store: StoreKind;
  readonly count: number;
  readonly postSeconds: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly held: number;
  readonly stages: Record<string, number>;
  /** Statements this process ran during the measured run, most frequent first. */
  readonly statements: readonly (readonly [string, number])[];
}

export async function e2e(kind: StoreKind, count: number): Promise<E2eResult> {
  const gateway = await startGateway(kind);
  try {
    // A small warm-up run first: connections, JIT, the first SFTP session.
    await post(gateway, encounters(0, WARM_UP));
    await untilTransmitted(gateway.db, WARM_UP);
    const start = new Date();
    const cpuStart = process.cpuUsage();
    statements.clear();
    await post(gateway, encounters(WARM_UP, count));
    const postSeconds = (Date.now() - start.getTime()) / 1000;
    const end = await untilTransmitted(gateway.db, WARM_UP + count);
    const seconds = (Date.now() - start.getTime()) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const counted = [...statements.entries()].sort((a, b) => b[1] - a[1]);
    const stages = await stageTimes(gateway.db, start);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      store: kind,
      count,
      postSeconds,
      seconds,
      cpuSeconds,
      held: end.held,
      stages,
      statements: counted,
    };
  } finally {
    await gateway.stop();
  }
}

function report(r: E2eResult): void {
  const rate = r.count / r.seconds;
  const stages = Object.entries(r.stages)
    .sort((a, b) => a[1] - b[1])
    .map(([state, s]) => `${state} ${s.toFixed(1)} s`)
    .join(", ");
  process.stdout.write(
    `e2e ${r.store.padEnd(8)} ${r.count} encounters: posted in ${r.postSeconds.toFixed(1)} s, ` +
      `all transmitted in ${r.seconds.toFixed(1)} s = ${rate.toFixed(0)} claims/s ` +
      `(process CPU ${r.cpuSeconds.toFixed(1)} s = ${(r.cpuSeconds / r.seconds).toFixed(2)} cores; ` +
      `held ${r.held})\n  last claim reached: ${stages}\n` +
      `target >= ${TARGET_PER_S} encounters/s: ${rate >= TARGET_PER_S ? "meets" : "MISSES"}\n`,
  );
  const total = r.statements.reduce((n, [, c]) => n + c, 0);
  process.stdout.write(`  store statements: ${total}, most run:\n`);
  for (const [sql, n] of r.statements.slice(0, 8)) process.stdout.write(`    ${n}  ${sql}\n`);
}

export async function e2eTable(): Promise<void> {
  const count = Number(process.env.BENCH_E2E_COUNT ?? "2000");
  const stores = (process.env.BENCH_E2E_STORES ?? "pglite,postgres")
    .split(",")
    .filter((s): s is StoreKind => s === "pglite" || s === "postgres");
  process.stdout.write(`\nend to end, one process (issue 5): ${count} encounters\n`);
  for (const store of stores) report(await e2e(store, count));
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const underRunner = process.argv[1]?.endsWith(path.join("bench", "run.ts")) === true;
if (isMain) {
  await e2eTable();
} else if (underRunner && process.env.BENCH_CASES?.includes("e2e") === true) {
  let done = false;
  process.on("beforeExit", () => {
    if (done) return;
    done = true;
    void e2eTable();
  });
}

/** No byte-sized rows: this measurement is claims, not bytes (see the table above). */
const cases: BenchCase[] = [];

export default cases;
