import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { coverageSummaries } from "../../../src/domain/coverage.js";
import type { EligibilityRequest } from "../../../src/domain/eligibility.js";
import { respondToFile } from "../../../src/sandbox/respond.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { build270Interchange } from "../../../src/x12/transactions/270-build.js";
import { readInboundInterchange } from "../../../src/x12/transactions/inbound.js";

const base = JSON.parse(
  readFileSync(
    new URL("../../../schemas/examples/eligibility/subscriber.json", import.meta.url),
    "utf8",
  ),
) as EligibilityRequest;

function file270(memberId: string, traceId: string): string {
  return build270Interchange([{ ...base, traceId, subscriber: { ...base.subscriber, memberId } }], {
    reference: "REF-1",
    date: "20260301",
    time: "0900",
    originatorId: "9ACMECLINI",
    interchangeSender: { qualifier: "ZZ", id: "ACMECLINIC" },
    interchangeReceiver: { qualifier: "ZZ", id: "SANDBOXPAYER" },
    groupSender: "ACMECLINIC",
    groupReceiver: "SANDBOXPAYER",
    usage: "T",
    controlNumbers: { isa: 42, gs: 42, st: 1 },
  }).text;
}

function options() {
  let n = 300;
  return {
    receiverIds: ["SANDBOXPAYER"],
    controlNumbers: () => ++n,
    now: () => new Date("2026-03-01T09:05:00Z"),
  };
}

describe("the sandbox responder answers a 270 file", () => {
  it("with one 271 file named by its own ISA13, parties swapped, echoing the trace", () => {
    const response = respondToFile(file270("SBX-ELIG-INACT-7", "TR-7"), options());
    expect(response.files.map((f) => [f.name, f.kind])).toEqual([["271-000000301.x12", "271"]]);
    const [interchange] = readInterchanges(response.files[0]!.content);
    expect(interchange?.sender.id.trim()).toBe("SANDBOXPAYER");
    expect(interchange?.receiver.id.trim()).toBe("ACMECLINIC");
    expect(interchange?.controlNumber).toBe("000000301");
    const [t] = readInboundInterchange(interchange!).transactions;
    if (t?.kind !== "271") throw new Error("no 271");
    const [summary] = coverageSummaries(t.eligibility);
    expect(summary).toMatchObject({ trace: "TR-7", reference: "REF-1", active: false });
    expect(response.interchanges).toEqual([
      { controlNumber: "000000042", sets: [], scenarios: [] },
    ]);
  });

  it("per the member id's scenario (active vs not found)", () => {
    const active = respondToFile(file270("SBX-ELIG-ACTIVE-1", "TR-A"), options());
    const notFound = respondToFile(file270("SBX-ELIG-NOTF-1", "TR-N"), options());
    const summary = (r: typeof active) => {
      const [t] = readInboundInterchange(readInterchanges(r.files[0]!.content)[0]!).transactions;
      if (t?.kind !== "271") throw new Error("no 271");
      return coverageSummaries(t.eligibility)[0];
    };
    expect(summary(active)?.active).toBe(true);
    expect(summary(notFound)?.active).toBeUndefined();
    expect(summary(notFound)?.errors.map((e) => e.code)).toEqual(["75"]);
  });
});
