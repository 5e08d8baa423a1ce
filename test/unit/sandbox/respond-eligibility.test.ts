import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { coverageSummaries } from "../../../src/domain/coverage.js";
import type { EligibilityRequest } from "../../../src/domain/eligibility.js";
import { respondToFile } from "../../../src/sandbox/respond.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { eligibilityMemberIdFor } from "../../../src/sandbox/eligibility-scenarios.js";
import { build270Batch, build270Interchange } from "../../../src/x12/transactions/270-build.js";
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

/** A 270 file with one set per member id (ST02 0001..), as the gateway sends a batch. */
function batch270(memberIds: readonly string[]): string {
  return build270Batch(
    memberIds.map((memberId, i) => ({
      request: { ...base, traceId: `TR-${i + 1}`, subscriber: { ...base.subscriber, memberId } },
      reference: `REQ-${i + 1}`,
    })),
    {
      date: "20260301",
      time: "0900",
      originatorId: "9ACMECLINI",
      interchangeSender: { qualifier: "ZZ", id: "ACMECLINIC" },
      interchangeReceiver: { qualifier: "ZZ", id: "SANDBOXPAYER" },
      groupSender: "ACMECLINIC",
      groupReceiver: "SANDBOXPAYER",
      usage: "T",
      controlNumbers: { isa: 43, gs: 43 },
    },
  ).text;
}

function transactions(content: string) {
  return readInboundInterchange(readInterchanges(content)[0]!);
}

describe("the sandbox responder rejects or ignores a 270 by scenario", () => {
  it("reject-ta1: a TA1 R (note 006) for the interchange and nothing else", () => {
    const response = respondToFile(
      batch270([eligibilityMemberIdFor("active", "1"), eligibilityMemberIdFor("reject-ta1", "2")]),
      options(),
    );
    expect(response.files.map((f) => [f.name, f.kind])).toEqual([["TA1-000000301.x12", "TA1"]]);
    const { interchangeAcknowledgments } = transactions(response.files[0]!.content);
    expect(interchangeAcknowledgments).toEqual([
      expect.objectContaining({ controlNumber: "000000043", status: "R", noteCode: "006" }),
    ]);
  });

  it("reject-999 and silence: a 999 rejecting that set, a 271 for the sets left", () => {
    const response = respondToFile(
      batch270([
        eligibilityMemberIdFor("active", "1"),
        eligibilityMemberIdFor("reject-999", "2"),
        eligibilityMemberIdFor("silence", "3"),
        eligibilityMemberIdFor("inactive", "4"),
      ]),
      options(),
    );
    expect(response.files.map((f) => [f.name, f.kind])).toEqual([
      ["999-000000301.x12", "999"],
      ["271-000000304.x12", "271"],
    ]);
    const [ack] = transactions(response.files[0]!.content).transactions;
    if (ack?.kind !== "999") throw new Error("no 999");
    const [group] = ack.acknowledgment.groups;
    expect(group).toMatchObject({ controlNumber: "43", status: "P", acceptedSets: 3 });
    expect(group?.sets.map((s) => [s.controlNumber, s.status])).toEqual([
      ["0001", "A"],
      ["0002", "R"],
      ["0003", "A"],
      ["0004", "A"],
    ]);
    expect(group?.sets[1]?.segmentErrors).toEqual([
      expect.objectContaining({
        segmentId: "NM1",
        elementErrors: [expect.objectContaining({ position: 9, code: "I12" })],
      }),
    ]);
    const answers = transactions(response.files[1]!.content).transactions.flatMap((t) =>
      t.kind === "271" ? coverageSummaries(t.eligibility) : [],
    );
    expect(answers.map((a) => [a.reference, a.trace])).toEqual([
      ["REQ-1", "TR-1"],
      ["REQ-4", "TR-4"],
    ]);
  });

  it("only silent sets: no file at all (and no 999 from the 837 path)", () => {
    const response = respondToFile(batch270([eligibilityMemberIdFor("silence", "1")]), options());
    expect(response.files).toEqual([]);
    expect(response.unreadable).toBeUndefined();
  });
});
