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

/** What the demo expects of a claim once the pipeline has run. */
export type Expectation = "acknowledged" | "rejected" | "held";

export interface DemoClaim {
  readonly encounter: CodedEncounter;
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

function variant(base: CodedEncounter, i: number, scenario: Parameters<typeof memberIdFor>[0]) {
  const suffix = String(i).padStart(6, "0");
  return {
    ...base,
    patientControlNumber: `DEMO${suffix}`,
    subscriber: { ...base.subscriber, memberId: memberIdFor(scenario, suffix) },
  };
}

/** `count` accepted claims cycling through the examples, one 999 rejection, one held claim. */
export function demoClaims(count: number): DemoClaim[] {
  const examples = exampleEncounters();
  const claims: DemoClaim[] = [];
  for (let i = 0; i < count; i++) {
    const base = examples[i % examples.length] as CodedEncounter;
    claims.push({ encounter: variant(base, i, "accept-pay"), expect: "acknowledged" });
  }
  const office = examples.find((e) => e.kind === "professional") as CodedEncounter;
  const rejected = variant(office, count, "reject-999");
  claims.push({
    encounter: {
      ...rejected,
      billingProvider: { ...rejected.billingProvider, npi: npiFrom("199999999") },
    },
    expect: "rejected",
  });
  const held = variant(office, count + 1, "accept-pay");
  claims.push({
    encounter: { ...held, billingProvider: { ...held.billingProvider, npi: "1234567890" } },
    expect: "held",
  });
  return claims;
}
