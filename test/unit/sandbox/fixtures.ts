/**
 * Sandbox test fixtures: the example encounters with member ids switched to a scenario's
 * prefix, batched into one 837 interchange as the gateway would send it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CodedEncounter } from "../../../src/domain/encounter.js";
import { memberIdFor } from "../../../src/sandbox/scenarios.js";
import type { ScenarioName } from "../../../src/sandbox/scenarios.js";
import { batch837 } from "../../../src/x12/transactions/837-batch.js";
import type { Batch837, BatchOptions } from "../../../src/x12/transactions/837-batch.js";

const EXAMPLES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../schemas/examples",
);

export const PROFESSIONAL_EXAMPLES = [
  "professional-office-visit.json",
  "professional-dependent.json",
  "professional-replacement.json",
  "professional-secondary-cob.json",
] as const;

export function example(file: string): CodedEncounter {
  return JSON.parse(readFileSync(path.join(EXAMPLES, file), "utf8")) as CodedEncounter;
}

/** The example with its subscriber's member id chosen for `scenario`. */
export function withScenario(encounter: CodedEncounter, scenario: ScenarioName): CodedEncounter {
  const suffix = encounter.patientControlNumber.replace(/\W/g, "");
  return {
    ...encounter,
    subscriber: { ...encounter.subscriber, memberId: memberIdFor(scenario, suffix) },
  };
}

export const GATEWAY_ID = "CLAIMGATE";
export const SANDBOX_ID = "SBXPAYER";

export const CONTROL = { isa: 123456, gs: 4242, firstSt: 7 } as const;

/** The 837P batch of the professional examples, one scenario each (in example order). */
export function professionalBatch(
  scenarios: readonly ScenarioName[],
  overrides: Partial<BatchOptions> = {},
): Batch837 {
  const claims = scenarios.map((scenario, i) => {
    const file = PROFESSIONAL_EXAMPLES[i];
    if (file === undefined) throw new Error("more scenarios than professional examples");
    return { encounter: withScenario(example(file), scenario), submissionId: `SUB${i + 1}` };
  });
  return batch837(claims, {
    kind: "837p",
    interchangeSender: { qualifier: "ZZ", id: GATEWAY_ID },
    interchangeReceiver: { qualifier: "ZZ", id: SANDBOX_ID },
    groupSender: "CGAPP",
    groupReceiver: "SBXAPP",
    submitter: { name: "Claimgate Test", id: "CG0001", contactName: "Ops", phone: "5555550100" },
    receiver: { name: "Sandbox Payer", id: SANDBOX_ID },
    usage: "T",
    controlNumbers: CONTROL,
    date: "20260301",
    time: "1200",
    ...overrides,
  });
}
