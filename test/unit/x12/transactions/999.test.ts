import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import { isSetRejected, read999 } from "../../../../src/x12/transactions/999.js";
import type { ImplementationAcknowledgment } from "../../../../src/x12/transactions/999.js";
import { CORPUS, expectReadFailure, setOf } from "./helpers.js";

const DIR = path.join(CORPUS, "999");

function only(name: string): ImplementationAcknowledgment {
  const acks: ImplementationAcknowledgment[] = [];
  for (const interchange of readInterchanges(readFileSync(path.join(DIR, name)))) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets) acks.push(read999(set, interchange.delimiters));
    }
  }
  expect(acks).toHaveLength(1);
  return acks[0]!;
}

describe("read999 on the corpus", () => {
  it.each(readdirSync(DIR))("reads %s with one group and one set", (name) => {
    const ack = only(name);
    expect(ack.groups).toHaveLength(1);
    expect(ack.groups[0]!.sets).toHaveLength(1);
  });

  it("accepted: IK5 A and AK9 A with counts 1/1/1", () => {
    const group = only("imsweb__x12_999_accepted.txt").groups[0]!;
    expect(group).toMatchObject({
      functionalId: "HC",
      controlNumber: "17456",
      version: "005010X223A2",
      status: "A",
      includedSets: 1,
      receivedSets: 1,
      acceptedSets: 1,
    });
    expect(group.sets[0]).toMatchObject({ setId: "837", controlNumber: "0001", status: "A" });
    expect(group.sets[0]!.segmentErrors).toEqual([]);
  });

  it("rejected: IK5 R with code 5, IK3 NM1 at position 17 with code 1, AK9 R 1/1/0", () => {
    const group = only("imsweb__x12_999_rejected.txt").groups[0]!;
    expect(group).toMatchObject({ controlNumber: "28", status: "R", acceptedSets: 0 });
    const set = group.sets[0]!;
    expect(set).toMatchObject({ controlNumber: "0028", status: "R", errorCodes: ["5"] });
    expect(set.guide).toBeUndefined();
    expect(isSetRejected(set.status)).toBe(true);
    expect(set.segmentErrors).toEqual([
      {
        segmentId: "NM",
        position: 17,
        loop: undefined,
        code: "1",
        contexts: [],
        elementErrors: [],
      },
    ]);
  });
});

const TWO_SETS = [
  "ST*999*0007*005010X231A1",
  "AK1*HC*1234*005010X222A1",
  "AK2*837*0001*005010X222A1",
  "IK5*A",
  "AK2*837*0002*005010X222A1",
  "IK3*CLM*22*2300*8",
  "CTX*CLM01:PCN-778",
  "IK4*2*1028*8",
  "IK4*5:3*1331*7*ZZ",
  "CTX*SITUATIONAL TRIGGER*REF*25*2300",
  "IK3*NM1*40**3",
  "IK5*R*5*4",
  "AK9*P*2*2*1",
  "SE*14*0007",
].join("~");

describe("read999", () => {
  const ack = read999(setOf(TWO_SETS), setOfDelims());

  it("reads the group response and its AK9 counts", () => {
    expect(ack.controlNumber).toBe("0007");
    expect(ack.groups).toHaveLength(1);
    const group = ack.groups[0]!;
    expect(group).toMatchObject({
      functionalId: "HC",
      controlNumber: "1234",
      version: "005010X222A1",
      status: "P",
      includedSets: 2,
      receivedSets: 2,
      acceptedSets: 1,
      errorCodes: [],
    });
  });

  it("keeps each set's status, codes and guide", () => {
    const [first, second] = ack.groups[0]!.sets;
    expect(first).toMatchObject({ setId: "837", controlNumber: "0001", status: "A" });
    expect(first!.segmentErrors).toEqual([]);
    expect(second).toMatchObject({ controlNumber: "0002", status: "R", errorCodes: ["5", "4"] });
    expect(isSetRejected(first!.status)).toBe(false);
    expect(isSetRejected(second!.status)).toBe(true);
  });

  it("nests IK4 element errors and CTX contexts under their IK3", () => {
    const errors = ack.groups[0]!.sets[1]!.segmentErrors;
    expect(errors).toHaveLength(2);
    const clm = errors[0]!;
    expect(clm).toMatchObject({ segmentId: "CLM", position: 22, loop: "2300", code: "8" });
    expect(clm.contexts).toEqual([
      {
        name: "CLM01",
        reference: "PCN-778",
        segmentId: undefined,
        position: undefined,
        loop: undefined,
      },
    ]);
    expect(clm.elementErrors).toHaveLength(2);
    expect(clm.elementErrors[0]).toMatchObject({ position: 2, ref: "1028", code: "8" });
    expect(clm.elementErrors[0]!.component).toBeUndefined();
    expect(clm.elementErrors[1]).toMatchObject({
      position: 5,
      component: 3,
      ref: "1331",
      code: "7",
    });
    expect(clm.elementErrors[1]!.contexts).toEqual([
      {
        name: "SITUATIONAL TRIGGER",
        reference: undefined,
        segmentId: "REF",
        position: 25,
        loop: "2300",
      },
    ]);
    expect(errors[1]).toMatchObject({ segmentId: "NM1", position: 40, code: "3" });
    expect(errors[1]!.loop).toBeUndefined();
  });

  it("reads several AK1 groups apart", () => {
    const text = "ST*999*1~AK1*HC*1~AK2*837*1~IK5*E~AK9*E*1*1*1~AK1*HS*2~AK9*A*0*0*0~SE*8*1";
    const groups = read999(setOf(text), setOfDelims()).groups;
    expect(groups.map((g) => [g.functionalId, g.status, g.sets.length])).toEqual([
      ["HC", "E", 1],
      ["HS", "A", 0],
    ]);
  });

  it("throws X12_READ_FAILED naming IK302 for a non-numeric segment position", () => {
    const text = "ST*999*1~AK1*HC*1~AK2*837*1~IK3*CLM*SECRET9~IK5*R~AK9*R*1*1*0~SE*7*1";
    expectReadFailure(() => read999(setOf(text), setOfDelims()), "IK302", 4, "SECRET9");
  });

  it("throws when IK501 is not an acknowledgment code", () => {
    const text = "ST*999*1~AK1*HC*1~AK2*837*1~IK5*Q~AK9*R*1*1*0~SE*6*1";
    expectReadFailure(() => read999(setOf(text), setOfDelims()), "IK501", 4);
  });

  it("throws when an AK2 loop has no IK5", () => {
    const text = "ST*999*1~AK1*HC*1~AK2*837*1~AK9*R*1*1*0~SE*5*1";
    expectReadFailure(() => read999(setOf(text), setOfDelims()), "AK9", 4);
  });

  it("throws when AK903 is missing", () => {
    const text = "ST*999*1~AK1*HC*1~AK9*A*1~SE*4*1";
    expectReadFailure(() => read999(setOf(text), setOfDelims()), "AK903", 3);
  });

  it("refuses a set that is not a 999", () => {
    expectReadFailure(() => read999(setOf("ST*835*1~SE*2*1"), setOfDelims()), "ST01", 1);
  });
});

function setOfDelims() {
  return { element: "*", repetition: "^", component: ":", segment: "~" } as const;
}
