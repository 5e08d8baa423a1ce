import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../src/app/demo.js";
import type { DemoSummary } from "../../src/app/demo.js";
import { DEMO_SCENARIOS } from "../../src/app/demo-encounters.js";
import { loadConfig } from "../../src/config/index.js";
import { createLogger } from "../../src/logging/logger.js";
import {
  claimTimeline,
  findClaimByPatientControlNumber,
  listClaims,
} from "../../src/store/claims.js";
import type { ClaimRecord, TimelineEntry } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { testRedisUrl } from "../support/redis.js";

const COUNT = 500;

/** How many of the COUNT cycled claims end in each state, plus the 999 rejection and the held one. */
function expectedStates(): Record<string, number> {
  const states: Record<string, number> = { rejected: 1, held: 1 };
  for (let i = 0; i < COUNT; i++) {
    const state = (DEMO_SCENARIOS[i % DEMO_SCENARIOS.length] as (typeof DEMO_SCENARIOS)[number])[1];
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

describe("end to end through the API, workers, SFTP and the sandbox payer (real Redis, PGlite)", () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("takes 500 encounters to the outcome of their scenario, with evidence on every step", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "cg-e2e-"));
    const config = loadConfig({
      REDIS_URL: await testRedisUrl(),
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
    });
    const seen: { paid?: TimelineEntry[]; reversed?: TimelineEntry[]; rejected: ClaimRecord[] } = {
      rejected: [],
    };
    const summary: DemoSummary = await runDemo(config, createLogger({ level: "silent" }), {
      count: COUNT,
      timeoutMs: 300_000,
      serve: false,
      print: () => undefined,
      inspect: async (db: Database, tenantId: string) => {
        // DEMO000000 is the first accept-pay claim; DEMO000007 the first reverse-readjudicate.
        const paid = await findClaimByPatientControlNumber(db, tenantId, "DEMO000000");
        const reversed = await findClaimByPatientControlNumber(db, tenantId, "DEMO000007");
        seen.paid = await claimTimeline(db, tenantId, paid!.id);
        seen.reversed = await claimTimeline(db, tenantId, reversed!.id);
        seen.rejected = await listClaims(db, tenantId, { state: "rejected", limit: 1000 });
      },
    });
    expect(summary.claims).toBe(COUNT + 2);
    expect(summary.asExpected).toBe(COUNT + 2);
    expect(summary.byState).toEqual(expectedStates());
    expect(summary.filesSent).toBeGreaterThanOrEqual(2);
    // The silent payer's claims stall only when the follow-up clock passes their 277CA due time.
    expect(summary.stalledByClock).toBe(expectedStates()["stalled"]);
    expect(summary.clockHoursAhead).toBeGreaterThanOrEqual(72);
    // Every denial has the owner its scenario's CARC maps to; the posted totals balance.
    const denialOwners = new Map(
      summary.outcomes.filter((o) => o.state === "denied").map((o) => [o.scenario, o.owner]),
    );
    expect(Object.fromEntries(denialOwners)).toEqual({
      "deny-authorization": "authorization",
      "deny-coding": "coding",
      "deny-duplicate": "submission",
      "deny-eligibility": "eligibility",
      "deny-timely-filing": "timely_filing",
    });
    expect(summary.totals.postings).toBeGreaterThan(0);
    expect(summary.totals.chargedCents).toBe(
      summary.totals.paidCents +
        summary.totals.adjustedCents +
        summary.totals.patientResponsibilityCents,
    );
    expect(summary.balanced).toBe(true);
    expect(summary.totals.patientResponsibilityCents).toBeGreaterThan(0);
    expect(summary.totals.providerAdjustmentCents).not.toBe(0);

    const events = seen.paid!.map((e) => e.event);
    expect(events.slice(0, 4)).toEqual(["received", "scrub_passed", "batched", "transmitted"]);
    // The 999, 277CA and 835 may be read in any order; a late 999 is kept as evidence.
    expect(events.slice(4).sort()).toEqual(["ack_accepted", "claim_accepted", "remit_paid"]);
    // Every step after scrub points at its file: the 837 twice, then the 999, 277CA and 835.
    const files = seen.paid!.slice(2).map((e) => e.fileId);
    expect(files.every(Boolean)).toBe(true);
    expect(files[0]).toBe(files[1]);
    expect(new Set(files.slice(1)).size).toBe(4);
    const remits = seen.reversed!.map((e) => e.event).filter((e) => e.startsWith("remit_"));
    expect(remits).toEqual(["remit_paid", "remit_reversed", "remit_paid"]);

    const reasons = seen.rejected.map((c) => c.reasonCode ?? "");
    expect(reasons.filter((r) => r.startsWith("IK3_"))).toHaveLength(1);
    expect(reasons.filter((r) => r === "277CA_A7_164")).toHaveLength(reasons.length - 1);
  });
});
