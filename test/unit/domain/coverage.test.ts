import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  FOLLOW_UP_ACTIONS,
  REJECT_REASONS,
  coverageSummaries,
  coverageSummary,
  toEligibilityResult,
} from "../../../src/domain/coverage.js";
import type { CoverageSummary } from "../../../src/domain/coverage.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { loadSpec } from "../../../src/x12/spec/registry.js";
import type { SpecNode } from "../../../src/x12/spec/types.js";
import { read271 } from "../../../src/x12/transactions/271.js";
import type { EligibilityResponse } from "../../../src/x12/transactions/271.js";
import { CORPUS, DELIMS, setOf } from "../x12/transactions/helpers.js";

function sample(name: string): EligibilityResponse {
  const [interchange] = readInterchanges(readFileSync(path.join(CORPUS, "271", name)));
  const set = interchange!.groups[0]!.transactionSets[0]!;
  return read271(set, interchange!.delimiters);
}

/** The ten service types of the linuxforhealth samples' second EB*1 and their copays. */
const SERVICE_TYPES = ["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"];

function copay(amountCents: number, network: "in" | "out") {
  return {
    serviceTypes: SERVICE_TYPES,
    network,
    basis: "total",
    timePeriod: "27",
    amountCents,
    planDescription: "GOLD 123 PLAN",
    messages: [],
  };
}

const NO_COST_SHARES = { coinsurance: [], deductible: [], outOfPocket: [], otherPayers: [] };

describe("coverageSummary on the corpus 271s", () => {
  it("subscriber: active Gold 123 plan from 2006-01-01, $10 in / $30 out of network copays", () => {
    const summaries = coverageSummaries(
      sample("linuxforhealth__subscriber-health-benefit-check.271"),
    );
    expect(summaries).toEqual([
      {
        level: "subscriber",
        reference: "10001234",
        trace: "93175-012547",
        memberId: "123456789",
        active: true,
        serviceTypes: [
          { code: "30", active: true },
          ...SERVICE_TYPES.map((code) => ({ code, active: true })),
        ],
        plan: "GOLD 123 PLAN",
        coverageFrom: "2006-01-01",
        copay: [copay(1000, "in"), copay(3000, "out")],
        ...NO_COST_SHARES,
        errors: [],
      },
    ]);
  });

  it("dependent: the subscriber level has no status, the dependent carries the answer", () => {
    const [subscriber, dependent] = coverageSummaries(
      sample("linuxforhealth__dependent-health-benefit-check.271"),
    );
    expect(subscriber).toMatchObject({ level: "subscriber", memberId: "123456789" });
    expect(subscriber?.active).toBeUndefined();
    expect(subscriber?.trace).toBeUndefined();
    expect(dependent).toMatchObject({
      level: "dependent",
      trace: "93175-012547",
      active: true,
      plan: "GOLD 123 PLAN",
      coverageFrom: "2006-01-01",
      copay: [copay(1000, "in"), copay(3000, "out")],
    });
    expect(dependent?.memberId).toBeUndefined();
  });

  it("error: AAA*Y**50*N at the provider level, no subscriber answered", () => {
    const summaries = coverageSummaries(
      sample("linuxforhealth__subscriber-health-benefit-check-error.271"),
    );
    expect(summaries).toEqual([
      {
        reference: "10001234",
        active: undefined,
        serviceTypes: [],
        copay: [],
        ...NO_COST_SHARES,
        errors: [
          {
            code: "50",
            followUp: "N",
            validRequest: true,
            location: "provider",
            message: REJECT_REASONS["50"],
            action: FOLLOW_UP_ACTIONS.N,
          },
        ],
      },
    ]);
    expect(summaries[0]?.errors[0]?.message).toMatch(/provider may not send/);
  });

  it("imsweb: active, plan, primary care provider in LS/LE is not another payer", () => {
    const [summary] = coverageSummaries(sample("imsweb__x271.txt"));
    expect(summary).toMatchObject({
      level: "subscriber",
      trace: "93175-012547",
      memberId: "123456789",
      active: true,
      serviceTypes: [{ code: "30", active: true }],
      plan: "GOLD 123 PLAN",
      coverageFrom: "2006-01-01",
      otherPayers: [],
    });
  });
});

const SYNTHETIC = `ST*271*0001*005010X279A1~BHT*0022*11*REF1*20260301*0930~
HL*1**20*1~NM1*PR*2*PAYER*****PI*P1~HL*2*1*21*1~NM1*1P*2*CLINIC*****XX*1234567893~
HL*3*2*22*0~TRN*2*T-9*1741234567~NM1*IL*1*DOE*JANE****MI*M1~REF*6P*G-77~REF*18*PLAN-9~
DTP*291*RD8*20260101-20261231~
EB*6**30~EB*1**98^33~EB*R**30*MB~LS*2120~NM1*PR*2*MEDICARE*****PI*MCR1~LE*2120~
EB*A*IND*98**SILVER*23**.07****Y~EB*C*FAM*30***29*200.5*****N~MSG*FAMILY REMAINING~
EB*G*IND*30***23*-5~EB*F**98~AAA*Y**57*C~SE*20*0001~`;

describe("coverageSummary rules (synthetic 271)", () => {
  const member = read271(setOf(SYNTHETIC.replaceAll("\n", "")), DELIMS).members[0]!;
  const summary = coverageSummary(member);

  it("plan status from the service type 30 EB, even when another type is active", () => {
    expect(summary.active).toBe(false);
    expect(summary.serviceTypes).toEqual([
      { code: "30", active: false },
      { code: "98", active: true },
      { code: "33", active: true },
    ]);
    expect(summary.insuranceType).toBeUndefined();
    expect(summary.plan).toBe("PLAN-9");
    expect(summary.group).toBe("G-77");
    expect([summary.coverageFrom, summary.coverageThrough]).toEqual(["2026-01-01", "2026-12-31"]);
  });

  it("cost shares: percent in points, remaining vs total, network, exact cents", () => {
    expect(summary.coinsurance).toEqual([
      {
        serviceTypes: ["98"],
        coverageLevel: "IND",
        network: "in",
        basis: "total",
        timePeriod: "23",
        percent: 7,
        planDescription: "SILVER",
        messages: [],
      },
    ]);
    expect(summary.deductible).toEqual([
      {
        serviceTypes: ["30"],
        coverageLevel: "FAM",
        network: "out",
        basis: "remaining",
        timePeriod: "29",
        amountCents: 20050,
        messages: ["FAMILY REMAINING"],
      },
    ]);
    expect(summary.outOfPocket[0]).toMatchObject({ amountCents: -500, basis: "total" });
    expect(summary.copay).toEqual([]);
  });

  it("other payer from EB*R and its 2120 NM1*PR; benefit AAA located at the benefit", () => {
    expect(summary.otherPayers).toEqual([
      {
        entityCode: "PR",
        name: "MEDICARE",
        idQualifier: "PI",
        id: "MCR1",
        insuranceType: "MB",
        serviceTypes: ["30"],
        messages: [],
      },
    ]);
    expect(summary.errors).toEqual([
      {
        code: "57",
        followUp: "C",
        validRequest: true,
        location: "benefit",
        message: REJECT_REASONS["57"],
        action: FOLLOW_UP_ACTIONS.C,
      },
    ]);
  });
});

describe("toEligibilityResult", () => {
  const base: CoverageSummary = {
    active: true,
    serviceTypes: [],
    copay: [],
    coinsurance: [],
    deductible: [],
    outOfPocket: [],
    otherPayers: [],
    errors: [],
    coverageFrom: "2026-01-01",
  };

  it("carries active and the coverage dates for the scrubber", () => {
    expect(toEligibilityResult(base, "K|DOE|JANE|1980-01-01", "P1")).toEqual({
      patientKey: "K|DOE|JANE|1980-01-01",
      payerId: "P1",
      active: true,
      coverageFrom: "2026-01-01",
    });
    expect(toEligibilityResult({ ...base, active: false }, "K", "P1")?.active).toBe(false);
  });

  it("gives nothing for an answer without a coverage status", () => {
    expect(toEligibilityResult({ ...base, active: undefined }, "K", "P1")).toBeUndefined();
  });
});

/** Every code the 271 spec allows in `element` of any AAA segment. */
function aaaCodes(nodes: readonly SpecNode[], element: string, out = new Set<string>()) {
  for (const node of nodes) {
    if ("loop" in node) aaaCodes(node.children, element, out);
    else if ("segment" in node && node.segment === "AAA") {
      for (const code of node.elements.find((e) => e.ref === element)?.codes ?? []) out.add(code);
    }
  }
  return out;
}

describe("AAA messages", () => {
  const spec = loadSpec("005010X279A1", "271");
  const nodes = [...spec.children, ...Object.values(spec.definitions ?? {})];

  it("every reject reason code of the 271 spec has a plain-language message", () => {
    const codes = [...aaaCodes(nodes, "AAA03")];
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code) => REJECT_REASONS[code] === undefined)).toEqual([]);
  });

  it("every follow-up action code of the 271 spec has a plain-language action", () => {
    const codes = [...aaaCodes(nodes, "AAA04")];
    expect(codes.filter((code) => FOLLOW_UP_ACTIONS[code] === undefined)).toEqual([]);
  });

  it("an unknown code still gets a message naming the code", () => {
    const errors = coverageSummary({
      ...read271(setOf(SYNTHETIC.replaceAll("\n", "")), DELIMS).members[0]!,
      benefits: [],
      errors: [{ position: 9, validRequest: false, code: "ZZ", followUp: "Q" }],
    }).errors;
    expect(errors[0]).toMatchObject({ location: "patient", validRequest: false });
    expect(errors[0]?.message).toContain("ZZ");
    expect(errors[0]?.action).toContain("Q");
  });
});
