/**
 * POST /v1/claims/:id/resubmit, end to end through scrub and batch: a 277CA-rejected claim
 * corrected goes out again as a new original (frequency 1) with the corrected data; a denied
 * claim replaced goes out with frequency 7 and REF*F8 naming its payer claim number; a paid
 * claim voided with frequency 8. States that do not allow an action are 409 problems with a
 * stable code and change nothing; bad bodies are 400; another tenant's claim is 404; an
 * Idempotency-Key replays the first answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import type { CodedEncounter, InstitutionalEncounter } from "../../src/domain/encounter.js";
import { batchPartner } from "../../src/pipeline/batch.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { resubmittedEncounter } from "../../src/pipeline/resubmit.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { applyClaimEvent, claimTimeline, getClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import { fileContent } from "../../src/store/files.js";
import { pendingOutboxJobs } from "../../src/store/outbox.js";
import { AUTH, OTHER_AUTH, openApiWorld } from "../support/api-world.js";
import type { ApiWorld } from "../support/api-world.js";
import {
  NOW,
  claimPayment,
  claimStatusText,
  ingest,
  recordInbound,
  remittanceText,
  seedClaim,
} from "../support/inbound-claims.js";
import { exampleEncounter } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

/** 277CA A7:33:IL: subscriber and member id not found (an eligibility rejection). */
const A7_33 = { category: "A7", code: "33", entity: "IL" };

/** A member id of 9 digits made from the patient control number (distinct for these tests). */
const memberIdOf = (pcn: string) =>
  `XJD${String([...pcn].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e9, 7)).padStart(9, "0")}`;

/** The example office visit under `pcn`, with a member id of its own (no duplicate edit). */
function encounterFor(pcn: string, memberId = memberIdOf(pcn)) {
  const base = exampleEncounter("professional-office-visit");
  return { ...base, patientControlNumber: pcn, subscriber: { ...base.subscriber, memberId } };
}

interface ResubmitBody {
  id: string;
  state: string;
  submission: number;
  resubmission: {
    action: string;
    frequencyCode: string;
    originalPayerClaimNumber: string | null;
  };
}

describe.each(backends())("resubmitting claims on $kind", (backend) => {
  let world: ApiWorld;
  let n = 0;
  const claims = new Map<string, ClaimRecord>();
  const deps = () => ({
    db: world.db,
    now: () => NOW,
    newId: () => `rs${++n}`,
    codeSets: loadCodeSets(),
    payerRules: {},
    partners: storePartners(world.db),
  });

  async function inbound(kind: string, text: string) {
    const { file } = await recordInbound(world.db, "acme", kind, `rs-${kind}-${++n}`, text);
    const result = await ingest(world.db, "acme", file.id);
    if (result.outcome !== "ingested") throw new Error(`${kind}: ${result.outcome}`);
  }

  /** Receives, scrubs, batches and transmits the encounter (a batch of its own). */
  async function send(pcn: string): Promise<ClaimRecord> {
    const r = await receiveEncounter(deps(), "acme", encounterFor(pcn));
    if (r.outcome !== "received") throw new Error(r.outcome);
    expect((await scrubClaim(deps(), { tenantId: "acme", claimId: r.claim.id })).outcome).toBe(
      "ready",
    );
    await batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" });
    await applyClaimEvent(world.db, "acme", r.claim.id, "transmitted", { at: NOW, cause: "test" });
    const claim = (await getClaim(world.db, "acme", r.claim.id))!;
    claims.set(pcn, claim);
    return claim;
  }

  /** Scrubs the resubmitted claim and batches it; the 837 text of the new interchange. */
  async function scrubAndBatch(claimId: string): Promise<string> {
    const scrubbed = await scrubClaim(deps(), { tenantId: "acme", claimId });
    expect(scrubbed.outcome).toBe("ready");
    const files = await batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" });
    expect(files).toHaveLength(1);
    return Buffer.from((await fileContent(world.db, "acme", files[0]!.fileId))!).toString("utf8");
  }

  const clmOf = (x12: string, pcn: string) => new RegExp(`CLM\\*${pcn}\\*[^~]*~`).exec(x12)?.[0];

  const resubmit = (id: string, payload: object, headers: Record<string, string> = AUTH) =>
    world.app.inject({ method: "POST", url: `/v1/claims/${id}/resubmit`, headers, payload });

  const submissionsOf = async (claimId: string) =>
    (
      await world.db.query<{ seq: number; frequency_code: string; trace_id: string }>(
        "select seq, frequency_code, trace_id from submissions where claim_id = $1 order by seq",
        [claimId],
      )
    ).rows;

  beforeAll(async () => {
    world = await openApiWorld(backend);
    const rejected = await send("RS-277");
    const denied = await send("RS-DEN");
    const paid = await send("RS-PAID");
    await inbound("277", claimStatusText(777, rejected, A7_33));
    await inbound(
      "835",
      remittanceText(778, "RS-CHK-1", [
        claimPayment(denied, {
          statusCode: "4",
          paidCents: 0,
          payerClaimNumber: "PAYER-DEN-1",
          adjustments: [{ group: "CO", reason: "197", amountCents: denied.totalChargeCents }],
        }),
        claimPayment(paid, { payerClaimNumber: "PAYER-PAID-1" }),
      ]),
    );
  });
  afterAll(async () => {
    await world.app.close();
    await backend.cleanup();
  });

  it("starts from a rejected, a denied and a paid claim", async () => {
    const states = await Promise.all(
      ["RS-277", "RS-DEN", "RS-PAID"].map(async (pcn) => {
        const c = (await getClaim(world.db, "acme", claims.get(pcn)!.id))!;
        return [c.state, c.payerClaimNumber, c.currentSubmission];
      }),
    );
    expect(states).toEqual([
      ["rejected", null, 1],
      ["denied", "PAYER-DEN-1", 1],
      ["paid", "PAYER-PAID-1", 1],
    ]);
  });

  it("sends a corrected 277CA-rejected claim again as a new original with the corrected data", async () => {
    const claim = claims.get("RS-277")!;
    const corrected = encounterFor("RS-277", "XJD999888777");
    const res = await resubmit(claim.id, { action: "correct", encounter: corrected });
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/v1/claims/${claim.id}`);
    const body = res.json<ResubmitBody>();
    expect(body).toMatchObject({
      id: claim.id,
      state: "received",
      owner: null,
      reasonCode: null,
      resubmission: { action: "correct", frequencyCode: "1", originalPayerClaimNumber: null },
    });
    const last = (await claimTimeline(world.db, "acme", claim.id)).at(-1);
    expect(last).toMatchObject({
      event: "corrected",
      from: "rejected",
      to: "received",
      cause: "api",
    });
    expect(last?.details).toMatchObject({ action: "correct", frequencyCode: "1" });
    const jobs = await pendingOutboxJobs(world.db, 10_000);
    expect(jobs.some((j) => j.queue === "scrub" && j.payload.claimId === claim.id)).toBe(true);

    const x12 = await scrubAndBatch(claim.id);
    expect(clmOf(x12, "RS-277")).toMatch(/\*11:B:1\*/);
    expect(x12).toContain("XJD999888777");
    expect(x12).not.toContain("REF*F8");
    expect(await submissionsOf(claim.id)).toEqual([
      { seq: 1, frequency_code: "1", trace_id: `${claim.id}.1` },
      { seq: 2, frequency_code: "1", trace_id: `${claim.id}.2` },
    ]);
    expect(await getClaim(world.db, "acme", claim.id)).toMatchObject({
      state: "batched",
      currentSubmission: 2,
    });
  });

  it("replaces a denied claim: frequency 7 and REF*F8 with its payer claim number in the 837", async () => {
    const claim = claims.get("RS-DEN")!;
    const encounter = encounterFor("RS-DEN");
    // Whatever frequency the body says, the action decides it.
    const res = await resubmit(claim.id, { action: "replace", encounter });
    expect(res.statusCode).toBe(202);
    expect(res.json<ResubmitBody>().resubmission).toEqual({
      action: "replace",
      frequencyCode: "7",
      originalPayerClaimNumber: "PAYER-DEN-1",
    });
    const x12 = await scrubAndBatch(claim.id);
    expect(clmOf(x12, "RS-DEN")).toMatch(/\*11:B:7\*/);
    expect(x12).toContain("REF*F8*PAYER-DEN-1~");
    expect((await submissionsOf(claim.id)).map((s) => s.frequency_code)).toEqual(["1", "7"]);
    const stored = (await getClaim(world.db, "acme", claim.id))!.encounter as CodedEncounter;
    expect(stored).toMatchObject({ frequencyCode: "7", originalPayerClaimNumber: "PAYER-DEN-1" });
  });

  it("voids a paid claim: frequency 8 and REF*F8", async () => {
    const claim = claims.get("RS-PAID")!;
    const res = await resubmit(claim.id, { action: "void", encounter: encounterFor("RS-PAID") });
    expect(res.statusCode).toBe(202);
    expect(res.json<ResubmitBody>().resubmission.frequencyCode).toBe("8");
    const x12 = await scrubAndBatch(claim.id);
    expect(clmOf(x12, "RS-PAID")).toMatch(/\*11:B:8\*/);
    expect(x12).toContain("REF*F8*PAYER-PAID-1~");
    expect((await submissionsOf(claim.id)).map((s) => s.frequency_code)).toEqual(["1", "8"]);
  });

  it("scrubs a corrected held claim again: still wrong, it is held again; fixed, it is ready", async () => {
    const base = encounterFor("RS-HELD");
    // 1234567890 fails the NPI check digit: scrub holds the claim (payer_setup).
    const badNpi = { ...base, billingProvider: { ...base.billingProvider, npi: "1234567890" } };
    const r = await receiveEncounter(deps(), "acme", badNpi);
    if (r.outcome !== "received") throw new Error(r.outcome);
    const id = r.claim.id;
    expect((await scrubClaim(deps(), { tenantId: "acme", claimId: id })).outcome).toBe("held");

    const same = await resubmit(id, { action: "correct", encounter: badNpi });
    expect(same.json<ResubmitBody>().state).toBe("received");
    expect((await scrubClaim(deps(), { tenantId: "acme", claimId: id })).outcome).toBe("held");
    expect((await getClaim(world.db, "acme", id))!.owner).toBe("payer_setup");

    const fixed = await resubmit(id, { action: "correct", encounter: base });
    expect(fixed.statusCode).toBe(202);
    expect((await scrubClaim(deps(), { tenantId: "acme", claimId: id })).outcome).toBe("ready");
    const path = (await claimTimeline(world.db, "acme", id)).map((e) => `${e.event}:${e.to}`);
    expect(path).toEqual([
      "received:received",
      "scrub_held:held",
      "corrected:received",
      "scrub_held:held",
      "corrected:received",
      "scrub_passed:ready",
    ]);
  });

  it("refuses an action the claim's state does not allow with a 409 and changes nothing", async () => {
    const denied = await seedClaim(world.db, "acme", {
      patientControlNumber: "RS-409",
      payerId: "EXHP1",
      totalChargeCents: 18501,
      state: "accepted",
      payerClaimNumber: "PAYER-409",
    });
    await applyClaimEvent(world.db, "acme", denied.id, "remit_denied", { at: NOW, cause: "test" });
    const before = await claimTimeline(world.db, "acme", denied.id);
    const res = await resubmit(denied.id, { action: "correct", encounter: encounterFor("RS-409") });
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({
      code: "ILLEGAL_TRANSITION",
      state: "denied",
      action: "correct",
      allowedFrom: ["held", "rejected"],
    });
    // A claim on its way out (batched) can be neither corrected nor replaced.
    const batched = claims.get("RS-277")!;
    const replace = await resubmit(batched.id, {
      action: "replace",
      encounter: encounterFor("RS-277"),
    });
    expect(replace.json()).toMatchObject({ code: "ILLEGAL_TRANSITION", state: "batched" });
    expect(await claimTimeline(world.db, "acme", denied.id)).toEqual(before);
    expect((await getClaim(world.db, "acme", denied.id))!.state).toBe("denied");
  });

  it("refuses a replacement without a payer claim number to name (409)", async () => {
    const claim = await seedClaim(world.db, "acme", {
      patientControlNumber: "RS-NOPCN",
      payerId: "EXHP1",
      totalChargeCents: 18501,
      state: "transmitted",
    });
    await applyClaimEvent(world.db, "acme", claim.id, "remit_denied", { at: NOW, cause: "test" });
    const res = await resubmit(claim.id, { action: "void", encounter: encounterFor("RS-NOPCN") });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "NO_PAYER_CLAIM_NUMBER", action: "void" });
    expect((await getClaim(world.db, "acme", claim.id))!.state).toBe("denied");
  });

  it("refuses a bad body with 400 naming paths, not values", async () => {
    const claim = await seedClaim(world.db, "acme", {
      patientControlNumber: "RS-400",
      payerId: "EXHP1",
      totalChargeCents: 18501,
      state: "transmitted",
    });
    await applyClaimEvent(world.db, "acme", claim.id, "ack_rejected", { at: NOW, cause: "test" });
    const noAction = await resubmit(claim.id, { encounter: encounterFor("RS-400") });
    expect(noAction.statusCode).toBe(400);
    expect(noAction.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [{ path: "/action" }],
    });
    const { serviceLines: _lines, ...noLines } = encounterFor("RS-400");
    const bad = await resubmit(claim.id, { action: "correct", encounter: noLines });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(/^\/encounter/);
    const otherPcn = await resubmit(claim.id, {
      action: "correct",
      encounter: encounterFor("RS-401"),
    });
    expect(otherPcn.statusCode).toBe(400);
    expect(otherPcn.json()).toMatchObject({
      errors: [{ path: "/encounter/patientControlNumber" }],
    });
    expect(otherPcn.body).not.toContain("RS-401");
    expect((await getClaim(world.db, "acme", claim.id))!.state).toBe("rejected");
  });

  it("replays the first answer for a repeated Idempotency-Key and refuses it for another body", async () => {
    const claim = await seedClaim(world.db, "acme", {
      patientControlNumber: "RS-IDEM",
      payerId: "EXHP1",
      totalChargeCents: 18501,
      state: "transmitted",
    });
    await applyClaimEvent(world.db, "acme", claim.id, "ack_rejected", { at: NOW, cause: "test" });
    const payload = { action: "correct", encounter: encounterFor("RS-IDEM") };
    const headers = { ...AUTH, "idempotency-key": "resubmit-idem-1" };
    const first = await resubmit(claim.id, payload, headers);
    const again = await resubmit(claim.id, payload, headers);
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const corrected = (await claimTimeline(world.db, "acme", claim.id)).filter(
      (e) => e.event === "corrected",
    );
    expect(corrected).toHaveLength(1);
    const other = await resubmit(claim.id, { ...payload, action: "void" }, headers);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
  });

  it("is 404 for another tenant's claim and moves nothing", async () => {
    const claim = claims.get("RS-DEN")!;
    const before = await getClaim(world.db, "acme", claim.id);
    const res = await resubmit(
      claim.id,
      { action: "void", encounter: encounterFor("RS-DEN") },
      OTHER_AUTH,
    );
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "NOT_FOUND" });
    expect(await getClaim(world.db, "acme", claim.id)).toEqual(before);
  });

  it("puts the frequency in an 837I type of bill as well", () => {
    const inpatient = exampleEncounter("institutional-inpatient") as InstitutionalEncounter;
    const voided = resubmittedEncounter(inpatient, "8", "PAYER-9") as InstitutionalEncounter;
    expect(voided).toMatchObject({ frequencyCode: "8", originalPayerClaimNumber: "PAYER-9" });
    expect(voided.typeOfBill).toBe(`${inpatient.typeOfBill.slice(0, -1)}8`);
    const original = resubmittedEncounter(voided, "1", null);
    expect(original.originalPayerClaimNumber).toBeUndefined();
    expect(original.frequencyCode).toBe("1");
  });
});
