import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { eligibilityMemberIdFor } from "../../src/sandbox/eligibility-scenarios.js";
import type { EligibilityScenarioName } from "../../src/sandbox/eligibility-scenarios.js";
import { startEligibilityHarness } from "../support/eligibility-harness.js";
import type { EligibilityHarness } from "../support/eligibility-harness.js";

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
  let harness: EligibilityHarness | undefined;
  afterAll(async () => {
    await harness?.stop();
  });

  it("answers a question of each sandbox scenario over SFTP", async () => {
    harness = await startEligibilityHarness(TENANT);
    const { url, headers, db } = harness;

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
