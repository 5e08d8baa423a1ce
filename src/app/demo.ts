/**
 * `npm run demo`: the gateway end to end against the built-in sandbox payer, on the embedded
 * defaults. A fresh PGlite store under DATA_DIR/demo-<time>, Redis from REDIS_URL (or a private
 * redis-server), the in-process sandbox SFTP endpoint with a pinned host key, one tenant and
 * partner; the example encounters are posted through the HTTP API, and the workers run until
 * every claim is where its scenario says, then a table is printed.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/index.js";
import type { Logger } from "../logging/logger.js";
import { hashApiKey, newApiKey } from "../api/auth.js";
import { sandboxPartnerEntry, startSandboxEndpoint } from "../sandbox/endpoint.js";
import { SandboxResponder } from "../sandbox/responder.js";
import type { Database } from "../store/database.js";
import { openDatabase } from "../store/open.js";
import { migrate } from "../store/migrate.js";
import { addApiKey, createTenant } from "../store/tenants.js";
import { markOverdueClaims } from "../pipeline/followup.js";
import { paymentTotals, paymentsBalance, type PaymentTotals } from "../store/payment-totals.js";
import { createContainer } from "./container.js";
import { demoClaims } from "./demo-encounters.js";
import type { DemoClaim, Expectation } from "./demo-encounters.js";
import { ensureRedis, freePort } from "./local-redis.js";
import { startRuntime } from "./runtime.js";
import { WORKERS } from "./workers.js";

export interface DemoOptions {
  /** Claims to send through the sandbox scenarios (the demo adds a 999 rejection and a held claim). */
  readonly count: number;
  readonly timeoutMs: number;
  /** Keep serving after the run instead of stopping. */
  readonly serve: boolean;
  readonly print: (line: string) => void;
  /** Called with the store before it closes (tests look at timelines here). */
  readonly inspect?: (db: Database, tenantId: string) => Promise<void>;
}

/** Claims that ended alike: same state, scenario, owner and reason. */
export interface DemoOutcome {
  readonly state: string;
  readonly scenario: string;
  readonly owner: string | null;
  readonly reasonCode: string | null;
  readonly patientControlNumbers: readonly string[];
}

export interface DemoSummary {
  readonly claims: number;
  readonly byState: Readonly<Record<string, number>>;
  readonly asExpected: number;
  readonly filesSent: number;
  readonly acksReceived: number;
  readonly outcomes: readonly DemoOutcome[];
  /** What the posted 835s add up to, and whether charged = paid + adjusted + patient share. */
  readonly totals: PaymentTotals;
  readonly balanced: boolean;
  /** Hours past now the follow-up check was run as of (the silent claims' 277CA due time). */
  readonly clockHoursAhead: number;
  readonly stalledByClock: number;
  readonly seconds: number;
  readonly url: string | undefined;
}

const TENANT = "demo-practice";

interface ClaimView {
  state: string;
  nextEvent: string | null;
  dueAt: string | null;
  patientControlNumber: string;
  owner: string | null;
  reasonCode: string | null;
}

/** Where the claim is now against where it should end; `waiting` allows a silent claim's wait. */
function meets(claim: ClaimView, expect: Expectation, waiting: boolean): boolean {
  const awaiting277 = claim.state === "transmitted" && claim.nextEvent === "277ca";
  if (expect === "stalled" && waiting && awaiting277) return true;
  return claim.state === expect;
}

function outcomesOf(ids: ReadonlyMap<string, DemoClaim>, views: ReadonlyMap<string, ClaimView>) {
  const groups = new Map<string, DemoOutcome & { patientControlNumbers: string[] }>();
  for (const [id, claim] of ids) {
    const view = views.get(id);
    if (view === undefined) continue;
    const key = [view.state, claim.scenario, view.owner, view.reasonCode].join("|");
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        state: view.state,
        scenario: claim.scenario,
        owner: view.owner,
        reasonCode: view.reasonCode,
        patientControlNumbers: [],
      };
      groups.set(key, group);
    }
    group.patientControlNumbers.push(view.patientControlNumber);
  }
  return [...groups.values()].sort(
    (a, b) => a.state.localeCompare(b.state) || a.scenario.localeCompare(b.scenario),
  );
}

/**
 * Runs the follow-up check as of just past the latest due time of the claims still waiting
 * for their 277CA (the silent payer's): they move to `stalled` with what is missing, as they
 * would that many hours from now. Returns how far ahead it looked and how many moved.
 */
async function runClockPastSilence(db: Database, views: ReadonlyMap<string, ClaimView>) {
  const due = [...views.values()]
    .filter((v) => v.state === "transmitted" && v.dueAt !== null)
    .map((v) => Date.parse(v.dueAt as string));
  if (due.length === 0) return { hoursAhead: 0, stalled: 0 };
  const asOf = new Date(Math.max(...due) + 60_000);
  let stalled = 0;
  for (;;) {
    const run = await markOverdueClaims({ db, now: () => asOf }, { tenantId: TENANT });
    stalled += run.stalled;
    if (run.stalled === 0) break;
  }
  return { hoursAhead: Math.ceil((asOf.getTime() - Date.now()) / 3_600_000), stalled };
}

/** Every claim of the tenant through the API, page by page (a page holds at most 1000). */
async function allClaims(url: string, headers: Record<string, string>) {
  const views = new Map<string, ClaimView>();
  let cursor: string | null = null;
  do {
    const page = `${url}/v1/claims?limit=1000${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await fetch(page, { headers });
    const list = (await res.json()) as {
      claims: (ClaimView & { id: string })[];
      nextCursor: string | null;
    };
    for (const c of list.claims) views.set(c.id, c);
    cursor = list.nextCursor;
  } while (cursor);
  return views;
}

/** Files the payer left that the gateway has not read yet: still on the server, or not ingested. */
async function filesUnread(db: Database, outboundDir: string): Promise<number> {
  const waiting = (await readdir(outboundDir)).filter((f) => !f.endsWith(".part")).length;
  const { rows } = await db.query<{ n: number }>(
    "select count(*)::int as n from files where tenant_id = $1 and direction = 'inbound' and state = 'received'",
    [TENANT],
  );
  return waiting + (rows[0]?.n ?? 0);
}

export async function runDemo(
  config: Config,
  logger: Logger,
  options: DemoOptions,
): Promise<DemoSummary> {
  const started = Date.now();
  const dir = path.join(config.dataDir, `demo-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const redis = await ensureRedis(config.redisUrl);
  const sbx = await startSandboxEndpoint(dir);
  const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
  await migrate(db);
  await createTenant(db, { id: TENANT, name: "Demo Practice" });
  const apiKey = newApiKey();
  await addApiKey(db, TENANT, { id: "demo-key", keyHash: hashApiKey(apiKey), label: "demo" });
  const port = await freePort();
  const demoConfig: Config = {
    ...config,
    redisUrl: redis.url,
    queuePrefix: `claimgate-demo-${Date.now().toString(36)}`,
    port,
    tradingPartners: [
      sandboxPartnerEntry(sbx, {
        tenantId: TENANT,
        senderId: "DEMOPRACTICE",
        payerIds: ["EXHP1", "EXMCR", "EXMCD"],
      }),
    ],
  };
  const container = await createContainer(demoConfig, logger, { db });
  const runtime = await startRuntime(container, {
    workers: WORKERS,
    api: true,
    pollIntervalMs: 500,
    relayIntervalMs: 100,
  });
  const responder = new SandboxResponder({
    inboundDir: sbx.inboundDir,
    outboundDir: sbx.outboundDir,
    receiverIds: ["SANDBOXPAYER"],
  });
  responder.start(200);

  const url = runtime.url as string;
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const claims = demoClaims(options.count);
  const ids = new Map<string, DemoClaim>();
  for (let i = 0; i < claims.length; i += 1000) {
    const chunk = claims.slice(i, i + 1000);
    const res = await fetch(`${url}/v1/encounters/batch`, {
      method: "POST",
      headers,
      body: JSON.stringify({ encounters: chunk.map((c) => c.encounter) }),
    });
    const body = (await res.json()) as {
      results: { index: number; status: number; id?: string }[];
    };
    for (const r of body.results) {
      if (r.status !== 201 || !r.id)
        throw new Error(`demo encounter ${i + r.index} was refused (${r.status})`);
      ids.set(r.id, chunk[r.index] as DemoClaim);
    }
  }
  options.print(`posted ${ids.size} encounters to ${url}/v1/encounters/batch`);

  let views = new Map<string, ClaimView>();
  const deadline = Date.now() + options.timeoutMs;
  const outbound = sbx.outboundDir;
  for (;;) {
    views = await allClaims(url, headers);
    const done = [...ids].filter(
      ([id, c]) => views.has(id) && meets(views.get(id) as ClaimView, c.expect, true),
    ).length;
    // A claim's 835 can be read before its 999 and 277CA: done once every file the payer
    // wrote is read too, so each timeline holds all its evidence.
    const settled = done === ids.size && (await filesUnread(db, outbound)) === 0;
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const clock = await runClockPastSilence(db, views);
  views = await allClaims(url, headers);
  const byState: Record<string, number> = {};
  for (const v of views.values()) byState[v.state] = (byState[v.state] ?? 0) + 1;
  const asExpected = [...ids].filter(
    ([id, c]) => views.has(id) && meets(views.get(id) as ClaimView, c.expect, false),
  ).length;
  const totals = await paymentTotals(db, TENANT);
  const count = async (sql: string) =>
    (await db.query<{ n: number }>(sql, [TENANT])).rows[0]?.n ?? 0;
  const summary: DemoSummary = {
    claims: ids.size,
    byState,
    asExpected,
    filesSent: await count(
      "select count(*)::int as n from files where tenant_id = $1 and direction = 'outbound' and state = 'sent'",
    ),
    acksReceived: await count(
      "select count(*)::int as n from files where tenant_id = $1 and direction = 'inbound'",
    ),
    outcomes: outcomesOf(ids, views),
    totals,
    balanced: paymentsBalance(totals),
    clockHoursAhead: clock.hoursAhead,
    stalledByClock: clock.stalled,
    seconds: (Date.now() - started) / 1000,
    url: options.serve ? url : undefined,
  };
  await options.inspect?.(db, TENANT);
  if (!options.serve) {
    await responder.stop();
    await runtime.stop();
    await container.close();
    await sbx.close();
    redis.stop();
  } else {
    options.print(`serving at ${url} (API key: ${apiKey}); Ctrl-C to stop`);
  }
  return summary;
}
