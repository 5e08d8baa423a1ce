import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashApiKey, newApiKey } from "../../src/api/auth.js";
import { createContainer } from "../../src/app/container.js";
import { ensureRedis, freePort } from "../../src/app/local-redis.js";
import { startRuntime } from "../../src/app/runtime.js";
import { WORKERS } from "../../src/app/workers.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/logger.js";
import { eligibilityMemberIdFor } from "../../src/sandbox/eligibility-scenarios.js";
import type { EligibilityScenarioName } from "../../src/sandbox/eligibility-scenarios.js";
import { SandboxResponder } from "../../src/sandbox/responder.js";
import { generateKeyPair, SandboxSftpServer } from "../../src/sandbox/sftp-server.js";
import { migrate } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { testRedisUrl } from "../support/redis.js";

const TENANT = "elig-practice";
const example = JSON.parse(
  readFileSync(
    new URL("../../schemas/examples/eligibility/subscriber.json", import.meta.url),
    "utf8",
  ),
) as { subscriber: Record<string, unknown> } & Record<string, unknown>;

interface Answer {
  state: string;
  coverage?: {
    active?: boolean;
    trace?: string;
    level?: string;
    errors: { code: string }[];
    otherPayers: { id?: string }[];
  };
}

describe("eligibility end to end: API, workers, SFTP and the sandbox payer (real Redis, PGlite)", () => {
  let dir: string;
  const stops: (() => unknown)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers a question of each sandbox scenario over SFTP", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "cg-elig-e2e-"));
    const config = loadConfig({
      REDIS_URL: await testRedisUrl(),
      DATA_DIR: dir,
      LOG_LEVEL: "silent",
    });
    const redis = await ensureRedis(config.redisUrl);
    stops.push(() => redis.stop());
    const root = path.join(dir, "sandbox-root");
    await mkdir(path.join(root, "inbound"), { recursive: true });
    await mkdir(path.join(root, "outbound"), { recursive: true });
    const host = generateKeyPair();
    const client = generateKeyPair();
    const server = new SandboxSftpServer({
      rootDir: root,
      hostKey: host.privateKey,
      users: [{ username: "demo", publicKey: client.publicKey }],
    });
    const { port: sftpPort } = await server.listen();
    stops.push(() => server.close());
    const keyFile = path.join(dir, "client-key");
    await writeFile(keyFile, client.privateKey, { mode: 0o600 });
    const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrate(db);
    await createTenant(db, { id: TENANT, name: "Eligibility Practice" });
    const apiKey = newApiKey();
    await addApiKey(db, TENANT, { id: "k", keyHash: hashApiKey(apiKey), label: "e2e" });
    const cfg: Config = {
      ...config,
      redisUrl: redis.url,
      queuePrefix: `claimgate-elig-${Date.now().toString(36)}`,
      port: await freePort(),
      tradingPartners: [
        {
          id: "sandbox",
          tenantId: TENANT,
          name: "Sandbox Payer",
          usage: "T",
          sftp: {
            host: "127.0.0.1",
            port: sftpPort,
            username: "demo",
            privateKeyFile: keyFile,
            hostKeyFingerprint: server.hostKeyFingerprint,
          },
          inboundDir: "/inbound",
          outboundDir: "/outbound",
          isa: {
            senderQualifier: "ZZ",
            senderId: "ELIGPRACTICE",
            receiverQualifier: "ZZ",
            receiverId: "SANDBOXPAYER",
          },
          gs: { senderId: "ELIGPRACTICE", receiverId: "SANDBOXPAYER" },
          payers: [{ payerId: "EXHP1" }],
          batch: { size: 500, intervalSeconds: 1, maxClaimsPerSt: 5000 },
        },
      ],
    };
    const container = await createContainer(cfg, createLogger({ level: "silent" }), { db });
    stops.push(() => container.close());
    const runtime = await startRuntime(container, {
      workers: WORKERS,
      api: true,
      pollIntervalMs: 300,
      relayIntervalMs: 100,
    });
    stops.push(() => runtime.stop());
    const responder = new SandboxResponder({
      inboundDir: path.join(root, "inbound"),
      outboundDir: path.join(root, "outbound"),
      receiverIds: ["SANDBOXPAYER"],
    });
    responder.start(100);
    stops.push(() => responder.stop());
    const url = runtime.url as string;
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };

    async function ask(name: EligibilityScenarioName): Promise<Answer> {
      const dependent =
        name === "dependent"
          ? { dependent: { lastName: "Doe", firstName: "Sam", birthDate: "2016-06-01" } }
          : {};
      const res = await fetch(`${url}/v1/eligibility`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          ...example,
          ...dependent,
          traceId: `E2E-${name}`,
          subscriber: { ...example.subscriber, memberId: eligibilityMemberIdFor(name, "0001") },
        }),
      });
      expect([200, 202]).toContain(res.status);
      let body = (await res.json()) as Answer;
      const location = res.headers.get("location") as string;
      for (let i = 0; i < 100 && body.state !== "answered"; i++) {
        await new Promise((r) => setTimeout(r, 200));
        body = (await (await fetch(`${url}${location}`, { headers })).json()) as Answer;
      }
      return body;
    }

    const active = await ask("active");
    expect(active).toMatchObject({
      state: "answered",
      coverage: { active: true, trace: "E2E-active" },
    });
    const inactive = await ask("inactive");
    expect(inactive.coverage?.active).toBe(false);
    const notFound = await ask("not-found");
    expect(notFound.coverage?.active).toBeUndefined();
    expect(notFound.coverage?.errors.map((e) => e.code)).toContain("75");
    const dependent = await ask("dependent");
    expect(dependent.coverage).toMatchObject({ active: true, level: "dependent" });
    const other = await ask("other-payer");
    expect(other.coverage?.active).toBe(true);
    expect(other.coverage?.otherPayers.map((p) => p.id)).toContain("SBXOTHER1");
    const sent = await db.query<{ n: number }>(
      "select count(*)::int as n from files where tenant_id = $1 and kind = '270' and state = 'sent'",
      [TENANT],
    );
    expect(sent.rows[0]?.n).toBe(5);
  }, 120_000);
});
