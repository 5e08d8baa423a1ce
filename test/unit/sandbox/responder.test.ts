import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { respondToFile } from "../../../src/sandbox/respond.js";
import type { RespondOptions, Response } from "../../../src/sandbox/respond.js";
import { TA1_REJECT_NOTE_CODE } from "../../../src/sandbox/scenarios.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import type { Interchange } from "../../../src/x12/interchange.js";
import { claimsAtPosition } from "../../../src/x12/transactions/837-batch.js";
import { batch837 } from "../../../src/x12/transactions/837-batch.js";
import { read999 } from "../../../src/x12/transactions/999.js";
import type { ImplementationAcknowledgment } from "../../../src/x12/transactions/999.js";
import { readInterchangeAcknowledgments } from "../../../src/x12/transactions/ta1.js";
import type { InterchangeAcknowledgment } from "../../../src/x12/transactions/ta1.js";
import { validateFile } from "../../../src/x12/validator.js";
import {
  CONTROL,
  GATEWAY_ID,
  SANDBOX_ID,
  example,
  professionalBatch,
  withScenario,
} from "./fixtures.js";

const NOW = new Date("2026-03-02T08:30:00Z");

function options(overrides: Partial<RespondOptions> = {}): RespondOptions {
  let next = 900;
  return { receiverIds: [SANDBOX_ID], controlNumbers: () => next++, now: () => NOW, ...overrides };
}

function only(interchanges: readonly Interchange[]): Interchange {
  expect(interchanges).toHaveLength(1);
  return interchanges[0]!;
}

/** The response's 999 (its one file holding an FA group) read back. */
function ack999Of(response: Response): { ack: ImplementationAcknowledgment; isa: Interchange } {
  const files = response.files.filter((f) => f.name.startsWith("999-"));
  expect(files).toHaveLength(1);
  const isa = only(readInterchanges(files[0]!.content));
  expect(validateFile(files[0]!.content).errors).toBe(0);
  const group = isa.groups[0]!;
  expect(group.functionalId).toBe("FA");
  expect(group.transactionSets).toHaveLength(1);
  return { ack: read999(group.transactionSets[0]!, isa.delimiters), isa };
}

function ta1Of(response: Response): InterchangeAcknowledgment {
  const files = response.files.filter((f) => f.name.startsWith("TA1-"));
  expect(files).toHaveLength(1);
  const isa = only(readInterchanges(files[0]!.content));
  expect(isa.groups).toEqual([]);
  expect([isa.sender.id, isa.receiver.id]).toEqual([SANDBOX_ID, GATEWAY_ID]);
  expect(isa.findings).toEqual([]);
  const acks = readInterchangeAcknowledgments(isa);
  expect(acks).toHaveLength(1);
  return acks[0]!;
}

describe("respondToFile: scenarios", () => {
  it("accepts every set of an all-accept batch: IK5 A, AK9 A, our control numbers echoed", () => {
    const batch = professionalBatch(["accept-pay", "accept-pay", "partial-pay", "silence"]);
    const response = respondToFile(Buffer.from(batch.text), options());
    // The 999 first; then the 277CA and the 835 of the accepted claims (remit-scenarios.test.ts).
    expect(response.files.map((f) => f.name)).toEqual([
      "999-000000900.x12",
      "277CA-000000903.x12",
      "835-000000907.x12",
    ]);
    const { ack, isa } = ack999Of(response);
    expect(isa.sender).toEqual({ qualifier: "ZZ", id: SANDBOX_ID });
    expect(isa.receiver).toEqual({ qualifier: "ZZ", id: GATEWAY_ID });
    expect(isa.groups[0]!.gs.elements.slice(1, 3)).toEqual(["SBXAPP", "CGAPP"]);
    const [group] = ack.groups;
    expect(ack.groups).toHaveLength(1);
    expect(group).toMatchObject({ functionalId: "HC", controlNumber: String(CONTROL.gs) });
    expect(group).toMatchObject({ status: "A", includedSets: 3, receivedSets: 3, acceptedSets: 3 });
    expect(group!.sets.map((s) => [s.controlNumber, s.status])).toEqual(
      batch.transactionSets.map((s) => [s.controlNumber, "A"]),
    );
    expect(group!.sets.flatMap((s) => s.segmentErrors)).toEqual([]);
  });

  it("takes ISA13, GS06 and ST02 from the sandbox's counter and the date from now()", () => {
    const response = respondToFile(professionalBatch(["accept-pay"]).text, options());
    const { ack, isa } = ack999Of(response);
    expect(isa.controlNumber).toBe("000000900");
    expect(isa.groups[0]!.controlNumber).toBe("901");
    expect(ack.controlNumber).toBe("0902");
    expect(isa.isa.elements.slice(8, 10)).toEqual(["260302", "0830"]);
    expect(isa.groups[0]!.gs.elements.slice(3, 5)).toEqual(["20260302", "0830"]);
  });

  it("rejects the set holding a reject-999 claim with an IK3 at that claim's CLM", () => {
    const batch = professionalBatch(["accept-pay", "reject-999", "accept-pay", "accept-pay"]);
    const rejectedSet = batch.transactionSets.find((s) =>
      s.claims.some((c) => c.patientControlNumber === "PCN-2026-0002"),
    )!;
    const response = respondToFile(batch.text, options());
    const group = ack999Of(response).ack.groups[0]!;
    const received = batch.transactionSets.length;
    expect(group).toMatchObject({ status: "P", receivedSets: received });
    expect(group.acceptedSets).toBe(received - 1);
    for (const set of group.sets) {
      const rejected = set.controlNumber === rejectedSet.controlNumber;
      expect(set.status).toBe(rejected ? "R" : "A");
      expect(set.segmentErrors.length).toBe(rejected ? 1 : 0);
    }
    const error = group.sets.find((s) => s.status === "R")!.segmentErrors[0]!;
    expect(error).toMatchObject({ segmentId: "CLM", loop: "2300", code: "8" });
    const claim = rejectedSet.claims.find((c) => c.patientControlNumber === "PCN-2026-0002")!;
    expect(error.position).toBeGreaterThanOrEqual(claim.segmentFrom);
    expect(error.position).toBeLessThanOrEqual(claim.segmentTo);
    expect(claimsAtPosition(rejectedSet, error.position)).toEqual([claim]);
    expect(error.contexts).toEqual([
      expect.objectContaining({ name: "CLM01", reference: "PCN-2026-0002" }),
    ]);
    expect(error.elementErrors).toEqual([expect.objectContaining({ position: 2, code: "I12" })]);
    expect(response.interchanges[0]!.scenarios).toContainEqual({
      claim: "PCN-2026-0002",
      scenario: "reject-999",
    });
  });

  it("answers AK9 R when every set is rejected", () => {
    const response = respondToFile(professionalBatch(["reject-999"]).text, options());
    const group = ack999Of(response).ack.groups[0]!;
    expect(group).toMatchObject({ status: "R", receivedSets: 1, acceptedSets: 0 });
    expect(group.sets[0]!.status).toBe("R");
  });

  it("rejects an 837I claim the same way", () => {
    const encounter = withScenario(example("institutional-outpatient.json"), "reject-999");
    const batch = batch837([{ encounter, submissionId: "SUBI1" }], {
      kind: "837i",
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
    });
    const set = ack999Of(respondToFile(batch.text, options())).ack.groups[0]!.sets[0]!;
    const claim = batch.transactionSets[0]!.claims[0]!;
    expect(set.status).toBe("R");
    expect(set.segmentErrors[0]!.position).toBeGreaterThanOrEqual(claim.segmentFrom);
    expect(set.segmentErrors[0]!.position).toBeLessThanOrEqual(claim.segmentTo);
  });

  it("rejects the whole interchange with a TA1 R (note code) and no 999 for a reject-ta1 claim", () => {
    const batch = professionalBatch(["accept-pay", "reject-ta1"]);
    const response = respondToFile(batch.text, options());
    expect(response.files).toHaveLength(1);
    const ta1 = ta1Of(response);
    expect(ta1).toMatchObject({
      controlNumber: "000123456",
      date: "2026-03-01",
      time: "1200",
      status: "R",
      noteCode: TA1_REJECT_NOTE_CODE,
    });
    expect(response.interchanges[0]).toMatchObject({ ta1: "R", sets: [] });
  });

  it("sends a TA1 A and the 999 in separate files when ISA14 asks for a TA1", () => {
    const batch = professionalBatch(["accept-pay"], { acknowledgmentRequested: "1" });
    const response = respondToFile(batch.text, options());
    expect(response.files.map((f) => f.kind)).toEqual(["TA1", "999", "277CA", "835"]);
    expect(ta1Of(response)).toMatchObject({ status: "A", noteCode: "000" });
    expect(ack999Of(response).ack.groups[0]!.status).toBe("A");
  });

  it("rejects an interchange addressed to another receiver with TA1 R 008", () => {
    const response = respondToFile(
      professionalBatch(["accept-pay"]).text,
      options({ receiverIds: ["SOMEONEELSE"] }),
    );
    expect(ta1Of(response)).toMatchObject({ status: "R", noteCode: "008" });
    expect(response.files).toHaveLength(1);
  });

  it("answers any receiver when no receiver ids are configured", () => {
    const response = respondToFile(
      professionalBatch(["accept-pay"]).text,
      options({ receiverIds: [] }),
    );
    expect(ack999Of(response).ack.groups[0]!.status).toBe("A");
  });
});

describe("respondToFile: malformed input", () => {
  const text = professionalBatch(["accept-pay"]).text;

  it("rejects a bad envelope (IEA02 differs from ISA13) with the validator's TA1 note", () => {
    const bad = text.replace(/IEA\*1\*000123456~$/, "IEA*1*000123457~");
    expect(bad).not.toBe(text);
    const response = respondToFile(bad, options());
    expect(ta1Of(response)).toMatchObject({ status: "R", noteCode: "001" });
    expect(response.files).toHaveLength(1);
  });

  it("rejects a set whose SE01 count is wrong with IK5 R and its IK502 code", () => {
    const bad = text.replace(/SE\*(\d+)\*0007~/, (_m, n: string) => `SE*${Number(n) + 1}*0007~`);
    expect(bad).not.toBe(text);
    const set = ack999Of(respondToFile(bad, options())).ack.groups[0]!.sets[0]!;
    expect(set).toMatchObject({ controlNumber: "0007", status: "R" });
    expect(set.errorCodes).toContain("4");
  });

  it("rejects a set with a missing required segment per the validator", () => {
    const bad = text.replace(/~CLM\*[^~]*~/, "~");
    const group = ack999Of(respondToFile(bad, options())).ack.groups[0]!;
    expect(group.status).toBe("R");
    expect(group.sets[0]!.segmentErrors.length).toBeGreaterThan(0);
  });

  it("answers nothing, with a code, for input that is not X12", () => {
    const response = respondToFile(Buffer.from("hello, this is not an interchange"), options());
    expect(response.files).toEqual([]);
    expect(response.unreadable).toBe("X12_NOT_INTERCHANGE");
  });

  it("never throws on truncated or mutated files, and each file it writes reads back", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: text.length }),
        fc.nat({ max: text.length - 1 }),
        fc.constantFrom("", "*", "~", "X", ":", "^"),
        (cut, at, put) => {
          const mutated = (text.slice(0, at) + put + text.slice(at + 1)).slice(0, cut);
          const response = respondToFile(mutated, options());
          for (const file of response.files) {
            expect(readInterchanges(file.content).length).toBe(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
