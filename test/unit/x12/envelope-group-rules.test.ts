/**
 * GS rules of the envelope reader, each with a small hand-made file in envelope-fixtures/:
 * GS05 is a time, GS06 is unique within the interchange, and each set's ST01 belongs under
 * the group's GS01. The 999 built from each carries the code the finding maps to.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { build999, sequentialControlNumbers } from "../../../src/x12/ack.js";
import { envelopeFindings, readInterchanges } from "../../../src/x12/envelope.js";
import { functionalIdOf, isGroupTime } from "../../../src/x12/group-rules.js";
import { tokenize } from "../../../src/x12/tokenizer.js";
import { validateFile } from "../../../src/x12/validator.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string =>
  readFileSync(path.join(here, "envelope-fixtures", name), "latin1");

/** "CODE@SEGMENT<element> pos <position>" of every envelope finding of the file. */
function envelopeOf(text: string): string[] {
  return readInterchanges(text)
    .flatMap(envelopeFindings)
    .map((f) => `${f.code}@${f.segment}${f.element ?? ""} pos ${f.position}`);
}

/** The 999's AK9 and IK5 lines for the file. */
function ackLines(text: string): string[] {
  const options = { controlNumbers: sequentialControlNumbers(), date: "20260101", time: "1200" };
  return tokenize(build999(validateFile(text), options))
    .toArray()
    .filter((s) => s.id === "AK9" || s.id === "IK5")
    .map((s) => [s.id, ...s.elements].join("*"));
}

describe("GS05 is a time", () => {
  it.each(["1230", "0000", "2359", "235959", "1230591", "12305912"])("accepts %s", (time) => {
    expect(isGroupTime(time)).toBe(true);
  });

  it.each(["", "123", "2400", "1260", "123060", "1230a9", "123059123", "12:30"])(
    "rejects %j",
    (time) => {
      expect(isGroupTime(time)).toBe(false);
    },
  );

  it("reports GS05 1275 (75 minutes) as an invalid GS segment, and the 999 rejects the group", () => {
    const text = fixture("gs05-invalid-time.x12");
    expect(envelopeOf(text)).toEqual(["ENVELOPE_GS05_INVALID@GS5 pos 2"]);
    const gs05 = readInterchanges(text)[0]!.groups[0]!.findings[0]!;
    expect(gs05).toMatchObject({ severity: "error", ta1: "024" });
    expect(ackLines(text)).toEqual(["IK5*A", "AK9*R*1*1*0"]);
  });
});

describe("GS06 is unique within the interchange", () => {
  it("reports the second group with GS06 7 (AK905 19), not the first", () => {
    const text = fixture("gs06-duplicate.x12");
    expect(envelopeOf(text)).toEqual(["ENVELOPE_GS06_DUPLICATE@GS6 pos 8"]);
    expect(ackLines(text)).toEqual(["IK5*A", "AK9*A*1*1*1", "IK5*A", "AK9*R*1*1*0*19"]);
  });

  it("does not compare across interchanges", () => {
    const one = fixture("gs05-invalid-time.x12").replace("*1275*", "*1230*");
    expect(envelopeOf(one + one)).toEqual([]);
  });
});

describe("ST01 belongs under GS01", () => {
  it("reports a 999 in an HC (837) group on its ST (IK502 6)", () => {
    const text = fixture("gs01-st01-mismatch.x12");
    expect(envelopeOf(text)).toEqual(["ENVELOPE_GS01_MISMATCH@ST1 pos 1"]);
    expect(ackLines(text)).toEqual(["IK5*R*6", "AK9*R*1*1*0"]);
  });

  it("knows the health care pairs and leaves other set ids alone", () => {
    const pairs = ["837", "835", "270", "271", "276", "277", "999"].map((id) => functionalIdOf(id));
    expect(pairs).toEqual(["HC", "HP", "HS", "HB", "HR", "HN", "FA"]);
    expect(functionalIdOf("850")).toBeUndefined();
    const purchaseOrder = fixture("gs01-st01-mismatch.x12").replace("ST*999", "ST*850");
    expect(envelopeOf(purchaseOrder)).toEqual([]);
  });
});
