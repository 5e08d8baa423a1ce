import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimgateError } from "../../src/errors.js";
import {
  applyClaimEvent,
  claimTimeline,
  findClaimByPatientControlNumber,
  getClaim,
  insertClaim,
  listClaims,
} from "../../src/store/claims.js";
import type { NewClaim } from "../../src/store/claims.js";
import { allocateControlNumbers } from "../../src/store/control-numbers.js";
import type { Database } from "../../src/store/database.js";
import { fileContent, getFile, recordFile, setFileState } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { markRelayed, pendingOutboxJobs } from "../../src/store/outbox.js";
import {
  addApiKey,
  createTenant,
  revokeApiKey,
  tenantForKeyHash,
} from "../../src/store/tenants.js";
import { backends } from "../support/postgres.js";

const T0 = new Date("2026-03-02T10:00:00.000Z");
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const claim = (id: string, pcn: string): NewClaim => ({
  id,
  patientControlNumber: pcn,
  claimType: "professional",
  payerId: "PAYER1",
  totalChargeCents: 12_550,
  encounter: { note: "opaque to the store" },
});

describe.each(backends())("claim store repositories on $kind", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await createTenant(db, { id: "acme", name: "Acme Clinic" });
    await createTenant(db, { id: "other", name: "Other Practice" });
  });
  afterAll(() => backend.cleanup());

  it("stores a received claim with its first timeline row and its job, atomically", async () => {
    const stored = await insertClaim(db, "acme", claim("c1", "PCN-1"), { at: T0, cause: "api" }, [
      { queue: "scrub", jobId: "scrub-c1-0", payload: { tenantId: "acme", claimId: "c1" } },
    ]);
    expect(stored).toMatchObject({ id: "c1", state: "received", totalChargeCents: 12_550 });
    expect(stored.encounter).toEqual({ note: "opaque to the store" });
    const timeline = await claimTimeline(db, "acme", "c1");
    expect(timeline).toMatchObject([{ event: "received", to: "received", cause: "api" }]);
    const jobs = await pendingOutboxJobs(db);
    expect(jobs.map((j) => j.jobId)).toContain("scrub-c1-0");
  });

  it("keeps the encounter in its own row: state changes leave it as written, and an inline one (before 0006) is still read", async () => {
    await insertClaim(db, "acme", claim("enc1", "PCN-ENC-1"), { at: T0, cause: "api" });
    await applyClaimEvent(db, "acme", "enc1", "scrub_passed", { at: later(1), cause: "scrub" });
    const { rows } = await db.query<{ inline: unknown; own: unknown }>(
      `select c.encounter as inline, e.encounter as own
       from claims c join claim_encounters e on e.claim_id = c.id where c.id = 'enc1'`,
    );
    expect(rows).toEqual([{ inline: null, own: { note: "opaque to the store" } }]);
    expect((await getClaim(db, "acme", "enc1"))?.encounter).toEqual({
      note: "opaque to the store",
    });

    await db.query(
      `insert into claims (id, tenant_id, patient_control_number, claim_type, payer_id, state,
         total_charge_cents, encounter)
       values ('old1', 'acme', 'PCN-OLD-1', 'professional', 'PAYER1', 'received', 100, $1::jsonb)`,
      [JSON.stringify({ note: "written before 0006" })],
    );
    expect((await getClaim(db, "acme", "old1"))?.encounter).toEqual({
      note: "written before 0006",
    });
    expect(await getClaim(db, "other", "old1")).toBeUndefined();
  });

  it("refuses a second claim with the same patient control number in a tenant, not across tenants", async () => {
    const dup = await insertClaim(db, "acme", claim("c2", "PCN-1"), { at: T0, cause: "api" }).catch(
      (e: unknown) => e,
    );
    expect(dup).toBeInstanceOf(ClaimgateError);
    expect((dup as ClaimgateError).code).toBe("STORE_CONFLICT");
    expect(await getClaim(db, "acme", "c2")).toBeUndefined();
    const elsewhere = await insertClaim(db, "other", claim("o1", "PCN-1"), {
      at: T0,
      cause: "api",
    });
    expect(elsewhere.tenantId).toBe("other");
  });

  it("scopes every read by tenant", async () => {
    expect(await getClaim(db, "other", "c1")).toBeUndefined();
    expect((await findClaimByPatientControlNumber(db, "acme", "PCN-1"))?.id).toBe("c1");
    expect((await findClaimByPatientControlNumber(db, "other", "PCN-1"))?.id).toBe("o1");
    expect((await listClaims(db, "other")).map((c) => c.id)).toEqual(["o1"]);
    expect(await claimTimeline(db, "other", "c1")).toEqual([]);
  });

  it("moves a claim by lifecycle events with owner, evidence and jobs in one transaction", async () => {
    const held = await applyClaimEvent(
      db,
      "acme",
      "c1",
      "scrub_held",
      { at: later(1), cause: "scrub", details: { edits: ["NPI_CHECK_DIGIT"] } },
      { owner: "payer_setup", reasonCode: "NPI_CHECK_DIGIT" },
    );
    expect(held.transition).toMatchObject({ from: "received", to: "held", moved: true });
    expect(held.claim).toMatchObject({ state: "held", owner: "payer_setup" });
    expect((await listClaims(db, "acme", { state: "held", owner: "payer_setup" })).length).toBe(1);

    const ready = await applyClaimEvent(
      db,
      "acme",
      "c1",
      "corrected",
      { at: later(2), cause: "biller" },
      { owner: null, reasonCode: null },
      [{ queue: "batch", jobId: "batch-p1-1", payload: { tenantId: "acme", partnerId: "p1" } }],
    );
    // A corrected claim goes back to scrub (received), not straight to ready.
    expect(ready.claim).toMatchObject({ state: "received", owner: null, reasonCode: null });
    const timeline = await claimTimeline(db, "acme", "c1");
    expect(timeline.map((e) => `${e.from}>${e.to}`)).toEqual([
      "none>received",
      "received>held",
      "held>received",
    ]);
    expect(timeline[1]?.details).toEqual({ edits: ["NPI_CHECK_DIGIT"] });
    // Scrubbed again, it is ready, as the tests below expect.
    await applyClaimEvent(db, "acme", "c1", "scrub_passed", { at: later(2), cause: "scrub" });
  });

  it("refuses an illegal transition and changes nothing, not even the outbox", async () => {
    const before = await pendingOutboxJobs(db, 1000);
    const error = await applyClaimEvent(
      db,
      "acme",
      "c1",
      "remit_paid",
      { at: later(3), cause: "835" },
      { payerClaimNumber: "X" },
      [{ queue: "ingest", jobId: "never", payload: {} }],
    ).catch((e: unknown) => e);
    expect((error as ClaimgateError).code).toBe("LIFECYCLE_ILLEGAL_TRANSITION");
    const after = await getClaim(db, "acme", "c1");
    expect(after).toMatchObject({ state: "ready", payerClaimNumber: null });
    // received, held, received (corrected), ready (scrubbed again): nothing added.
    expect((await claimTimeline(db, "acme", "c1")).length).toBe(4);
    expect((await pendingOutboxJobs(db, 1000)).length).toBe(before.length);
  });

  it("does not move another tenant's claim", async () => {
    const error = await applyClaimEvent(db, "other", "c1", "batched", {
      at: later(4),
      cause: "x",
    }).catch((e: unknown) => e);
    expect((error as ClaimgateError).code).toBe("STORE_NOT_FOUND");
    expect((await getClaim(db, "acme", "c1"))?.state).toBe("ready");
  });

  it("records the evidence file and segment of an event", async () => {
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: "f-ack",
        partnerId: "p1",
        direction: "inbound",
        kind: "999",
        name: "ack.999",
        state: "received",
        content: new TextEncoder().encode("ISA*...~"),
      },
      later(5),
    );
    await applyClaimEvent(db, "acme", "c1", "batched", { at: later(5), cause: "batch" });
    await applyClaimEvent(db, "acme", "c1", "transmitted", { at: later(6), cause: "transmit" });
    await applyClaimEvent(db, "acme", "c1", "ack_accepted", {
      at: later(7),
      cause: "999",
      fileId: file.id,
      segmentPosition: 4,
    });
    const last = (await claimTimeline(db, "acme", "c1")).at(-1);
    expect(last).toMatchObject({ event: "ack_accepted", from: "transmitted", to: "transmitted" });
    expect(last).toMatchObject({ fileId: "f-ack", segmentPosition: 4 });
  });

  it("allocates control numbers per partner and kind without gaps or reuse, concurrently", async () => {
    const ranges = await Promise.all(
      Array.from({ length: 20 }, () => allocateControlNumbers(db, "acme", "p1", "isa")),
    );
    const numbers = ranges.map((r) => r.first).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await allocateControlNumbers(db, "acme", "p1", "st", 5)).toEqual({ first: 1, last: 5 });
    expect(await allocateControlNumbers(db, "acme", "p1", "st", 2)).toEqual({ first: 6, last: 7 });
    expect(await allocateControlNumbers(db, "acme", "p2", "isa")).toEqual({ first: 1, last: 1 });
    expect(await allocateControlNumbers(db, "other", "p1", "isa")).toEqual({ first: 1, last: 1 });
  });

  it("archives file content once and reports a file seen before as a duplicate", async () => {
    const content = new TextEncoder().encode("ISA*00*...~IEA*1*000000001~");
    const first = await recordFile(
      db,
      "acme",
      {
        id: "f1",
        partnerId: "p1",
        direction: "inbound",
        kind: "835",
        name: "a.835",
        state: "received",
        content,
      },
      T0,
    );
    const again = await recordFile(
      db,
      "acme",
      {
        id: "f2",
        partnerId: "p1",
        direction: "inbound",
        kind: "835",
        name: "b.835",
        state: "received",
        content,
      },
      T0,
    );
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, file: { id: "f1", name: "a.835" } });
    expect(await getFile(db, "acme", "f2")).toBeUndefined();
    expect(Buffer.from((await fileContent(db, "acme", "f1")) ?? [])).toEqual(Buffer.from(content));
    expect(await fileContent(db, "other", "f1")).toBeUndefined();
    expect(await setFileState(db, "acme", "f1", ["received"], "ingested", later(1))).toBe(true);
    expect(await setFileState(db, "acme", "f1", ["received"], "ingested", later(2))).toBe(false);
  });

  it("relays outbox jobs once", async () => {
    const pending = await pendingOutboxJobs(db, 1000);
    expect(pending.length).toBeGreaterThan(0);
    await markRelayed(
      db,
      pending.map((j) => j.id),
      later(10),
    );
    expect(await pendingOutboxJobs(db, 1000)).toEqual([]);
  });

  it("finds a tenant by API key hash until the key is revoked", async () => {
    await addApiKey(db, "acme", { id: "k1", keyHash: "h".repeat(64), label: "pm" });
    expect(await tenantForKeyHash(db, "h".repeat(64))).toBe("acme");
    expect(await revokeApiKey(db, "other", "k1", later(1))).toBe(false);
    expect(await revokeApiKey(db, "acme", "k1", later(1))).toBe(true);
    expect(await tenantForKeyHash(db, "h".repeat(64))).toBeUndefined();
  });
});
