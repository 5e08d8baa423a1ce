import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../src/app/demo.js";
import type { DemoSummary } from "../../src/app/demo.js";
import { loadConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/logger.js";
import { claimTimeline, listClaims } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { testRedisUrl } from "../support/redis.js";

describe("end to end: API → scrub → batch → SFTP → sandbox 999 → ingest (real Redis, PGlite, SFTP)", () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("takes 500 encounters to transmitted with their 999 applied, and rejects exactly the rejected set's claim", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "cg-e2e-"));
    const config = loadConfig({
      REDIS_URL: await testRedisUrl(),
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
    });
    const logger = createLogger({ level: "silent" });
    const seen: { timelines: Awaited<ReturnType<typeof claimTimeline>>[]; rejected: unknown[] } = {
      timelines: [],
      rejected: [],
    };
    const summary: DemoSummary = await runDemo(config, logger, {
      count: 500,
      timeoutMs: 240_000,
      serve: false,
      print: () => undefined,
      inspect: async (db: Database, tenantId: string) => {
        const transmitted = await listClaims(db, tenantId, { state: "transmitted", limit: 1000 });
        for (const claim of transmitted.slice(0, 25)) {
          seen.timelines.push(await claimTimeline(db, tenantId, claim.id));
        }
        seen.rejected = await listClaims(db, tenantId, { state: "rejected" });
      },
    });
    expect(summary.claims).toBe(502);
    expect(summary.asExpected).toBe(502);
    expect(summary.byState).toEqual({ transmitted: 500, rejected: 1, held: 1 });
    expect(summary.filesSent).toBeGreaterThanOrEqual(2);
    expect(summary.acksReceived).toBe(summary.filesSent);
    for (const timeline of seen.timelines) {
      expect(timeline.map((e) => e.event)).toEqual([
        "received",
        "scrub_passed",
        "batched",
        "transmitted",
        "ack_accepted",
      ]);
      // batched and transmitted point at the 837 file; ack_accepted at the 999 that answered it.
      expect(timeline[2]?.fileId).toBeTruthy();
      expect(timeline[3]?.fileId).toBe(timeline[2]?.fileId);
      expect(timeline[4]?.fileId).toBeTruthy();
      expect(timeline[4]?.fileId).not.toBe(timeline[2]?.fileId);
    }
    expect(seen.rejected).toEqual([
      expect.objectContaining({ owner: "submission", reasonCode: expect.stringMatching(/^IK3_/) }),
    ]);
  });
});
