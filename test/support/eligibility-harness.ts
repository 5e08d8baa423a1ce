/**
 * The whole gateway for eligibility end to end tests: real Redis, PGlite in a temp dir, the
 * sandbox SFTP server and payer responder, the runtime with every worker and the API.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashApiKey, newApiKey } from "../../src/api/auth.js";
import { createContainer } from "../../src/app/container.js";
import { ensureRedis, freePort } from "../../src/app/local-redis.js";
import { startRuntime } from "../../src/app/runtime.js";
import { WORKERS } from "../../src/app/workers.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/logger.js";
import { SandboxResponder } from "../../src/sandbox/responder.js";
import {
  SANDBOX_RECEIVER_ID,
  sandboxPartnerEntry,
  startSandboxEndpoint,
} from "../../src/sandbox/endpoint.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { testRedisUrl } from "./redis.js";

export interface EligibilityHarness {
  readonly db: Database;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly tenantId: string;
  stop(): Promise<void>;
}

export async function startEligibilityHarness(tenantId: string): Promise<EligibilityHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), "cg-elig-harness-"));
  const stops: (() => unknown)[] = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const config = loadConfig({
      REDIS_URL: await testRedisUrl(),
      DATA_DIR: dir,
      LOG_LEVEL: "silent",
    });
    const redis = await ensureRedis(config.redisUrl);
    stops.push(() => redis.stop());
    const sftp = await startSandboxEndpoint(dir);
    stops.push(() => sftp.close());
    const responder = new SandboxResponder({
      inboundDir: sftp.inboundDir,
      outboundDir: sftp.outboundDir,
      receiverIds: [SANDBOX_RECEIVER_ID],
    });
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrate(db);
    await createTenant(db, { id: tenantId, name: "Eligibility Practice" });
    const apiKey = newApiKey();
    await addApiKey(db, tenantId, { id: "k", keyHash: hashApiKey(apiKey), label: "e2e" });
    const cfg: Config = {
      ...config,
      redisUrl: redis.url,
      queuePrefix: `claimgate-eligh-${Date.now().toString(36)}`,
      port: await freePort(),
      tradingPartners: [
        sandboxPartnerEntry(sftp, { tenantId, senderId: "ELIGPRACTICE", payerIds: ["EXHP1"] }),
      ],
    };
    const container = await createContainer(cfg, createLogger({ level: "silent" }), { db });
    stops.push(() => container.close());
    const runtime = await startRuntime(container, {
      workers: WORKERS,
      api: true,
      pollIntervalMs: 300,
      relayIntervalMs: 100,
      followupIntervalMs: 500,
    });
    stops.push(() => runtime.stop());
    responder.start(100);
    stops.push(() => responder.stop());
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    return { db, url: runtime.url as string, headers, tenantId, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
