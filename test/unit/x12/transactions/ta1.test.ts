import { describe, expect, it } from "vitest";
import {
  isInterchangeRejected,
  readInterchangeAcknowledgments,
  readTa1,
} from "../../../../src/x12/transactions/ta1.js";
import type { Interchange } from "../../../../src/x12/interchange.js";
import { DELIMS, expectReadFailure, segmentsOf } from "./helpers.js";

const ta1 = (text: string) => segmentsOf(text)[0]!;

describe("readTa1", () => {
  it("reads control number, date, time, status and note code", () => {
    const ack = readTa1(ta1("TA1*000000907*131031*1147*R*022"));
    expect(ack).toEqual({
      controlNumber: "000000907",
      date: "2013-10-31",
      time: "1147",
      status: "R",
      noteCode: "022",
      position: 1,
    });
    expect(isInterchangeRejected(ack)).toBe(true);
    expect(isInterchangeRejected(readTa1(ta1("TA1*1*131031*1147*A*000")))).toBe(false);
  });

  it("reads every TA1 of an interchange", () => {
    const interchange = {
      ta1: segmentsOf("TA1*1*200101*0101*A*000~TA1*2*200102*0202*E*026"),
      delimiters: DELIMS,
    } as unknown as Interchange;
    const acks = readInterchangeAcknowledgments(interchange);
    expect(acks.map((a) => [a.controlNumber, a.status, a.noteCode, a.position])).toEqual([
      ["1", "A", "000", 1],
      ["2", "E", "026", 2],
    ]);
  });

  it.each([
    ["TA1*1*201399*1147*A*000", "TA102"],
    ["TA1*1*131031*11h7*A*000", "TA103"],
    ["TA1*1*131031*1147*Z*000", "TA104"],
    ["TA1*1*131031*1147*A", "TA105"],
    ["TA1**131031*1147*A*000", "TA101"],
  ])("throws X12_READ_FAILED for %s naming %s", (text, where) => {
    expectReadFailure(() => readTa1(ta1(text)), where, 1);
  });

  it("refuses a segment that is not TA1", () => {
    expectReadFailure(() => readTa1(ta1("ISA*00")), "ISA", 1);
  });
});
