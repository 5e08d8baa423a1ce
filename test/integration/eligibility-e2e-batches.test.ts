import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eligibilityMemberIdFor } from "../../src/sandbox/eligibility-scenarios.js";
import type {
  EligibilityAckScenarioName,
  EligibilityScenarioName,
} from "../../src/sandbox/eligibility-scenarios.js";
import { startEligibilityHarness } from "../support/eligibility-harness.js";
import type { EligibilityHarness } from "../support/eligibility-harness.js";

const example = JSON.parse(
  readFileSync(
    new URL("../../schemas/examples/eligibility/subscriber.json", import.meta.url),
    "utf8",
  ),
) as { subscriber: Record<string, unknown> } & Record<string, unknown>;

interface View {
  id: string;
  traceId: string;
  state: string;
  coverage?: { active?: boolean; trace?: string; reference?: string };
  failure?: { reason: string; source: string; code: string; message: string };
}

const question = (
  traceId: string,
  scenario: EligibilityScenarioName | EligibilityAckScenarioName,
) => ({
  ...example,
  traceId,
  subscriber: { ...example.subscriber, memberId: eligibilityMemberIdFor(scenario, traceId) },
});

describe("eligibility end to end over SFTP: batches, TA1 and 999 rejections (real Redis, PGlite)", () => {
  let h: EligibilityHarness;
  beforeAll(async () => {
    h = await startEligibilityHarness("elig-batches");
  }, 60_000);
  afterAll(() => h?.stop());

  async function get(id: string): Promise<View> {
    return (await (
      await fetch(`${h.url}/v1/eligibility/${id}`, { headers: h.headers })
    ).json()) as View;
  }

  /** Polls until the request is answered or failed. */
  async function settled(id: string): Promise<View> {
    let view = await get(id);
    for (let i = 0; i < 150 && (view.state === "pending" || view.state === "sent"); i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await get(id);
    }
    return view;
  }

  async function batch(requests: object[]): Promise<string[]> {
    const res = await fetch(`${h.url}/v1/eligibility/batch`, {
      method: "POST",
      headers: h.headers,
      body: JSON.stringify({ requests }),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { results: { status: number; id: string }[] };
    expect(body.results.map((r) => r.status)).toEqual(requests.map(() => 202));
    return body.results.map((r) => r.id);
  }

  async function filesOf(ids: readonly string[]) {
    const { rows } = await h.db.query<{ file_id: string }>(
      "select distinct file_id from eligibility_requests where tenant_id = $1 and id = any($2::text[])",
      [h.tenantId, ids],
    );
    return rows.map((r) => r.file_id);
  }

  it("sends a batch as one 270 file and matches each 271 answer to its own request", async () => {
    const ids = await batch([
      question("EB-ACTIVE", "active"),
      question("EB-INACT", "inactive"),
      question("EB-OTHER", "other-payer"),
    ]);
    const views = [];
    for (const id of ids) views.push(await settled(id));
    expect(views.map((v) => [v.traceId, v.state, v.coverage?.trace, v.coverage?.active])).toEqual([
      ["EB-ACTIVE", "answered", "EB-ACTIVE", true],
      ["EB-INACT", "answered", "EB-INACT", false],
      ["EB-OTHER", "answered", "EB-OTHER", true],
    ]);
    // Each answer's BHT03 is the request's own id.
    expect(views.map((v) => v.coverage?.reference)).toEqual(ids);
    expect(await filesOf(ids)).toHaveLength(1);
  }, 60_000);

  it("fails the requests of a 270 interchange the payer's TA1 rejects, saying why", async () => {
    const ids = await batch([question("ET-ACTIVE", "active"), question("ET-TA1R", "reject-ta1")]);
    for (const id of ids) {
      const view = await settled(id);
      expect(view).toMatchObject({
        state: "failed",
        failure: { reason: "rejected", source: "TA1", code: "TA1_006" },
      });
      expect(view.failure?.message).toContain("Invalid interchange sender id");
    }
    expect(await filesOf(ids)).toHaveLength(1);
  }, 60_000);

  it("fails only the request of the set the payer's 999 rejects; its batch mate is answered", async () => {
    const [rejectedId, answeredId] = await batch([
      question("E9-R999", "reject-999"),
      question("E9-ACTIVE", "active"),
    ]);
    const rejected = await settled(rejectedId as string);
    expect(rejected).toMatchObject({
      state: "failed",
      failure: { reason: "rejected", source: "999", code: "999_IK5_R" },
    });
    expect(rejected.failure?.message).toContain("Implementation pattern match failure");
    const answered = await settled(answeredId as string);
    expect(answered).toMatchObject({
      state: "answered",
      coverage: { trace: "E9-ACTIVE", active: true },
    });
  }, 60_000);

  it("a single question whose 270 the payer rejects ends failed, with the TA1 reason", async () => {
    const res = await fetch(`${h.url}/v1/eligibility`, {
      method: "POST",
      headers: h.headers,
      body: JSON.stringify(question("ES-TA1R", "reject-ta1")),
    });
    const body = (await res.json()) as View;
    const view = res.status === 200 ? body : await settled(body.id);
    expect(view).toMatchObject({ state: "failed", failure: { code: "TA1_006" } });
  }, 60_000);

  it("times out a request the payer never answers, through the follow-up worker (run last)", async () => {
    const id = (await batch([question("EX-SLNT", "silence")]))[0] as string;
    // Wait until its 270 is transmitted, then give the partner no time at all to answer.
    for (let i = 0; i < 150; i++) {
      const { rows } = await h.db.query<{ state: string }>(
        `select f.state from eligibility_requests r join files f on f.id = r.file_id
         where r.tenant_id = $1 and r.id = $2`,
        [h.tenantId, id],
      );
      if (rows[0]?.state === "sent") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await h.db.query("update trading_partners set ack_due_hours = 0 where tenant_id = $1", [
      h.tenantId,
    ]);
    const view = await settled(id);
    expect(view).toMatchObject({
      state: "failed",
      failure: { reason: "timed_out", source: "followup", code: "TIMED_OUT" },
    });
  }, 60_000);
});
