import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import { batchPartner } from "../../src/pipeline/batch.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { claimTimeline, getClaim, listClaims } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { fileContent } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { pendingOutboxJobs } from "../../src/store/outbox.js";
import { validateFile } from "../../src/x12/validator.js";
import {
  EXAMPLE_NAMES,
  exampleEncounter,
  seedTenantAndPartner,
} from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

describe.each(backends())("scrub and batch on $kind", (backend) => {
  let db: Database;
  let clock = new Date("2026-03-02T15:00:10Z");
  let n = 0;
  const now = () => clock;
  const newId = () => `id${++n}`;
  const claimIds: string[] = [];

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  const deps = () => ({
    db,
    now,
    newId,
    codeSets: loadCodeSets(),
    payerRules: {},
    partners: storePartners(db),
  });

  it("scrubs every example encounter to ready, routed to the partner, with a batch job at the interval's end", async () => {
    for (const name of EXAMPLE_NAMES) {
      const result = await receiveEncounter(deps(), "acme", exampleEncounter(name));
      if (result.outcome !== "received") throw new Error(`${name}: ${result.outcome}`);
      const outcome = await scrubClaim(deps(), { tenantId: "acme", claimId: result.claim.id });
      expect(outcome, name).toMatchObject({ outcome: "ready", partnerId: "sbx" });
      if (outcome.outcome === "ready") {
        expect(
          outcome.edits.filter((e) => e.severity === "error"),
          name,
        ).toEqual([]);
      }
      claimIds.push(result.claim.id);
    }
    const jobs = (await pendingOutboxJobs(db, 1000)).filter((j) => j.queue === "batch");
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(1);
    expect(jobs[0]?.runAt?.toISOString()).toBe("2026-03-02T15:01:00.000Z");
  });

  it("holds a second claim for the same patient, provider, dates and codes as a duplicate", async () => {
    const again = {
      ...exampleEncounter("professional-office-visit"),
      patientControlNumber: "PCN-DUP",
    };
    const result = await receiveEncounter(deps(), "acme", again);
    if (result.outcome !== "received") throw new Error(result.outcome);
    // The first one is only "ready": a duplicate counts once the first was sent (batched on).
    await db.query(
      "update claims set state = 'batched' where patient_control_number = 'PCN-2026-0001'",
    );
    const outcome = await scrubClaim(deps(), { tenantId: "acme", claimId: result.claim.id });
    await db.query(
      "update claims set state = 'ready' where patient_control_number = 'PCN-2026-0001'",
    );
    expect(outcome.outcome).toBe("held");
    expect(await getClaim(db, "acme", result.claim.id)).toMatchObject({
      owner: "submission",
      reasonCode: "DUPLICATE_CLAIM",
    });
  });

  it("holds a claim whose payer no partner routes, on the payer_setup worklist", async () => {
    const encounter = {
      ...exampleEncounter("professional-office-visit"),
      patientControlNumber: "PCN-NOPAYER",
    };
    encounter.payer = { ...encounter.payer, id: "NOBODY" };
    const result = await receiveEncounter(deps(), "acme", encounter);
    if (result.outcome !== "received") throw new Error(result.outcome);
    const outcome = await scrubClaim(deps(), { tenantId: "acme", claimId: result.claim.id });
    expect(outcome.outcome).toBe("held");
    expect(await getClaim(db, "acme", result.claim.id)).toMatchObject({
      state: "held",
      owner: "payer_setup",
      reasonCode: "PAYER_UNKNOWN",
    });
  });

  it("batches the ready claims into one valid interchange per claim type, atomically", async () => {
    clock = new Date("2026-03-02T15:01:00Z");
    const files = await batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" });
    expect(files.map((f) => [f.kind, f.claims])).toEqual([
      ["837p", 4],
      ["837i", 2],
    ]);
    expect(files.map((f) => f.isaControlNumber)).toEqual(["000000001", "000000002"]);
    for (const file of files) {
      const content = await fileContent(db, "acme", file.fileId);
      const validation = validateFile(content!);
      const errors = validation.findings.filter((f) => f.severity === "error");
      expect(errors, file.kind).toEqual([]);
      expect(Buffer.from(content!).toString()).toContain("REF*D9*");
    }
    for (const id of claimIds) {
      const claim = await getClaim(db, "acme", id);
      expect(claim).toMatchObject({ state: "batched", currentSubmission: 1 });
      const last = (await claimTimeline(db, "acme", id)).at(-1);
      expect(last?.event).toBe("batched");
      expect(files.map((f) => f.fileId)).toContain(last?.fileId);
    }
    const transmit = (await pendingOutboxJobs(db, 1000)).filter((j) => j.queue === "transmit");
    expect(transmit.map((j) => j.jobId).sort()).toEqual(
      files.map((f) => `transmit-${f.fileId}`).sort(),
    );
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from submissions where tenant_id = 'acme' and segment_from < segment_to",
    );
    expect(rows[0]?.n).toBe(claimIds.length);
  });

  it("does nothing when no claim is ready, and uses no control number", async () => {
    expect(await batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" })).toEqual([]);
    const { rows } = await db.query<{ last_value: string }>(
      "select last_value::text from control_numbers where tenant_id = 'acme' and kind = 'isa'",
    );
    expect(rows[0]?.last_value).toBe("2");
  });

  it("leaves everything as it was when building fails half way", async () => {
    // Other members, so that the duplicate edit does not hold them.
    const visit = exampleEncounter("professional-office-visit");
    const good = await receiveEncounter(deps(), "acme", {
      ...visit,
      patientControlNumber: "PCN-GOOD2",
      subscriber: { ...visit.subscriber, memberId: "XJD000000002" },
    });
    if (good.outcome !== "received") throw new Error(good.outcome);
    expect(await scrubClaim(deps(), { tenantId: "acme", claimId: good.claim.id })).toMatchObject({
      outcome: "ready",
    });
    // An institutional claim whose stored encounter cannot be built (its billing provider is gone).
    const outpatient = exampleEncounter("institutional-outpatient");
    const broken = await receiveEncounter(deps(), "acme", {
      ...outpatient,
      patientControlNumber: "PCN-BROKEN",
      subscriber: { ...outpatient.subscriber, memberId: "XJD000000003" },
    });
    if (broken.outcome !== "received") throw new Error(broken.outcome);
    expect(await scrubClaim(deps(), { tenantId: "acme", claimId: broken.claim.id })).toMatchObject({
      outcome: "ready",
    });
    await db.query(
      `update claim_encounters set encounter = jsonb_set(encounter::jsonb, '{billingProvider}', 'null')::json
       where claim_id = $1`,
      [broken.claim.id],
    );
    await expect(batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" })).rejects.toThrow();
    expect((await listClaims(db, "acme", { state: "ready" })).map((c) => c.id).sort()).toEqual(
      [good.claim.id, broken.claim.id].sort(),
    );
    const { rows } = await db.query<{ last_value: string }>(
      "select last_value::text from control_numbers where tenant_id = 'acme' and kind = 'isa'",
    );
    expect(rows[0]?.last_value).toBe("2");
  });
});
