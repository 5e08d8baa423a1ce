import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoverageSummary } from "../../src/domain/coverage.js";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import type { EligibilityRequest } from "../../src/domain/eligibility.js";
import { requestEligibility, sendEligibilityRequest } from "../../src/pipeline/eligibility.js";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { answer270File } from "../../src/sandbox/eligibility-scenarios.js";
import { getClaim } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import {
  eligibilitySummaries,
  getEligibilityRequest,
  latestEligibilityResults,
} from "../../src/store/eligibility.js";
import { fileContent, getFile, recordFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { exampleEncounter, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

function exampleRequest(): EligibilityRequest {
  const url = new URL("../../schemas/examples/eligibility/subscriber.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as EligibilityRequest;
}

function question(traceId: string, memberId: string): EligibilityRequest {
  const base = exampleRequest();
  return { ...base, traceId, subscriber: { ...base.subscriber, memberId } };
}

describe.each(backends())("eligibility requests, 270 out and 271 in on $kind", (backend) => {
  let db: Database;
  let n = 0;
  let isa = 500;
  const now = () => new Date("2026-03-01T09:30:00Z");
  const newId = () => `el${++n}`;
  const deps = () => ({ db, now, newId, partners: storePartners(db) });

  async function ask(traceId: string, memberId: string) {
    const result = await requestEligibility(deps(), "acme", question(traceId, memberId));
    if (result.outcome !== "received") throw new Error(result.outcome);
    return result.request;
  }

  /**
   * The sandbox's 271 for a sent 270 file, received and ingested. `asMember` makes the sandbox
   * answer as if the 270 had asked about that member id (it picks its answer by member id).
   */
  async function answer(fileId: string, asMember?: { from: string; to: string }) {
    const sent = Buffer.from((await fileContent(db, "acme", fileId)) ?? []).toString("utf8");
    const content = asMember ? sent.replace(asMember.from, asMember.to) : sent;
    const text = answer270File(content, {
      controlNumbers: { isa: ++isa, gs: isa, firstSt: 1 },
      date: "20260301",
      time: "0931",
    });
    if (text === undefined) throw new Error("no 270 in the file");
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: newId(),
        partnerId: "sbx",
        direction: "inbound",
        kind: "271",
        name: `271-${isa}.x12`,
        state: "received",
        content: Buffer.from(text),
      },
      now(),
    );
    return { file, result: await ingestFile(deps(), { tenantId: "acme", fileId: file.id }) };
  }

  async function outbox(queue: string) {
    const { rows } = await db.query<{ job_id: string; payload: Record<string, unknown> }>(
      "select job_id, payload from outbox where queue = $1 order by id",
      [queue],
    );
    return rows;
  }

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  it("stores a valid request routed to the payer's partner, with its send job in the outbox", async () => {
    const request = await ask("T-STORE-1", "SBX-ELIG-ACTIVE-0001");
    expect(request).toMatchObject({ state: "pending", partnerId: "sbx", payerId: "EXHP1" });
    expect(request.patientKey).toBe("SBX-ELIG-ACTIVE-0001|DOE|JOHN|1978-09-30");
    expect(await outbox("eligibility")).toContainEqual({
      job_id: `eligibility-${request.id}`,
      payload: { tenantId: "acme", requestId: request.id },
    });
  });

  it("refuses an invalid body, an unrouted payer and a repeated trace id, storing nothing", async () => {
    const before = (await outbox("eligibility")).length;
    const invalid = await requestEligibility(deps(), "acme", { traceId: "X" });
    expect(invalid.outcome).toBe("invalid");
    const unrouted = await requestEligibility(deps(), "acme", {
      ...question("T-NOPARTNER", "M1"),
      payer: { id: "NOBODY", name: "Nobody" },
    });
    expect(unrouted).toEqual({ outcome: "no_partner", payerId: "NOBODY" });
    await ask("T-DUP", "M2");
    const dup = await requestEligibility(deps(), "acme", question("T-DUP", "M3"));
    expect(dup).toEqual({ outcome: "duplicate", traceId: "T-DUP" });
    expect((await outbox("eligibility")).length).toBe(before + 1);
  });

  it("sends a pending request as a stored 270 with an interchange row and a transmit job, once", async () => {
    const request = await ask("T-SEND-1", "SBX-ELIG-ACTIVE-0002");
    const sent = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: request.id });
    if (sent.outcome !== "sent") throw new Error(sent.outcome);
    const file = await getFile(db, "acme", sent.fileId);
    expect(file).toMatchObject({ kind: "270", direction: "outbound", state: "built" });
    expect(file?.name).toBe(`270-${sent.isaControlNumber}.x12`);
    const text = Buffer.from((await fileContent(db, "acme", sent.fileId))!).toString("utf8");
    expect(text).toContain("*ZZ*ACMECLINIC     *ZZ*SANDBOXPAYER   *");
    expect(text).toContain(`*${sent.isaControlNumber}*`);
    expect(text).toContain("GS*HS*ACMECLINIC*SANDBOXPAYER*");
    expect(text).toContain(`BHT*0022*13*${request.id}*`);
    expect(text).toContain("TRN*1*T-SEND-1*");
    const interchange = await db.query<{ isa_control_number: string }>(
      "select isa_control_number from interchanges where file_id = $1",
      [sent.fileId],
    );
    expect(interchange.rows).toEqual([{ isa_control_number: sent.isaControlNumber }]);
    expect(await outbox("transmit")).toContainEqual({
      job_id: `transmit-${sent.fileId}`,
      payload: { tenantId: "acme", partnerId: "sbx", fileId: sent.fileId },
    });
    expect(await getEligibilityRequest(db, "acme", request.id)).toMatchObject({
      state: "sent",
      fileId: sent.fileId,
      reference: request.id,
    });
    const again = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: request.id });
    expect(again).toEqual({ outcome: "skipped", state: "sent" });
  });

  it("uses a new ISA control number for each 270", async () => {
    const a = await ask("T-CN-1", "SBX-ELIG-ACTIVE-0003");
    const b = await ask("T-CN-2", "SBX-ELIG-ACTIVE-0004");
    const sa = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: a.id });
    const sb = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: b.id });
    if (sa.outcome !== "sent" || sb.outcome !== "sent") throw new Error("not sent");
    expect(Number(sb.isaControlNumber)).toBe(Number(sa.isaControlNumber) + 1);
  });

  it("answers a request from the 271: result stored, request answered, file ingested", async () => {
    const request = await ask("T-ANSWER-INACT", "SBX-ELIG-INACT-0001");
    const sent = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: request.id });
    if (sent.outcome !== "sent") throw new Error(sent.outcome);
    const { file, result } = await answer(sent.fileId);
    expect(result).toMatchObject({
      outcome: "ingested",
      eligibility: { answered: 1, unmatched: 0 },
      deferred: 0,
    });
    expect((await getFile(db, "acme", file.id))?.state).toBe("ingested");
    const stored = await getEligibilityRequest(db, "acme", request.id);
    expect(stored?.state).toBe("answered");
    expect(stored?.answeredAt).toEqual(now());
    const summaries: CoverageSummary[] = await eligibilitySummaries(db, "acme", request.id);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ active: false, trace: "T-ANSWER-INACT" });
    const latest = await latestEligibilityResults(db, "acme", request.patientKey, "EXHP1");
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ patientKey: request.patientKey, active: false });
  });

  it("stores an answer without coverage status (subscriber not found) but gives the scrubber none", async () => {
    const request = await ask("T-ANSWER-NOTF", "SBX-ELIG-NOTF-0001");
    const sent = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: request.id });
    if (sent.outcome !== "sent") throw new Error(sent.outcome);
    const { result } = await answer(sent.fileId);
    expect(result).toMatchObject({ eligibility: { answered: 1, unmatched: 0 } });
    const [summary] = await eligibilitySummaries(db, "acme", request.id);
    expect(summary?.active).toBeUndefined();
    expect(summary?.errors.map((e) => e.code)).toContain("75");
    expect(await latestEligibilityResults(db, "acme", request.patientKey, "EXHP1")).toEqual([]);
  });

  it("counts a 271 that answers no request of the tenant as unmatched", async () => {
    const request = await ask("T-OTHER-TENANT", "SBX-ELIG-ACTIVE-0009");
    const sent = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: request.id });
    if (sent.outcome !== "sent") throw new Error(sent.outcome);
    // The question is forgotten (as if another tenant had asked it): the answer names nothing.
    await db.query(
      "update eligibility_requests set trace_id = 'GONE', reference = 'GONE' where id = $1",
      [request.id],
    );
    const { result } = await answer(sent.fileId);
    expect(result).toMatchObject({ eligibility: { answered: 0, unmatched: 1 } });
  });

  it("holds a claim whose coverage came back inactive, and releases it on a later active answer", async () => {
    const base = exampleEncounter("professional-office-visit");
    const memberId = "SBX-ELIG-INACT-0100";
    const received = await receiveEncounter(deps(), "acme", {
      ...base,
      patientControlNumber: "PCN-ELIG-1",
      subscriber: { ...base.subscriber, memberId },
    });
    if (received.outcome !== "received") throw new Error(received.outcome);
    const claimId = received.claim.id;
    const scrubDeps = { db, now, codeSets: loadCodeSets(), payerRules: {} };
    const asked = (traceId: string): EligibilityRequest => ({
      ...exampleRequest(),
      traceId,
      subscriber: { memberId, lastName: "Doe", firstName: "Jane", birthDate: "1980-04-12" },
      serviceDate: "2026-02-10",
    });

    const first = await requestEligibility(deps(), "acme", asked("T-SCRUB-1"));
    if (first.outcome !== "received") throw new Error(first.outcome);
    const sent1 = await sendEligibilityRequest(deps(), {
      tenantId: "acme",
      requestId: first.request.id,
    });
    if (sent1.outcome !== "sent") throw new Error(sent1.outcome);
    await answer(sent1.fileId);
    expect(await scrubClaim(scrubDeps, { tenantId: "acme", claimId })).toMatchObject({
      outcome: "held",
    });
    expect(await getClaim(db, "acme", claimId)).toMatchObject({
      state: "held",
      owner: "eligibility",
      reasonCode: "COVERAGE_INACTIVE",
    });

    const second = await requestEligibility(deps(), "acme", asked("T-SCRUB-2"));
    if (second.outcome !== "received") throw new Error(second.outcome);
    const sent2 = await sendEligibilityRequest(deps(), {
      tenantId: "acme",
      requestId: second.request.id,
    });
    if (sent2.outcome !== "sent") throw new Error(sent2.outcome);
    await answer(sent2.fileId, { from: memberId, to: "SBX-ELIG-ACTIVE-0100" });
    const latest = await latestEligibilityResults(db, "acme", second.request.patientKey, "EXHP1");
    expect(latest.map((r) => r.active)).toEqual([true]);
    expect(await scrubClaim(scrubDeps, { tenantId: "acme", claimId })).toMatchObject({
      outcome: "ready",
    });
    expect(await getClaim(db, "acme", claimId)).toMatchObject({
      state: "ready",
      owner: null,
      reasonCode: null,
    });
  });
});
