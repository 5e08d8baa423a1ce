import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignLoops, claimAt } from "../../../src/x12/engine.js";
import { DELIMITERS, MINI_837, VALID_837, edit, lineOf, segments } from "./validator-fixtures.js";

function assign(lines: readonly string[]) {
  return assignLoops(MINI_837, segments(lines), DELIMITERS);
}

describe("assignLoops on a valid set", () => {
  it("counts its own segments right (fixture sanity)", () => {
    expect(VALID_837.at(-1)).toBe(`SE*${VALID_837.length}*0001`);
  });

  it("places every segment in order with the guide's loop path and no findings", () => {
    const result = assign(VALID_837);
    expect(result.findings).toEqual([]);
    expect(result.segments.map((p) => p.placement)).toEqual(VALID_837.map(() => "ordered"));
    expect(result.segments.map((p) => `${p.segment.id}@${p.loop}`)).toEqual([
      "ST@",
      "BHT@",
      "NM1@1000A",
      "PER@1000A",
      "NM1@1000B",
      "HL@2000A",
      "PRV@2000A",
      "NM1@2000A/2010AA",
      "N3@2000A/2010AA",
      "N4@2000A/2010AA",
      "REF@2000A/2010AA",
      "HL@2000B",
      "SBR@2000B",
      "NM1@2000B/2010BA",
      "DMG@2000B/2010BA",
      "CLM@2000B/2300",
      "HI@2000B/2300",
      "LX@2000B/2300/2400",
      "SV1@2000B/2300/2400",
      "DTP@2000B/2300/2400",
      "LX@2000B/2300/2400",
      "SV1@2000B/2300/2400",
      "DTP@2000B/2300/2400",
      "HL@2000C",
      "PAT@2000C",
      "NM1@2000C/2010CA",
      "CLM@2000C/2300",
      "DTP@2000C/2300",
      "REF@2000C/2300",
      "HI@2000C/2300",
      "NM1@2000C/2300/2310B",
      "LX@2000C/2300/2400",
      "SV1@2000C/2300/2400",
      "DTP@2000C/2300/2400",
      "NTE@2000C/2300/2400",
      "NM1@2000C/2300/2400/2420A",
      "SE@",
    ]);
  });

  it("tells same-id segments apart by their qualifiers (NM1*85 vs NM1*87, DTP*431 vs DTP*472)", () => {
    const lines = edit(VALID_837, { insert: [lineOf(VALID_837, "HL*2"), "NM1*87*2"] });
    const withPayTo = edit(lines, { insert: [lineOf(lines, "HL*2"), "N3*PO BOX 1"] });
    const result = assign(withPayTo);
    expect(result.findings).toEqual([]);
    const payTo = result.segments[lineOf(withPayTo, "NM1*87")]!;
    expect(payTo.loop).toBe("2000A/2010AB");
    expect(payTo.spec?.match).toEqual({ "1": ["87"] });
    const onset = result.segments[lineOf(withPayTo, "DTP*431")]!;
    expect(onset.spec?.match).toEqual({ "1": ["431"] });
  });

  it("gives each loop occurrence its own number", () => {
    const result = assign(VALID_837);
    const lines = result.segments.filter((p) => p.segment.id === "LX");
    const lineOcc = lines.map((p) => p.occurrences[p.loopIds.indexOf("2400")]);
    expect(new Set(lineOcc).size).toBe(3);
    const claimOcc = lines.map((p) => p.occurrences[p.loopIds.indexOf("2300")]);
    expect(claimOcc[0]).toBe(claimOcc[1]);
    expect(claimOcc[2]).not.toBe(claimOcc[0]);
  });

  it("follows interleaved HL levels (20, 22, 23, 22, 20, 22)", () => {
    const sub = VALID_837.slice(lineOf(VALID_837, "HL*2"), lineOf(VALID_837, "HL*3"));
    const lines = [
      ...VALID_837.slice(0, lineOf(VALID_837, "SE")),
      ...sub.map((l) => l.replace("HL*2*1*22*1", "HL*4*1*22*0")),
      ...VALID_837.slice(lineOf(VALID_837, "HL*1"), lineOf(VALID_837, "HL*2")).map((l) =>
        l.replace("HL*1**20*1", "HL*5**20*1"),
      ),
      ...sub.map((l) => l.replace("HL*2*1*22*1", "HL*6*5*22*0")),
      "SE*0*0001",
    ];
    const result = assign(lines);
    expect(result.findings).toEqual([]);
    expect(result.segments.filter((p) => p.segment.id === "HL").map((p) => p.loop)).toEqual([
      "2000A",
      "2000B",
      "2000C",
      "2000B",
      "2000A",
      "2000B",
    ]);
  });
});

describe("assignLoops structural findings", () => {
  it("reports an unknown segment id once, as IK304 1, and places the rest normally", () => {
    const at = lineOf(VALID_837, "HI*ABK");
    const result = assign(edit(VALID_837, { insert: [at, "ZZZ*1"] }));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      code: "SEGMENT_UNRECOGNIZED",
      ik304: "1",
      segment: "ZZZ",
      position: at + 1,
      loop: "2000B/2300",
      severity: "error",
    });
    expect(result.segments[at]!.placement).toBe("unplaced");
    expect(result.segments[at + 1]!.loop).toBe("2000B/2300");
  });

  it("reports an X12 segment the set does not define as IK304 6", () => {
    const at = lineOf(VALID_837, "HI*ABK");
    const result = assign(edit(VALID_837, { insert: [at, "N9*XX*1"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "SEGMENT_NOT_IN_SET", ik304: "6", position: at + 1 }),
    ]);
  });

  it("reports a segment of the set that has no place here as IK304 2", () => {
    const at = lineOf(VALID_837, "PRV*BI");
    const result = assign(edit(VALID_837, { insert: [at, "PAT*19"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_UNEXPECTED",
        ik304: "2",
        segment: "PAT",
        position: at + 1,
        loop: "2000A",
      }),
    ]);
  });

  it("reports a segment whose place is earlier in an open loop as IK304 7", () => {
    const lines = edit(VALID_837, { remove: lineOf(VALID_837, "DTP*431") });
    const moved = edit(lines, { insert: [lineOf(lines, "NTE*ADD"), "DTP*431*D8*20231230"] });
    const at = lineOf(moved, "DTP*431");
    const result = assign(moved);
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_OUT_OF_ORDER",
        ik304: "7",
        position: at + 1,
        loop: "2000C/2300",
      }),
    ]);
    expect(result.segments[at]!.spec?.match).toEqual({ "1": ["431"] });
    expect(result.segments[at + 1]!.loop).toBe("2000C/2300/2400");
  });

  it("reports a missing required segment as IK304 3 at the segment that followed", () => {
    const at = lineOf(VALID_837, "N4*");
    const result = assign(edit(VALID_837, { remove: at }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_REQUIRED_MISSING",
        ik304: "3",
        segment: "N4",
        loop: "2000A/2010AA",
        position: at + 1,
      }),
    ]);
  });

  it("reports a required segment that comes late once, as out of order, not also as missing", () => {
    const n3 = lineOf(VALID_837, "N3*123");
    const swapped = edit(edit(VALID_837, { remove: n3 }), { insert: [n3 + 1, VALID_837[n3]!] });
    const result = assign(swapped);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "SEGMENT_OUT_OF_ORDER", segment: "N3", position: n3 + 2 }),
    ]);
  });

  it("reports a missing required loop on its trigger segment as IK304 3", () => {
    const at = lineOf(VALID_837, "NM1*40");
    const result = assign(edit(VALID_837, { remove: at }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "LOOP_REQUIRED_MISSING",
        ik304: "3",
        segment: "NM1",
        loop: "1000B",
      }),
    ]);
    expect(result.findings[0]!.position).toBe(at + 1);
  });

  it("reports a loop repeated over its maximum as IK304 4", () => {
    const at = lineOf(VALID_837, "NM1*40");
    const once = edit(VALID_837, { insert: [at, "PER*IC*SECOND"] });
    const result = assign(edit(once, { insert: [at, "NM1*41*2*SECOND*****46*X"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "LOOP_REPEAT_EXCEEDED",
        ik304: "4",
        position: at + 1,
        loop: "1000A",
      }),
    ]);
  });

  it("reports a segment over its maximum use as IK304 5", () => {
    const at = lineOf(VALID_837, "SBR");
    const result = assign(edit(VALID_837, { insert: [at, "SBR*S"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_MAX_USE_EXCEEDED",
        ik304: "5",
        position: at + 2,
        loop: "2000B",
      }),
    ]);
  });

  it("reports a segment the guide marks not used as IK304 I4", () => {
    const at = lineOf(VALID_837, "NM1*85");
    const result = assign(edit(VALID_837, { insert: [at, "CUR*85*USD"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_NOT_USED",
        ik304: "I4",
        position: at + 1,
        loop: "2000A",
      }),
    ]);
  });

  it("reports a loop the guide marks not used on its trigger as IK304 I4", () => {
    const at = lineOf(VALID_837, "HL*2");
    const result = assign(edit(VALID_837, { insert: [at, "NM1*PE*2*PLAN"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_NOT_USED",
        ik304: "I4",
        segment: "NM1",
        position: at + 1,
        loop: "2000A/2010AC",
      }),
    ]);
  });

  it("places a segment with an unknown qualifier loosely and reports the qualifier (IK403 7)", () => {
    const at = lineOf(VALID_837, "REF*G1");
    const result = assign(edit(VALID_837, { replace: [at, "REF*ZZ*AUTH1"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "ELEMENT_INVALID_CODE",
        ik403: "7",
        element: 1,
        position: at + 1,
        loop: "2000C/2300",
      }),
    ]);
    expect(result.segments[at]!.placement).toBe("loose");
  });

  it("enters an HL with an unknown level code loosely and reports HL03", () => {
    const at = lineOf(VALID_837, "HL*3");
    const result = assign(edit(VALID_837, { replace: [at, "HL*3*2*99*0"] }));
    expect(result.findings[0]).toMatchObject({
      code: "ELEMENT_INVALID_CODE",
      element: 3,
      segment: "HL",
    });
  });

  it("reports what a truncated set lacks, without SE", () => {
    const lines = VALID_837.slice(0, lineOf(VALID_837, "HL*1"));
    const result = assign(lines);
    const codes = result.findings.map((f) => `${f.code}:${f.loop}`);
    expect(codes).toEqual(["LOOP_REQUIRED_MISSING:2000A", "LOOP_REQUIRED_MISSING:2000B"]);
    expect(result.findings.every((f) => f.position === lines.length)).toBe(true);
  });

  it("does not repeat a malformed segment id (stray data) beyond three characters", () => {
    const at = lineOf(VALID_837, "HI*ABK");
    const result = assign(edit(VALID_837, { insert: [at, "JOHN Q PUBLIC 1970*X"] }));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "SEGMENT_UNRECOGNIZED",
        ik304: "1",
        segment: "JOH",
        position: at + 1,
      }),
    ]);
    expect(result.findings[0]!.message).not.toMatch(/JOHN|PUBLIC|1970/);
  });

  it("never quotes element values in messages", () => {
    const lines = edit(VALID_837, { replace: [lineOf(VALID_837, "REF*G1"), "REF*SECRETQ*AUTH1"] });
    const result = assign(edit(lines, { insert: [3, "ZZZ*SECRETV"] }));
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(f.message).not.toMatch(/SECRET/);
  });
});

describe("assignLoops on arbitrary input (property)", () => {
  const ids = [
    "ST",
    "BHT",
    "NM1",
    "PER",
    "HL",
    "PRV",
    "N3",
    "N4",
    "REF",
    "SBR",
    "DMG",
    "CLM",
  ].concat(["DTP", "HI", "LX", "SV1", "NTE", "PAT", "SE", "ZZZ", "N9", "CUR", "X"]);
  const values = fc
    .constantFrom("", "41", "40", "85", "87", "IL", "QC", "82", "20", "22", "23")
    .chain((v) => fc.oneof(fc.constant(v), fc.string({ maxLength: 6 })));
  const line = fc
    .tuple(fc.constantFrom(...ids), fc.array(values, { maxLength: 6 }))
    .map(([id, els]) => [id, ...els].join("*"));

  it("places every segment of a random soup exactly once, with findings inside the set", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const result = assign(["ST*837*0001", ...lines]);
        expect(result.segments).toHaveLength(lines.length + 1);
        result.segments.forEach((p, i) => expect(p.segment.position).toBe(i + 1));
        for (const f of result.findings) {
          expect(f.position).toBeGreaterThanOrEqual(1);
          expect(f.position).toBeLessThanOrEqual(lines.length + 1);
          expect(f.ik304 ?? f.ik403).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps one finding per unknown segment inserted into a valid set", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: VALID_837.length - 1 }), (at) => {
        const result = assign(edit(VALID_837, { insert: [at, "ZZZ*1"] }));
        expect(result.findings.map((f) => f.code)).toEqual(["SEGMENT_UNRECOGNIZED"]);
      }),
    );
  });
});

describe("claimAt", () => {
  const result = assign(VALID_837);

  it("maps a position inside a claim (a line's DTP) to that claim's CLM", () => {
    const dtp = lineOf(VALID_837, "DTP*472*D8*20240103");
    expect(claimAt(result, dtp + 1)?.segment.elements[0]).toBe("PCN2");
    const firstLine = lineOf(VALID_837, "SV1*HC:85025");
    expect(claimAt(result, firstLine + 1)?.segment.elements[0]).toBe("PCN1");
  });

  it("maps the CLM itself to itself, and positions outside claims to nothing", () => {
    const clm = lineOf(VALID_837, "CLM*PCN2");
    expect(claimAt(result, clm + 1)?.segment.position).toBe(clm + 1);
    expect(claimAt(result, lineOf(VALID_837, "HL*3") + 1)).toBeUndefined();
    expect(claimAt(result, 1)).toBeUndefined();
    expect(claimAt(result, 999)).toBeUndefined();
  });
});
