import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { coverageSummaries } from "../../../src/domain/coverage.js";
import type { CoverageSummary } from "../../../src/domain/coverage.js";
import type { EligibilityRequest } from "../../../src/domain/eligibility.js";
import {
  ELIGIBILITY_SCENARIOS,
  OTHER_PAYER,
  SANDBOX_PLAN,
  answer270File,
  eligibilityMemberIdFor,
  eligibilityScenarioFor,
} from "../../../src/sandbox/eligibility-scenarios.js";
import type { EligibilityScenarioName } from "../../../src/sandbox/eligibility-scenarios.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { validateFile } from "../../../src/x12/validator.js";
import { build270Interchange } from "../../../src/x12/transactions/270-build.js";
import { read271 } from "../../../src/x12/transactions/271.js";
import { build271 } from "../../../src/x12/transactions/271-build.js";
import type { EligibilityResponse } from "../../../src/x12/transactions/271.js";
import { CORPUS } from "../x12/transactions/helpers.js";

const SUBSCRIBER: EligibilityRequest = {
  traceId: "TRACE-1",
  provider: { npi: "1234567893", name: "Springfield Family Practice" },
  payer: { id: "SBXPAYER", name: "Sandbox Health Plan" },
  subscriber: {
    memberId: "SBX-ELIG-ACTIVE-0001",
    lastName: "Doe",
    firstName: "Jane",
    birthDate: "1980-02-29",
    sex: "F",
    groupNumber: "GRP-1",
  },
  serviceTypes: ["30", "98"],
  serviceDate: "2026-03-02",
};

function requestFor(name: EligibilityScenarioName, traceId: string): EligibilityRequest {
  const subscriber = { ...SUBSCRIBER.subscriber, memberId: eligibilityMemberIdFor(name, "0001") };
  const dependent =
    name === "dependent"
      ? {
          dependent: {
            lastName: "Doe",
            firstName: "Sam",
            birthDate: "2016-06-01",
            relationship: "child" as const,
          },
        }
      : {};
  return { ...SUBSCRIBER, traceId, subscriber, ...dependent };
}

function build270(requests: readonly EligibilityRequest[]): string {
  return build270Interchange(requests, {
    interchangeSender: { qualifier: "ZZ", id: "CLAIMGATE" },
    interchangeReceiver: { qualifier: "ZZ", id: "SBXPAYER" },
    groupSender: "CLAIMGATE",
    groupReceiver: "SBXPAYER",
    usage: "T",
    controlNumbers: { isa: 5, gs: 5, st: 1 },
    date: "20260301",
    time: "0800",
    reference: "INQ-5",
    originatorId: "1741234567",
  }).text;
}

function answer(text270: string | Uint8Array): string {
  const text = answer270File(text270, {
    controlNumbers: { isa: 900, gs: 900, firstSt: 1 },
    date: "20260301",
    time: "0801",
    lineBreak: "\n",
  });
  if (text === undefined) throw new Error("no 271");
  return text;
}

function responses(text271: string): EligibilityResponse[] {
  return readInterchanges(text271).flatMap((i) =>
    i.groups.flatMap((g) => g.transactionSets.map((s) => read271(s, i.delimiters))),
  );
}

/** The summary whose TRN*2 echoes `trace`. */
function summaryFor(text271: string, trace: string): CoverageSummary {
  const found = responses(text271)
    .flatMap(coverageSummaries)
    .find((s) => s.trace === trace);
  if (found === undefined) throw new Error(`no answer for ${trace}`);
  return found;
}

const NAMES = ELIGIBILITY_SCENARIOS.map((s) => s.name);
const TEXT_270 = build270(NAMES.map((name) => requestFor(name, `T-${name}`)));
const TEXT_271 = answer(TEXT_270);

describe("sandbox eligibility scenarios: 270 → 271 → coverage summary", () => {
  it("the 271 validates against the 271 spec with no findings", () => {
    expect(validateFile(TEXT_270).findings).toEqual([]);
    const result = validateFile(TEXT_271);
    expect(result.findings).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("echoes the 270's BHT03, swaps the parties, answers every question once", () => {
    const [interchange] = readInterchanges(TEXT_271);
    expect(interchange?.sender.id.trim()).toBe("SBXPAYER");
    expect(interchange?.receiver.id.trim()).toBe("CLAIMGATE");
    expect(interchange?.groups[0]?.functionalId).toBe("HB");
    const [response] = responses(TEXT_271);
    expect(response?.reference).toBe("INQ-5");
    const traces = coverageSummaries(response!)
      .map((s) => s.trace)
      .filter(Boolean);
    expect(traces.sort()).toEqual(NAMES.map((n) => `T-${n}`).sort());
  });

  it("active: copay $25, deductible $500 with $200 remaining, coinsurance 20%", () => {
    const s = summaryFor(TEXT_271, "T-active");
    expect(s).toMatchObject({
      level: "subscriber",
      memberId: "SBX-ELIG-ACTIVE-0001",
      active: true,
      plan: SANDBOX_PLAN,
      group: "GRP-1",
      coverageFrom: "2026-01-01",
      coverageThrough: "2026-12-31",
      serviceTypes: [
        { code: "30", active: true },
        { code: "98", active: true },
      ],
      errors: [],
      otherPayers: [],
    });
    expect(s.copay).toEqual([
      expect.objectContaining({ amountCents: 2500, network: "in", serviceTypes: ["98"] }),
    ]);
    expect(s.deductible.map((d) => [d.basis, d.amountCents])).toEqual([
      ["total", 50000],
      ["remaining", 20000],
    ]);
    expect(s.coinsurance.map((c) => c.percent)).toEqual([20]);
  });

  it("inactive: EB*6, the plan year before the date of service", () => {
    const s = summaryFor(TEXT_271, "T-inactive");
    expect(s).toMatchObject({ active: false, coverageThrough: "2025-12-31", errors: [] });
    expect(s.serviceTypes).toEqual([{ code: "30", active: false }]);
  });

  it("not-found: AAA*N**75*C, no coverage status", () => {
    const s = summaryFor(TEXT_271, "T-not-found");
    expect(s.active).toBeUndefined();
    expect(s.errors).toEqual([
      expect.objectContaining({
        code: "75",
        followUp: "C",
        validRequest: false,
        location: "patient",
        message: expect.stringMatching(/no subscriber/),
      }),
    ]);
  });

  it("dependent: the dependent's level answers, coverage level DEP", () => {
    const s = summaryFor(TEXT_271, "T-dependent");
    expect(s).toMatchObject({ level: "dependent", active: true, plan: SANDBOX_PLAN });
    const [response] = responses(TEXT_271);
    const dependent = response?.members.find((m) => m.level === "dependent");
    expect(dependent?.member).toMatchObject({ entityCode: "03", name: "Doe", firstName: "Sam" });
    expect(dependent?.relationship).toBe("19");
    expect(dependent?.benefits[0]?.coverageLevel).toBe("DEP");
  });

  it("other-payer: active, with the other payer named by its 2120 NM1*PR", () => {
    const s = summaryFor(TEXT_271, "T-other-payer");
    expect(s.active).toBe(true);
    expect(s.otherPayers).toEqual([
      {
        entityCode: "PR",
        name: OTHER_PAYER.name,
        idQualifier: "PI",
        id: OTHER_PAYER.id,
        insuranceType: "C1",
        serviceTypes: ["30"],
        messages: ["OTHER PAYER IS PRIMARY"],
      },
    ]);
  });

  it("any other member id gets the active answer", () => {
    expect(eligibilityScenarioFor("XJD987654321").name).toBe("active");
    expect(eligibilityScenarioFor(undefined).name).toBe("active");
    expect(eligibilityScenarioFor("SBX-ELIG-NOTF-9").name).toBe("not-found");
  });
});

describe("sandbox answers the corpus 270s", () => {
  const dir = path.join(CORPUS, "270");
  it.each(readdirSync(dir))("%s gets a valid 271 that echoes its trace", (name) => {
    const content = readFileSync(path.join(dir, name));
    const text = answer(content);
    expect(validateFile(text).findings).toEqual([]);
    const [summary] = responses(text)
      .flatMap(coverageSummaries)
      .filter((s) => s.trace);
    expect(summary?.active).toBe(true);
  });

  it("gives nothing for a file without a 270", () => {
    const text271 = readFileSync(path.join(CORPUS, "271", "imsweb__x271.txt"));
    expect(
      answer270File(text271, {
        controlNumbers: { isa: 1, gs: 1, firstSt: 1 },
        date: "20260301",
        time: "0800",
      }),
    ).toBeUndefined();
  });
});

describe("build271", () => {
  const source = { entityType: "2" as const, name: "PAYER", idQualifier: "PI", id: "P1" };
  const receiver = {
    entityType: "2" as const,
    name: "CLINIC",
    idQualifier: "XX",
    id: "1234567893",
  };
  const options = { controlNumber: "0042", date: "20260301", time: "0900", repetition: "!" };

  it("writes EB03 repetitions with the given separator and EB07/EB08 exactly", () => {
    const built = build271(
      [
        {
          source,
          receiver,
          subscriber: {
            memberId: "M1",
            traces: [{ type: "2", number: "T1", originatorId: "1741234567" }],
            benefits: [
              { infoCode: "A", serviceTypes: ["30", "98"], percent: 0.07, amountCents: 12345 },
            ],
          },
        },
      ],
      options,
    );
    const eb = built.segments.find((s) => s.id === "EB");
    expect(eb?.elements).toEqual(["A", "", "30!98", "", "", "", "123.45", "0.07"]);
    expect(built.segments.at(-1)?.elements).toEqual([String(built.segments.length), "0042"]);
  });

  it("refuses no answers, a bad control number and a percent that is not a fraction", () => {
    const one = { source, receiver, subscriber: { benefits: [{ infoCode: "A", percent: 20 }] } };
    expect(() => build271([], options)).toThrow(/at least one answer/);
    expect(() => build271([one], { ...options, controlNumber: "1" })).toThrow(/ST02/);
    expect(() => build271([one], options)).toThrow(/EB08/);
  });
});
