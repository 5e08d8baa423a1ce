import { describe, expect, it } from "vitest";
import type { DemoSummary } from "../../../src/app/demo.js";
import { printDemoSummary } from "../../../src/cli/demo-report.js";

function summary(overrides: Partial<DemoSummary> = {}): DemoSummary {
  return {
    claims: 5,
    byState: { denied: 4, paid: 1 },
    asExpected: 5,
    filesSent: 1,
    acksReceived: 3,
    outcomes: [
      {
        state: "denied",
        scenario: "deny-authorization",
        owner: "authorization",
        reasonCode: "*-197",
        patientControlNumbers: ["A1", "A2", "A3", "A4"],
      },
      {
        state: "paid",
        scenario: "accept-pay",
        owner: null,
        reasonCode: null,
        patientControlNumbers: ["B1"],
      },
    ],
    totals: {
      postings: 5,
      chargedCents: 123_456_78,
      paidCents: 100_000_00,
      adjustedCents: 23_356_78,
      patientResponsibilityCents: 100_00,
      providerAdjustmentCents: -5,
    },
    balanced: true,
    clockHoursAhead: 0,
    stalledByClock: 0,
    seconds: 1.25,
    url: undefined,
    ...overrides,
  };
}

function printed(s: DemoSummary): string[] {
  const lines: string[] = [];
  printDemoSummary(s, (line) => lines.push(line));
  return lines;
}

describe("demo report", () => {
  it("lists each outcome with its owner, the CARC and at most three claims", () => {
    const line = printed(summary()).find((l) => l.includes("deny-authorization")) ?? "";
    expect(line).toContain("owner authorization, reason CARC 197");
    expect(line).toContain("A1, A2, A3 and 1 more");
    expect(printed(summary()).find((l) => l.includes("accept-pay"))).not.toContain("owner");
  });

  it("prints money as dollars and says whether the totals balance", () => {
    const lines = printed(summary());
    expect(lines.find((l) => l.trim().startsWith("charged "))).toContain("$123,456.78");
    expect(lines.find((l) => l.includes("provider-level"))).toContain("-$0.05");
    expect(lines.some((l) => l.endsWith(": balances"))).toBe(true);
    const off = printed(summary({ balanced: false }));
    expect(off.some((l) => l.endsWith("DOES NOT BALANCE"))).toBe(true);
  });

  it("says how far ahead the follow-up clock was run when it stalled claims", () => {
    const lines = printed(summary({ stalledByClock: 2, clockHoursAhead: 73 }));
    expect(lines.some((l) => l.includes("as of 73 h from now"))).toBe(true);
    expect(printed(summary()).some((l) => l.includes("h from now"))).toBe(false);
  });
});
