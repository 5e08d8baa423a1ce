/**
 * The demo's claims: the worked example encounters, each sent with a sandbox scenario chosen by
 * its member id, plus one claim the sandbox rejects at the 999 (sent under a billing provider
 * of its own, so its transaction set holds only it) and one the scrubber holds (bad NPI).
 */
import { readFileSync, readdirSync } from "node:fs";
import type { CodedEncounter } from "../domain/encounter.js";
import { projectPath } from "../domain/project-files.js";
import { isValidNpi } from "../domain/scrub/index.js";
import { memberIdFor } from "../sandbox/scenarios.js";

/**
 * The state the demo expects a claim to reach. `stalled`: the payer stays silent after its 999,
 * so the claim waits for its 277CA until the follow-up clock runs out.
 */
export type Expectation = "paid" | "partially_paid" | "denied" | "rejected" | "stalled" | "held";

type ScenarioName = Parameters<typeof memberIdFor>[0];

/**
 * The scenarios the accepted demo claims cycle through, and where each ends. Claims rejected at
 * the 999 or TA1 take their whole set or interchange with them, so those are sent apart.
 */
export const DEMO_SCENARIOS: readonly (readonly [ScenarioName, Expectation])[] = [
  ["accept-pay", "paid"],
  ["partial-pay", "paid"],
  ["partial-line-denied", "partially_paid"],
  ["deny-coding", "denied"],
  ["deny-eligibility", "denied"],
  ["deny-authorization", "denied"],
  ["deny-timely-filing", "denied"],
  ["reverse-readjudicate", "paid"],
  ["plb-interest", "paid"],
  ["split-remit", "paid"],
  ["reject-277", "rejected"],
  ["silence", "stalled"],
  ["deny-duplicate", "denied"],
  ["plb-recoupment", "paid"],
];

export interface DemoClaim {
  readonly encounter: CodedEncounter;
  readonly scenario: ScenarioName;
  readonly expect: Expectation;
}

export function exampleEncounters(): CodedEncounter[] {
  const dir = projectPath("schemas", "examples");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.startsWith("eligibility"))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${dir}/${f}`, "utf8")) as CodedEncounter);
}

/** A valid NPI (Luhn with the 80840 prefix) from nine digits. */
export function npiFrom(nineDigits: string): string {
  for (let check = 0; check <= 9; check++) {
    const npi = `${nineDigits}${check}`;
    if (isValidNpi(npi)) return npi;
  }
  throw new Error("unreachable: one check digit always fits");
}

function variant(base: CodedEncounter, i: number, scenario: ScenarioName) {
  const suffix = String(i).padStart(6, "0");
  return {
    ...base,
    patientControlNumber: `DEMO${suffix}`,
    subscriber: { ...base.subscriber, memberId: memberIdFor(scenario, suffix) },
  };
}

/** `count` claims cycling through the examples and scenarios, one 999 rejection, one held claim. */
export function demoClaims(count: number): DemoClaim[] {
  const examples = exampleEncounters();
  const claims: DemoClaim[] = [];
  for (let i = 0; i < count; i++) {
    const base = examples[i % examples.length] as CodedEncounter;
    const [scenario, expect] = DEMO_SCENARIOS[
      i % DEMO_SCENARIOS.length
    ] as (typeof DEMO_SCENARIOS)[number];
    claims.push({ encounter: variant(base, i, scenario), scenario, expect });
  }
  const office = examples.find((e) => e.kind === "professional") as CodedEncounter;
  const rejected = variant(office, count, "reject-999");
  claims.push({
    encounter: {
      ...rejected,
      billingProvider: { ...rejected.billingProvider, npi: npiFrom("199999999") },
    },
    scenario: "reject-999",
    expect: "rejected",
  });
  const held = variant(office, count + 1, "accept-pay");
  claims.push({
    encounter: { ...held, billingProvider: { ...held.billingProvider, npi: "1234567890" } },
    scenario: "accept-pay",
    expect: "held",
  });
  return claims;
}
