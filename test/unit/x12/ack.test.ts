import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ack999Body, buildTA1, build999, sequentialControlNumbers } from "../../../src/x12/ack.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { tokenize } from "../../../src/x12/tokenizer.js";
import { validateFile, validateInterchanges } from "../../../src/x12/validator.js";
import { corpusFiles } from "../../support/corpus.js";

const example1 = readFileSync(
  corpusFiles().find((f) => f.relative.endsWith("linuxforhealth__demo.example1.837"))!.path,
  "latin1",
);

const options = () => ({
  controlNumbers: sequentialControlNumbers(),
  date: "20260101",
  time: "1200",
});

/** The acknowledgment text for an input, and its segments as "ID*el*el" lines. */
function ack(input: string): { text: string; lines: string[] } {
  const text = build999(validateFile(input), options());
  return {
    text,
    lines: tokenize(text)
      .toArray()
      .map((s) => [s.id, ...s.elements].join("*")),
  };
}

/** The ST..SE block of example1, and the text around it. */
function splitSet(text: string): { head: string; set: string; tail: string } {
  const st = text.indexOf("ST*837");
  const ge = text.indexOf("GE*");
  return { head: text.slice(0, st), set: text.slice(st, ge), tail: text.slice(ge) };
}

/** Position (ST = 1) of the first segment of a set starting with `prefix`. */
function positionOf(set: string, prefix: string): number {
  const segments = set.split("~").map((s) => s.trim());
  return segments.findIndex((s) => s.startsWith(prefix)) + 1;
}

describe("999 for a valid 837", () => {
  it("accepts the set and the group (IK5*A, AK9*A*1*1*1)", () => {
    const { lines } = ack(example1);
    const body = lines.slice(lines.indexOf("ST*999*0001*005010X231A1"));
    expect(body.slice(0, 6)).toEqual([
      "ST*999*0001*005010X231A1",
      "AK1*HC*1*005010X222A2",
      "AK2*837*0021*005010X222A2",
      "IK5*A",
      "AK9*A*1*1*1",
      "SE*6*0001",
    ]);
  });

  it("answers from the receiver to the sender, in an FA group, with a TA1 when ISA14 asks", () => {
    const { lines } = ack(example1);
    expect(lines[0]).toMatch(/^ISA\*00\* {10}\*00\* {10}\*30\*12345 {10}\*30\*000000005 {6}\*/);
    expect(lines[1]).toBe("TA1*000000907*131031*1147*A*000");
    expect(lines[2]).toBe("GS*FA*54321*000000005*20260101*1200*1*X*005010X231A1");
  });

  it("writes a 999 our own validator finds clean against the 999 spec", () => {
    const { text } = ack(example1);
    const back = validateFile(text);
    expect(back.findings).toEqual([]);
    expect(back.interchanges[0]!.groups[0]!.sets[0]!.spec?.guide).toBe("005010X231A1");
  });
});

describe("999 for a broken claim", () => {
  const { head, set, tail } = splitSet(example1);

  it("gives an IK3 at the claim's CLM position with the claim's CTX and IK4, IK5*R, AK9*R", () => {
    const broken = set.replace("CLM*26463774*100.00***11:B:1*", "CLM*26463774*100.00***11:B:9*");
    const { lines } = ack(head + broken + tail);
    const clm = positionOf(set, "CLM*");
    const start = lines.indexOf("AK2*837*0021*005010X222A2");
    expect(lines.slice(start + 1, start + 6)).toEqual([
      `IK3*CLM*${clm}*2300*8`,
      "CTX*CLM01:26463774",
      "IK4*5:3**7",
      "IK5*R*5",
      "AK9*R*1*1*0",
    ]);
  });

  it("reports a missing required element as IK403 1 and never copies bad data (no IK404)", () => {
    const broken = set.replace("SV1*HC:87070*15.00*UN*1.00***1", "SV1*HC:87070**UN*1.00***1");
    const { lines } = ack(head + broken + tail);
    const sv1 = positionOf(set, "SV1*HC:87070");
    expect(lines).toContain(`IK3*SV1*${sv1}*2400*8`);
    expect(lines).toContain("IK4*2**1");
    expect(lines.filter((l) => l.startsWith("IK4")).every((l) => l.split("*").length === 4)).toBe(
      true,
    );
  });

  it("marks the group P when one set of two is rejected, counting included, received, accepted", () => {
    const second = set.replaceAll("0021", "0022").replace("*11:B:1*", "*11:B:9*");
    const { lines } = ack(head + set + second + tail.replace("GE*1*", "GE*2*"));
    expect(lines.filter((l) => l.startsWith("IK5"))).toEqual(["IK5*A", "IK5*R*5"]);
    expect(lines).toContain("AK9*P*2*2*1");
  });

  it("reports a segment-level problem with its IK304 and no IK4", () => {
    const broken = set.replace("PAT*19~", "PAT*19~ZZZ*1~");
    const input = head + broken.replace("SE*40*", "SE*41*") + tail;
    const { lines } = ack(input);
    const zzz = positionOf(broken, "ZZZ");
    const at = lines.indexOf(`IK3*ZZZ*${zzz}*2000*1`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe("IK5*R*5");
  });

  it("leaves business edits (claim total) out of the 999", () => {
    const broken = set.replace("CLM*26463774*100.00*", "CLM*26463774*100.01*");
    const input = head + broken + tail;
    expect(validateFile(input).findings.map((f) => f.code)).toEqual(["CLAIM_TOTAL_MISMATCH"]);
    expect(ack(input).lines).toContain("AK9*A*1*1*1");
  });

  it("accepts with errors noted (IK5*E, AK9*E) when only warnings are found", () => {
    const broken = set.replace("HL*2*1*22*1", "HL*2*1*22*0");
    const { lines } = ack(head + broken + tail);
    expect(lines).toContain(`IK3*HL*${positionOf(set, "HL*2")}*2000*8`);
    expect(lines).toContain("IK4*4**7");
    expect(lines).toContain("IK5*E*5");
    expect(lines).toContain("AK9*E*1*1*1");
  });

  it("carries envelope set codes into IK5 (SE01 wrong: IK502 4)", () => {
    const broken = set.replace("SE*40*", "SE*39*");
    const { lines } = ack(head + broken + tail);
    expect(lines).toContain("IK5*R*4");
    expect(lines).toContain("AK9*R*1*1*0");
  });

  it("carries group envelope codes into AK905 and rejects the group (GE01 wrong)", () => {
    const { lines } = ack(head + set + tail.replace("GE*1*", "GE*3*"));
    expect(lines).toContain("IK5*A");
    expect(lines).toContain("AK9*R*3*1*0*5");
  });
});

describe("999 for a set without a spec", () => {
  it("rejects a 276 (no spec) with IK5*R*1", () => {
    const file = corpusFiles().find((f) => f.folder === "276")!;
    const { lines } = ack(readFileSync(file.path, "latin1"));
    expect(lines).toContain("IK5*R*1");
    expect(lines.find((l) => l.startsWith("AK9"))).toMatch(/^AK9\*R\*1\*1\*0/);
  });
});

describe("TA1", () => {
  it("rejects an interchange whose IEA02 does not match ISA13, and sends no 999 for it", () => {
    const { lines } = ack(example1.replace("IEA*1*000000907", "IEA*1*000000908"));
    expect(lines).toEqual([
      expect.stringMatching(/^ISA\*/),
      "TA1*000000907*131031*1147*R*001",
      "IEA*0*000000001",
    ]);
  });

  it("builds TA1 A/000 for a clean interchange", () => {
    const [interchange] = readInterchanges(example1);
    expect(buildTA1(interchange!)).toEqual({
      id: "TA1",
      elements: ["000000907", "131031", "1147", "A", "000"],
    });
  });

  it("sends no TA1 when the envelope is clean and ISA14 is 0", () => {
    const noTa1 = example1.replace("*00501*000000907*1*T*", "*00501*000000907*0*T*");
    expect(ack(noTa1).lines.some((l) => l.startsWith("TA1"))).toBe(false);
  });
});

describe("ack999Body", () => {
  it("gives AK1..AK9 without ST/SE, for the writer to envelope", () => {
    const [interchange] = readInterchanges(example1);
    const result = validateInterchanges([interchange!]);
    const body = ack999Body(result.interchanges[0]!.groups[0]!, interchange!.delimiters);
    expect(body.map((s) => s.id)).toEqual(["AK1", "AK2", "IK5", "AK9"]);
  });
});
