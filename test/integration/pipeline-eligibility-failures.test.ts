import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EligibilityRequest } from "../../src/domain/eligibility.js";
import { markOverdueEligibility } from "../../src/pipeline/eligibility-followup.js";
import {
  requestEligibility,
  requestEligibilityBatch,
  sendEligibilityRequest,
} from "../../src/pipeline/eligibility.js";
import type { EligibilityIntakeResult } from "../../src/pipeline/eligibility.js";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { eligibilityMemberIdFor } from "../../src/sandbox/eligibility-scenarios.js";
import type {
  EligibilityAckScenarioName,
  EligibilityScenarioName,
} from "../../src/sandbox/eligibility-scenarios.js";
import { respondToFile } from "../../src/sandbox/respond.js";
import type { Database } from "../../src/store/database.js";
import { eligibilitySummaries, getEligibilityRequest } from "../../src/store/eligibility.js";
import { fileContent, recordFile, setFileState } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { readInterchanges } from "../../src/x12/envelope.js";
import type { SegmentInput } from "../../src/x12/segment.js";
import { buildInterchange } from "../../src/x12/writer.js";
import { seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

function exampleRequest(): EligibilityRequest {
  const url = new URL("../../schemas/examples/eligibility/subscriber.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as EligibilityRequest;
}

type Scenario = EligibilityScenarioName | EligibilityAckScenarioName;

function question(traceId: string, scenario: Scenario, suffix = traceId): EligibilityRequest {
  const base = exampleRequest();
  const memberId = eligibilityMemberIdFor(scenario, suffix);
  return { ...base, traceId, subscriber: { ...base.subscriber, memberId } };
}

function received(result: EligibilityIntakeResult | undefined) {
  if (result?.outcome !== "received") throw new Error(String(result?.outcome));
  return result.request;
}

type Received = ReturnType<typeof received>;

describe.each(backends())("eligibility batches, rejections and time-outs on $kind", (backend) => {
  let db: Database;
  let n = 0;
  let clock = new Date("2026-03-01T09:30:00Z");
  let sandboxControl = 800;
  const now = () => clock;
  const newId = () => `ef${++n}`;
  const deps = () => ({ db, now, newId, partners: storePartners(db) });

  async function send(requestId: string) {
    const sent = await sendEligibilityRequest(deps(), { tenantId: "acme", requestId });
    if (sent.outcome !== "sent") throw new Error(sent.outcome);
    return sent;
  }

  /** The sandbox payer's files for a sent 270, each received and ingested. */
  async function payerResponds(fileId: string) {
    const content = (await fileContent(db, "acme", fileId)) ?? new Uint8Array();
    const response = respondToFile(content, {
      receiverIds: ["SANDBOXPAYER"],
      controlNumbers: () => ++sandboxControl,
      now,
    });
    const results = [];
    for (const f of response.files) {
      const { file } = await recordFile(
        db,
        "acme",
        {
          id: newId(),
          partnerId: "sbx",
          direction: "inbound",
          kind: f.kind,
          name: f.name,
          state: "received",
          content: Buffer.from(f.content),
        },
        now(),
      );
      results.push({
        kind: f.kind,
        result: await ingestFile(deps(), { tenantId: "acme", fileId: file.id }),
      });
    }
    return results;
  }

  /** A hand-written 999 (one set with this body) from the payer, received and ingested. */
  async function ingest999(body: readonly SegmentInput[]) {
    const control = ++sandboxControl;
    const text = buildInterchange({
      sender: { qualifier: "ZZ", id: "SANDBOXPAYER" },
      receiver: { qualifier: "ZZ", id: "ACMECLINIC" },
      controlNumber: control,
      date: "20260301",
      time: "0935",
      usage: "T",
      delimiters: { element: "*", repetition: "^", component: ":", segment: "~" },
      groups: [
        {
          functionalId: "FA",
          sender: "SANDBOXPAYER",
          receiver: "ACMECLINIC",
          controlNumber: control,
          version: "005010X231A1",
          transactionSets: [{ id: "999", controlNumber: "0001", guide: "005010X231A1", body }],
        },
      ],
    });
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: newId(),
        partnerId: "sbx",
        direction: "inbound",
        kind: "999",
        name: `999-${control}.x12`,
        state: "received",
        content: Buffer.from(text),
      },
      now(),
    );
    return ingestFile(deps(), { tenantId: "acme", fileId: file.id });
  }

  const stateOf = async (id: string) => getEligibilityRequest(db, "acme", id);

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  it("sends a batch's requests for one partner as one 270 file, one transaction set each", async () => {
    const results = await requestEligibilityBatch(deps(), "acme", [
      question("B-ACTIVE", "active"),
      question("B-INACT", "inactive"),
      { traceId: "bad" },
      question("B-NOTF", "not-found"),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(["received", "received", "invalid", "received"]);
    const [a, b, , c] = results.map((r) => (r.outcome === "received" ? r.request : undefined));
    const jobs = await db.query<{ job_id: string }>(
      "select job_id from outbox where queue = 'eligibility' and job_id like 'eligibility-ef%' order by id",
    );
    // One send job for the partner's three requests.
    expect(jobs.rows.map((r) => r.job_id)).toEqual([`eligibility-${a!.id}`]);
    const sent = await send(a!.id);
    expect(sent.requestIds).toEqual([a!.id, b!.id, c!.id]);
    expect(await sendEligibilityRequest(deps(), { tenantId: "acme", requestId: b!.id })).toEqual({
      outcome: "skipped",
      state: "sent",
    });
    const text = Buffer.from((await fileContent(db, "acme", sent.fileId))!).toString("utf8");
    const [interchange] = readInterchanges(text);
    const sets = interchange!.groups[0]!.transactionSets;
    expect(sets.map((s) => s.controlNumber)).toEqual(["0001", "0002", "0003"]);
    // Each set's BHT03 is its request's id, its TRN02 the request's trace.
    expect(sets.map((s) => s.segments.find((x) => x.id === "BHT")?.elements[2])).toEqual([
      a!.id,
      b!.id,
      c!.id,
    ]);
    const stored = await db.query<{ st_control_number: string; trace_id: string }>(
      `select t.st_control_number, r.trace_id from eligibility_requests r
       join transaction_sets t on t.id = r.transaction_set_id
       where r.file_id = $1 order by t.st_control_number`,
      [sent.fileId],
    );
    expect(stored.rows).toEqual([
      { st_control_number: "0001", trace_id: "B-ACTIVE" },
      { st_control_number: "0002", trace_id: "B-INACT" },
      { st_control_number: "0003", trace_id: "B-NOTF" },
    ]);

    const answers = await payerResponds(sent.fileId);
    expect(answers.map((x) => x.kind)).toEqual(["271"]);
    expect(answers[0]?.result).toMatchObject({ eligibility: { answered: 3, unmatched: 0 } });
    const summaries = async (id: string) => eligibilitySummaries(db, "acme", id);
    expect(await summaries(a!.id)).toEqual([
      expect.objectContaining({ trace: "B-ACTIVE", active: true }),
    ]);
    expect(await summaries(b!.id)).toEqual([
      expect.objectContaining({ trace: "B-INACT", active: false }),
    ]);
    const [notFound] = await summaries(c!.id);
    expect(notFound?.trace).toBe("B-NOTF");
    expect(notFound?.errors.map((e) => e.code)).toEqual(["75"]);
  });

  it("fails every request of a 270 interchange a TA1 rejects, with the note in plain language", async () => {
    const results = await requestEligibilityBatch(deps(), "acme", [
      question("TA1-A", "active"),
      question("TA1-R", "reject-ta1"),
    ]);
    const [a, r] = results.map(received) as [Received, Received];
    const sent = await send(a.id);
    const answers = await payerResponds(sent.fileId);
    expect(answers.map((x) => x.kind)).toEqual(["TA1"]);
    expect(answers[0]?.result).toMatchObject({ acks: { rejected: 2, unmatched: 0 } });
    for (const id of [a.id, r.id]) {
      expect(await stateOf(id)).toMatchObject({
        state: "failed",
        failedAt: now(),
        failure: {
          reason: "rejected",
          source: "TA1",
          code: "TA1_006",
          codes: ["006"],
          message:
            "The partner rejected the interchange (TA1 note 006): Invalid interchange sender id.",
        },
      });
    }
    const interchange = await db.query<{ state: string; note_code: string }>(
      "select state, note_code from interchanges where file_id = $1",
      [sent.fileId],
    );
    expect(interchange.rows).toEqual([{ state: "rejected", note_code: "006" }]);
  });

  it("fails only the requests of the sets a 999 rejects; the others are answered by the 271", async () => {
    const results = await requestEligibilityBatch(deps(), "acme", [
      question("999-A", "active"),
      question("999-R", "reject-999"),
      question("999-I", "inactive"),
    ]);
    const [a, r, i] = results.map(received) as [Received, Received, Received];
    const sent = await send(a.id);
    const answers = await payerResponds(sent.fileId);
    expect(answers.map((x) => x.kind)).toEqual(["999", "271"]);
    expect(answers[0]?.result).toMatchObject({ acks: { rejected: 1, unmatched: 0 } });
    expect(answers[1]?.result).toMatchObject({ eligibility: { answered: 2, unmatched: 0 } });
    const rejected = await stateOf(r.id);
    expect(rejected).toMatchObject({
      state: "failed",
      failure: {
        reason: "rejected",
        source: "999",
        code: "999_IK5_R",
        errors: [
          {
            segment: "NM1",
            loop: "2100", // IK303 holds at most 4 characters
            code: "8",
            elements: [{ position: 9, code: "I12" }],
          },
        ],
      },
    });
    expect(rejected?.failure?.message).toContain(
      "The partner's 999 rejected the transaction set (IK5 R)",
    );
    expect(rejected?.failure?.message).toContain("Segment has data element errors");
    expect(rejected?.failure?.message).toContain("element 9: Implementation pattern match failure");
    expect(JSON.stringify(rejected?.failure)).not.toContain("SBX-ELIG");
    expect((await stateOf(a.id))?.state).toBe("answered");
    expect((await stateOf(i.id))?.state).toBe("answered");
    const ackCodes = await db.query<{ st_control_number: string; ack_code: string }>(
      `select t.st_control_number, t.ack_code from transaction_sets t
       join interchanges x on x.id = t.interchange_id where x.file_id = $1
       order by t.st_control_number`,
      [sent.fileId],
    );
    expect(ackCodes.rows.map((row) => row.ack_code)).toEqual(["A", "R", "A"]);
  });

  it("fails the requests of the sets a 999 does not name in a group it rejects (AK9 R)", async () => {
    const results = await requestEligibilityBatch(deps(), "acme", [
      question("AK9-1", "active"),
      question("AK9-2", "inactive"),
    ]);
    const [a, b] = results.map(received) as [Received, Received];
    const sent = await send(a.id);
    const text = Buffer.from((await fileContent(db, "acme", sent.fileId))!).toString("utf8");
    const gs06 = readInterchanges(text)[0]!.groups[0]!.controlNumber;
    // The payer's front end could not count the group's sets: AK9 R, AK905 5, no AK2.
    const result = await ingest999([
      { id: "AK1", elements: ["HS", gs06, "005010X279A1"] },
      { id: "AK9", elements: ["R", "2", "2", "0", "5"] },
    ]);
    expect(result).toMatchObject({ outcome: "ingested", acks: { rejected: 2, unmatched: 0 } });
    for (const id of [a.id, b.id]) {
      expect(await stateOf(id)).toMatchObject({
        state: "failed",
        failure: {
          source: "999",
          code: "999_AK9_R",
          codes: ["5"],
          message:
            "The partner's 999 rejected the functional group (AK9 R): Number of included transaction sets does not match actual count.",
        },
      });
    }
  });

  it("takes a 999 accepting a 270 set whose 271 came first as matched, leaving the answer", async () => {
    const request = received(
      await requestEligibility(deps(), "acme", question("LATE-999", "active")),
    );
    const sent = await send(request.id);
    await payerResponds(sent.fileId);
    expect((await stateOf(request.id))?.state).toBe("answered");
    const text = Buffer.from((await fileContent(db, "acme", sent.fileId))!).toString("utf8");
    const gs06 = readInterchanges(text)[0]!.groups[0]!.controlNumber;
    const result = await ingest999([
      { id: "AK1", elements: ["HS", gs06, "005010X279A1"] },
      { id: "AK2", elements: ["270", "0001", "005010X279A1"] },
      { id: "IK5", elements: ["A"] },
      { id: "AK9", elements: ["A", "1", "1", "1"] },
    ]);
    expect(result).toMatchObject({ acks: { accepted: 0, rejected: 0, unmatched: 0 } });
    expect((await stateOf(request.id))?.state).toBe("answered");
  });

  it("times out a sent request with no 271 past the partner's deadline; a late 271 still answers it", async () => {
    const request = received(
      await requestEligibility(deps(), "acme", question("SLOW-1", "silence")),
    );
    const sent = await send(request.id);
    // Not transmitted yet: the clock runs from transmission.
    clock = new Date("2026-03-03T09:30:00Z");
    expect(await markOverdueEligibility(deps())).toEqual({ timedOut: 0 });
    clock = new Date("2026-03-03T10:00:00Z");
    await setFileState(db, "acme", sent.fileId, ["built"], "sent", clock);
    expect(await payerResponds(sent.fileId)).toEqual([]); // the silent scenario answers nothing
    clock = new Date("2026-03-04T09:59:00Z"); // 23h59 later: the partner's 24 hours are not up
    expect(await markOverdueEligibility(deps())).toEqual({ timedOut: 0 });
    expect((await stateOf(request.id))?.state).toBe("sent");
    clock = new Date("2026-03-04T10:01:00Z");
    expect(await markOverdueEligibility(deps(), { tenantId: "acme" })).toEqual({ timedOut: 1 });
    expect(await stateOf(request.id)).toMatchObject({
      state: "failed",
      failedAt: clock,
      failure: {
        reason: "timed_out",
        source: "followup",
        code: "TIMED_OUT",
        message: "No 271 answer came within 24 hours of sending the 270 (the partner's deadline).",
      },
    });
    expect(await markOverdueEligibility(deps())).toEqual({ timedOut: 0 });
    // The payer answers after all (as if it had been asked about an active member).
    const content = Buffer.from((await fileContent(db, "acme", sent.fileId))!).toString("utf8");
    const late = content.replaceAll(
      eligibilityMemberIdFor("silence", "SLOW-1"),
      eligibilityMemberIdFor("active", "SLOW-1"),
    );
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: newId(),
        partnerId: "sbx",
        direction: "outbound",
        kind: "270",
        name: "late.x12",
        state: "sent",
        content: Buffer.from(late),
      },
      clock,
    );
    const answers = await payerResponds(file.id);
    expect(answers[0]?.result).toMatchObject({ eligibility: { answered: 1 } });
    expect((await stateOf(request.id))?.state).toBe("answered");
  });
});
