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
import { createContainer } from "./container.js";
import { demoClaims } from "./demo-encounters.js";
import type { Expectation } from "./demo-encounters.js";
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

export interface DemoSummary {
  readonly claims: number;
  readonly byState: Readonly<Record<string, number>>;
  readonly asExpected: number;
  readonly filesSent: number;
  readonly acksReceived: number;
  readonly seconds: number;
  readonly url: string | undefined;
}

const TENANT = "demo-practice";

interface ClaimView {
  state: string;
  nextEvent: string | null;
}

function meets(claim: ClaimView, expect: Expectation): boolean {
  if (expect === "transmitted") return claim.state === "transmitted" && claim.nextEvent === "277ca";
  return claim.state === expect;
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
  const ids = new Map<string, Expectation>();
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
      ids.set(r.id, (chunk[r.index] as { expect: Expectation }).expect);
    }
  }
  options.print(`posted ${ids.size} encounters to ${url}/v1/encounters/batch`);

  let views = new Map<string, ClaimView>();
  const deadline = Date.now() + options.timeoutMs;
  const outbound = sbx.outboundDir;
  for (;;) {
    views = await allClaims(url, headers);
    const done = [...ids].filter(
      ([id, e]) => views.has(id) && meets(views.get(id) as ClaimView, e),
    ).length;
    // A claim's 835 can be read before its 999 and 277CA: done once every file the payer
    // wrote is read too, so each timeline holds all its evidence.
    const settled = done === ids.size && (await filesUnread(db, outbound)) === 0;
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const byState: Record<string, number> = {};
  for (const v of views.values()) byState[v.state] = (byState[v.state] ?? 0) + 1;
  const asExpected = [...ids].filter(
    ([id, e]) => views.has(id) && meets(views.get(id) as ClaimView, e),
  ).length;
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
