/**
 * The inbound and acknowledgment TR3 specs as data (schemas/x12): 835 (X221A1), 277CA (X214),
 * 999 (X231A1), 270/271 (X279A1) and the TA1 segment. Each loads through the registry, is well
 * formed, carries the guide's key code lists, and covers what the public samples use: every
 * segment id of every sample in its corpus folder, and every qualifier value the samples send
 * where the spec enumerates codes (known sample deviations are listed with their reason).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assignLoops } from "../../../src/x12/engine.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { checkSpec } from "../../../src/x12/spec/check.js";
import { loadSpec } from "../../../src/x12/spec/registry.js";
import type {
  ElementSpec,
  SegmentSpec,
  SpecNode,
  TransactionSpec,
} from "../../../src/x12/spec/types.js";
import { isInclude, isLoop } from "../../../src/x12/spec/types.js";
import { corpusDir } from "../../support/corpus.js";

interface Placed {
  readonly loop: string;
  readonly spec: SegmentSpec;
}

/** Every segment spec of a transaction spec with its loop path, definitions included. */
function segmentsOf(spec: TransactionSpec): Placed[] {
  const out: Placed[] = [];
  const walk = (nodes: readonly SpecNode[], loopPath: string): void => {
    for (const node of nodes) {
      if (isInclude(node)) continue;
      if (isLoop(node)) walk(node.children, loopPath ? `${loopPath}/${node.loop}` : node.loop);
      else out.push({ loop: loopPath, spec: node });
    }
  };
  walk(spec.children, "");
  for (const def of Object.values(spec.definitions ?? {})) walk(def.children, def.loop);
  return out;
}

function segmentIn(spec: TransactionSpec, loop: string, id: string, code?: string): SegmentSpec {
  const found = segmentsOf(spec).find(
    (p) =>
      p.loop === loop &&
      p.spec.segment === id &&
      (code === undefined || Object.values(p.spec.match ?? {}).some((c) => c.includes(code))),
  );
  if (found === undefined) throw new Error(`no ${id} ${code ?? ""} in loop ${loop}`);
  return found.spec;
}

/** The element or component at "n" or "n-m" (1-based). */
function elementAt(seg: SegmentSpec, at: string): ElementSpec | undefined {
  const [el, comp] = at.split("-").map(Number);
  const element = seg.elements[(el ?? 0) - 1];
  return comp === undefined ? element : element?.components?.[comp - 1];
}

function codesAt(seg: SegmentSpec, at: string): readonly string[] {
  return elementAt(seg, at)?.codes ?? [];
}

const TA1_GUIDE = "TA1";

const SPECS = {
  "835": () => loadSpec("005010X221A1", "835"),
  "277ca": () => loadSpec("005010X214", "277"),
  "999": () => loadSpec("005010X231A1", "999"),
  "270": () => loadSpec("005010X279A1", "270"),
  "271": () => loadSpec("005010X279A1", "271"),
} as const;
type Folder = keyof typeof SPECS;

describe("inbound specs load through the registry and are well formed", () => {
  it.each([
    ["005010X221A1", "835", "HP"],
    ["005010X214", "277", "HN"],
    ["005010X231A1", "999", "FA"],
    ["005010X279A1", "270", "HS"],
    ["005010X279A1", "271", "HB"],
  ])("%s %s (group %s)", (guide, set, group) => {
    const spec = loadSpec(guide, set);
    expect([spec.guide, spec.transactionSet, spec.functionalGroup]).toEqual([guide, set, group]);
    expect(checkSpec(spec)).toEqual([]);
  });

  it("TA1 is one segment outside any group, well formed as a lone-segment spec", () => {
    const ta1 = loadSpec(TA1_GUIDE, "TA1");
    expect([ta1.transactionSet, ta1.functionalGroup, ta1.children.length]).toEqual(["TA1", "", 1]);
    expect(checkSpec(ta1)).toEqual([]);
    // The same segment inside an ST..SE frame passes the transaction-set rules too.
    const frame = loadSpec("005010X231A1", "999");
    const st = segmentIn(frame, "", "ST");
    const se = segmentIn(frame, "", "SE");
    const framed = {
      ...ta1,
      transactionSet: "999",
      functionalGroup: "TA",
      children: [st, ...ta1.children, se],
    };
    expect(checkSpec(framed)).toEqual([]);
  });
});

describe("TA1", () => {
  const ta1 = () => segmentIn(loadSpec(TA1_GUIDE, "TA1"), "", "TA1");

  it("has its five elements, all required", () => {
    const seg = ta1();
    expect(seg.elements.map((e) => [e.ref, e.type, e.min, e.max, e.usage])).toEqual([
      ["TA101", "N0", 9, 9, "R"],
      ["TA102", "DT", 6, 6, "R"],
      ["TA103", "TM", 4, 4, "R"],
      ["TA104", "ID", 1, 1, "R"],
      ["TA105", "ID", 3, 3, "R"],
    ]);
  });

  it("codes A/E/R and note codes 000-031, each with its meaning", () => {
    const seg = ta1();
    expect(codesAt(seg, "4")).toEqual(["A", "E", "R"]);
    const notes = elementAt(seg, "5");
    const expected = Array.from({ length: 32 }, (_, i) => String(i).padStart(3, "0"));
    expect(notes?.codes).toEqual(expected);
    expect(Object.keys(notes?.descriptions ?? {})).toEqual(expected);
    expect(notes?.descriptions?.["001"]).toMatch(/Control Number.*Do Not Match/);
    expect(notes?.descriptions?.["025"]).toBe("Duplicate Interchange Control Number");
  });
});

describe("999 code lists", () => {
  const spec = () => loadSpec("005010X231A1", "999");

  it("IK304 segment errors 1-8 and I4, I6-I9", () => {
    const codes = codesAt(segmentIn(spec(), "2000/2100", "IK3"), "4");
    expect(codes).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "I4", "I6", "I7", "I8", "I9"]);
  });

  it("IK403 element errors: 1-10, 12, 13 and the implementation codes (no 11)", () => {
    const ik403 = elementAt(segmentIn(spec(), "2000/2100/2110", "IK4"), "3");
    expect(ik403?.codes).toEqual(
      ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13"].concat([
        "I6",
        "I9",
        "I10",
        "I11",
        "I12",
        "I13",
      ]),
    );
    expect(Object.keys(ik403?.descriptions ?? {}).sort()).toEqual([...(ik403?.codes ?? [])].sort());
  });

  it("IK5 and AK9 acknowledgment codes, IK502-506 and AK905-909 error codes", () => {
    const ik5 = segmentIn(spec(), "2000", "IK5");
    expect(codesAt(ik5, "1")).toEqual(["A", "E", "M", "R", "W", "X"]);
    for (const at of ["2", "3", "4", "5", "6"]) {
      expect(codesAt(ik5, at)).toEqual(expect.arrayContaining(["1", "5", "19", "23", "I5", "I6"]));
      expect(codesAt(ik5, at)).not.toContain("14");
    }
    const ak9 = segmentIn(spec(), "", "AK9");
    expect(codesAt(ak9, "1")).toEqual(["A", "E", "M", "P", "R", "W", "X"]);
    expect(ak9.elements.slice(1, 4).map((e) => e.type)).toEqual(["N0", "N0", "N0"]);
    for (const at of ["5", "6", "7", "8", "9"]) {
      expect(codesAt(ak9, at)).toEqual(expect.arrayContaining(["1", "5", "6", "19", "26"]));
    }
  });

  it("nests IK4 under IK3 under AK2", () => {
    const loops = segmentsOf(spec()).map((p) => `${p.loop}:${p.spec.segment}`);
    expect(loops).toEqual(
      expect.arrayContaining(["2000:AK2", "2000/2100:IK3", "2000/2100/2110:IK4", "2000:IK5"]),
    );
  });
});

describe("835 key elements", () => {
  const spec = () => loadSpec("005010X221A1", "835");

  it("BPR handling, credit/debit and payment method codes", () => {
    const bpr = segmentIn(spec(), "", "BPR");
    expect(codesAt(bpr, "1")).toEqual(["C", "D", "H", "I", "P", "U", "X"]);
    expect(codesAt(bpr, "3")).toEqual(["C", "D"]);
    expect(codesAt(bpr, "4")).toEqual(["ACH", "BOP", "CHK", "FWT", "NON"]);
    expect(elementAt(bpr, "16")).toMatchObject({ type: "DT", usage: "R" });
  });

  it("CLP status codes and claim filing indicator", () => {
    const clp = segmentIn(spec(), "2000/2100", "CLP");
    expect(codesAt(clp, "2")).toEqual(["1", "2", "3", "4", "19", "20", "21", "22", "23", "25"]);
    expect(codesAt(clp, "6")).toEqual(expect.arrayContaining(["12", "MA", "MB", "MC", "ZZ"]));
  });

  it("CAS: group codes of 5010 (CR retired), six reason/amount/quantity triples, max 99", () => {
    for (const loop of ["2000/2100", "2000/2100/2110"]) {
      const cas = segmentIn(spec(), loop, "CAS");
      expect(cas.max).toBe(99);
      expect(codesAt(cas, "1")).toEqual(["CO", "OA", "PI", "PR"]);
      expect(cas.elements).toHaveLength(19);
      expect(cas.elements.slice(1).map((e) => e.type)).toEqual(
        Array.from({ length: 6 }, () => ["ID", "R", "R"]).flat(),
      );
    }
  });

  it("tells the 2100 NM1s apart by NM101", () => {
    const ids = segmentsOf(spec())
      .filter((p) => p.loop === "2000/2100" && p.spec.segment === "NM1")
      .map((p) => p.spec.match?.["1"]?.join());
    expect(ids).toEqual(["QC", "IL", "74", "82", "TT", "PR", "GB"]);
  });

  it("SVC01 qualifiers, LQ remark code lists and PLB adjustment pairs", () => {
    const svc = segmentIn(spec(), "2000/2100/2110", "SVC");
    expect(codesAt(svc, "1-1")).toEqual([
      "AD",
      "ER",
      "HC",
      "HP",
      "IV",
      "N4",
      "N6",
      "NU",
      "UI",
      "WK",
    ]);
    expect(codesAt(segmentIn(spec(), "2000/2100/2110", "LQ"), "1")).toEqual(["HE", "RX"]);
    const plb = segmentIn(spec(), "", "PLB");
    expect(plb.elements).toHaveLength(14);
    expect(codesAt(plb, "3-1")).toEqual(
      expect.arrayContaining(["72", "CS", "FB", "IR", "J1", "L6", "WO"]),
    );
    expect(codesAt(plb, "13-1")).toEqual(codesAt(plb, "3-1"));
  });
});

describe("277CA structure", () => {
  const spec = () => loadSpec("005010X214", "277");

  it("HL levels 20, 21, 19, PT and the claim-level STC composite", () => {
    const hl = segmentsOf(spec())
      .filter((p) => p.spec.segment === "HL")
      .map((p) => `${p.loop}:${p.spec.match?.["3"]?.join() ?? ""}`);
    expect(hl).toEqual(["2000A:20", "2000B:21", "2000C:19", "2000D:PT"]);
    const stc = segmentIn(spec(), "2000D/2200D", "STC");
    expect(stc.elements[0]?.components?.map((c) => c.ref)).toEqual([
      "STC01-01",
      "STC01-02",
      "STC01-03",
      "STC01-04",
    ]);
    expect(codesAt(stc, "3")).toEqual(["U", "WQ"]);
    for (const code of ["1K", "D9", "BLT"]) segmentIn(spec(), "2000D/2200D", "REF", code);
    segmentIn(spec(), "2000D/2200D/2220D", "SVC");
  });
});

describe("270/271 structure and code lists", () => {
  const inquiry = () => loadSpec("005010X279A1", "270");
  const response = () => loadSpec("005010X279A1", "271");

  it("EQ01 and EB03 repeat 99 over the same service type list", () => {
    const eq = elementAt(segmentIn(inquiry(), "2000C/2100C/2110C", "EQ"), "1");
    const eb = elementAt(segmentIn(response(), "2000C/2100C/2110C", "EB"), "3");
    expect(eq?.repeat).toBe(99);
    expect(eb?.repeat).toBe(99);
    expect(eq?.codes).toEqual(eb?.codes);
    expect(eq?.codes).toEqual(expect.arrayContaining(["1", "30", "98", "AL", "MH", "UC"]));
    expect(eq?.codes).not.toContain("29");
    expect(eq?.codes?.length).toBeGreaterThan(180);
  });

  it("EB01, EB02, EB06 and EB12 code lists", () => {
    const eb = segmentIn(response(), "2000D/2100D/2110D", "EB");
    expect(codesAt(eb, "1")).toEqual(expect.arrayContaining(["1", "6", "A", "B", "C", "CB", "MC"]));
    expect(codesAt(eb, "2")).toEqual(expect.arrayContaining(["IND", "FAM"]));
    expect(codesAt(eb, "6")).toEqual(expect.arrayContaining(["23", "27", "29"]));
    expect(codesAt(eb, "12")).toEqual(["N", "U", "W", "Y"]);
  });

  it("AAA at every level that reports a rejection, with the guide's reason codes", () => {
    const levels = ["2000A", "2000A/2100A", "2000B/2100B", "2000C/2100C", "2000D/2100D"];
    const loops = [...levels, "2000C/2100C/2110C", "2000D/2100D/2110D"];
    const reasons = new Set(loops.flatMap((l) => codesAt(segmentIn(response(), l, "AAA"), "3")));
    const named = ["15", "41", "42", "43", "45", "47", "48", "49", "50", "51", "52", "53", "56"];
    const more = ["57", "58", "60", "61", "62", "63", "64", "65", "66", "67", "68", "71", "72"];
    for (const code of [...named, ...more, "73", "74", "75", "76", "77", "78"]) {
      expect(reasons.has(code), code).toBe(true);
    }
    const followUp = codesAt(segmentIn(response(), "2000C/2100C", "AAA"), "4");
    expect(followUp).toEqual(["C", "N", "R", "S", "W", "X", "Y"]);
  });

  it("2120 benefit related entity sits between LS and LE in 2110", () => {
    const inLoop = segmentsOf(response())
      .filter((p) => p.loop.startsWith("2000C/2100C/2110C"))
      .map((p) => `${p.loop.slice("2000C/2100C/".length)}:${p.spec.segment}`);
    const ls = inLoop.indexOf("2110C:LS");
    const le = inLoop.indexOf("2110C:LE");
    expect(inLoop.slice(ls + 1, le)).toEqual([
      "2110C/2120C:NM1",
      "2110C/2120C:N3",
      "2110C/2120C:N4",
      "2110C/2120C:PER",
      "2110C/2120C:PRV",
    ]);
  });
});

// ---- the corpus smoke test ----

interface SampleSegment {
  readonly id: string;
  readonly elements: readonly string[];
}

interface Sample {
  readonly sets: readonly (readonly SampleSegment[])[];
  readonly component: string;
  /** ISA11 when it is a repetition separator (5010); undefined for 4010's "U". */
  readonly repetition?: string;
}

/** A quick split on the delimiters the ISA declares; ST..SE runs become transaction sets. */
function readSample(text: string): Sample {
  const isa = text.slice(text.indexOf("ISA"));
  const elementSep = isa.charAt(3);
  const terminator = isa.charAt(105);
  const isa11 = isa.charAt(82);
  const segments = isa
    .split(terminator)
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      const [id = "", ...elements] = s.split(elementSep);
      return { id, elements };
    });
  const sets: SampleSegment[][] = [];
  for (const seg of segments) {
    if (seg.id === "ST") sets.push([]);
    if (seg.id !== "ISA" && seg.id !== "GS" && seg.id !== "GE" && seg.id !== "IEA") {
      sets[sets.length - 1]?.push(seg);
    }
  }
  return {
    sets,
    component: isa.charAt(104),
    ...(/[A-Za-z0-9]/.test(isa11) ? {} : { repetition: isa11 }),
  };
}

/** Qualifier positions the samples carry, checked where the spec enumerates codes. */
const QUALIFIERS: Readonly<Record<string, readonly string[]>> = {
  AAA: ["1", "3", "4"],
  AK1: ["1"],
  AK2: ["1"],
  AK9: ["1"],
  AMT: ["1"],
  BHT: ["1", "2", "6"],
  BPR: ["1", "3", "4", "5", "6", "8", "12", "14"],
  CAS: ["1"],
  CLP: ["2", "6"],
  DMG: ["1", "3"],
  DTM: ["1"],
  DTP: ["1", "2"],
  EB: ["1", "2", "3", "4", "6", "9", "11", "12"],
  EQ: ["1"],
  HL: ["3", "4"],
  IK3: ["4"],
  IK5: ["1", "2"],
  INS: ["1", "2"],
  LQ: ["1"],
  N1: ["1", "3"],
  NM1: ["1", "2", "8"],
  PER: ["1", "3"],
  PLB: ["3-1"],
  PRV: ["1", "2"],
  QTY: ["1"],
  REF: ["1"],
  STC: ["1-3", "3"],
  SVC: ["1-1"],
  TRN: ["1"],
};

/** Sample values the guide does not allow, each a real deviation of the sample. */
interface Deviation {
  readonly file: string;
  /** Segment id and position ("1", or "1-1" for a component), as in QUALIFIERS. */
  readonly id: string;
  readonly at: string;
  readonly value: string;
  readonly why: string;
}

const SEPARATOR_MIXUP =
  "the sample declares ':' in ISA16 but writes '>' between SVC01 components, so the whole " +
  "composite reads as its qualifier";

const KNOWN_DEVIATIONS: readonly Deviation[] = [
  {
    file: "270/imsweb__x270.txt",
    id: "DTP",
    at: "1",
    value: "307",
    why: "a 4010 (004010X092A1) sample: the 5010 270 allows DTP01 102 and 291 only",
  },
  {
    file: "835/linuxforhealth__cob-contractural-adjustment.835",
    id: "SVC",
    at: "1-1",
    value: "HC>55669",
    why: SEPARATOR_MIXUP,
  },
  {
    file: "835/linuxforhealth__secondary-payment.835",
    id: "SVC",
    at: "1-1",
    value: "HC>12345>26",
    why: SEPARATOR_MIXUP,
  },
  {
    file: "835/linuxforhealth__secondary-payment.835",
    id: "SVC",
    at: "1-1",
    value: "HC>66543>26",
    why: SEPARATOR_MIXUP,
  },
];

function valuesAt(seg: SampleSegment, at: string, sample: Sample, repeats: boolean): string[] {
  const [el, comp] = at.split("-").map(Number);
  const raw = seg.elements[(el ?? 0) - 1] ?? "";
  const reps = repeats && sample.repetition !== undefined ? raw.split(sample.repetition) : [raw];
  return reps
    .map((r) => (comp === undefined ? r : (r.split(sample.component)[comp - 1] ?? "")))
    .filter((v) => v !== "");
}

function samplesOf(folder: Folder): string[] {
  return readdirSync(path.join(corpusDir, folder))
    .sort()
    .map((f) => `${folder}/${f}`);
}

const FOLDERS: readonly Folder[] = ["835", "277ca", "999", "270", "271"];

describe.each(FOLDERS)("corpus %s against its spec", (folder) => {
  it.each(samplesOf(folder))("%s: every segment id and qualifier is in the spec", (file) => {
    const spec = SPECS[folder]();
    const placed = segmentsOf(spec);
    const ids = new Set(placed.map((p) => p.spec.segment));
    const sample = readSample(readFileSync(path.join(corpusDir, file), "latin1"));
    expect(sample.sets.length).toBeGreaterThan(0);
    const unknown: string[] = [];
    const badCodes: string[] = [];
    for (const seg of sample.sets.flat()) {
      if (!ids.has(seg.id)) unknown.push(seg.id);
      const sameId = placed.filter((p) => p.spec.segment === seg.id).map((p) => p.spec);
      for (const at of QUALIFIERS[seg.id] ?? []) {
        const allowed = new Set(sameId.flatMap((s) => codesAt(s, at)));
        if (allowed.size === 0) continue;
        const repeats = sameId.some((s) => (elementAt(s, at)?.repeat ?? 1) > 1);
        for (const value of valuesAt(seg, at, sample, repeats)) {
          const known = KNOWN_DEVIATIONS.some(
            (d) => d.file === file && d.id === seg.id && d.at === at && d.value === value,
          );
          if (!allowed.has(value) && !known) badCodes.push(`${seg.id}@${at}=${value}`);
        }
      }
    }
    expect(unknown).toEqual([]);
    expect(badCodes).toEqual([]);
  });
});

describe("known deviations", () => {
  it.each(KNOWN_DEVIATIONS)("$file $id@$at $value: $why", ({ file, id, at, value }) => {
    const folder = file.split("/")[0] as Folder;
    const sample = readSample(readFileSync(path.join(corpusDir, file), "latin1"));
    // The sample really sends the value there, and no segment of that id in the spec allows it.
    const sent = sample.sets
      .flat()
      .filter((s) => s.id === id)
      .some((s) => valuesAt(s, at, sample, false).includes(value));
    expect(sent).toBe(true);
    const allowed = segmentsOf(SPECS[folder]())
      .filter((p) => p.spec.segment === id)
      .flatMap((p) => codesAt(p.spec, at));
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed).not.toContain(value);
  });
});

// ---- the loop engine over the samples ----

/**
 * Structural findings the engine must report on samples, each a real deviation of the sample.
 * Key: folder; value: "CODE SEGMENT LOOP" strings expected in every sample of that folder.
 */
const KNOWN_STRUCTURE: Readonly<Record<string, readonly string[]>> = {
  // The LinuxForHealth 835s follow the older examples: 5010 makes the payer technical contact
  // (1000A PER*BL) required, and none of the samples carries it.
  "835": ["SEGMENT_REQUIRED_MISSING PER 1000A"],
};

describe.each(FOLDERS)("loop engine places every %s sample segment", (folder) => {
  it.each(samplesOf(folder))("%s", (file) => {
    const spec = SPECS[folder]();
    const text = readFileSync(path.join(corpusDir, file), "latin1");
    const sets = readInterchanges(text).flatMap((ic) =>
      ic.groups.flatMap((g) => g.transactionSets.map((ts) => ({ ts, delimiters: ic.delimiters }))),
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const { ts, delimiters } of sets) {
      const result = assignLoops(spec, ts.segments, delimiters);
      const misplaced = result.segments
        .filter((p) => p.placement !== "ordered")
        .map((p) => `${p.segment.id}@${p.segment.position}:${p.placement}`);
      expect(misplaced).toEqual([]);
      const found = result.findings.map((f) => `${f.code} ${f.segment} ${f.loop ?? ""}`.trim());
      expect(found).toEqual(KNOWN_STRUCTURE[folder] ?? []);
    }
  });
});

describe("loop paths the readers rely on", () => {
  function pathsOf(folder: Folder, file: string): string[] {
    const text = readFileSync(path.join(corpusDir, file), "latin1");
    const [ic] = readInterchanges(text);
    const ts = ic?.groups[0]?.transactionSets[0];
    if (ic === undefined || ts === undefined) throw new Error(`no transaction set in ${file}`);
    const result = assignLoops(SPECS[folder](), ts.segments, ic.delimiters);
    return result.segments.map((p) => `${p.segment.id}:${p.loop}`);
  }

  it("835: CLP opens 2100 under 2000, SVC opens 2110, PLB sits outside the loops", () => {
    const paths = pathsOf("835", "835/linuxforhealth__medicare-part-a.835");
    expect(paths).toEqual(
      expect.arrayContaining(["N1:1000A", "LX:2000", "CLP:2000/2100", "MIA:2000/2100", "PLB:"]),
    );
    const secondary = pathsOf("835", "835/linuxforhealth__secondary-payment.835");
    expect(secondary).toEqual(
      expect.arrayContaining(["SVC:2000/2100/2110", "CAS:2000/2100/2110", "REF:2000/2100/2110"]),
    );
  });

  it("277CA: claim status under 2000D/2200D", () => {
    const paths = pathsOf("277ca", "277ca/imsweb__x12_277CA_rejected.txt");
    expect(paths).toEqual(
      expect.arrayContaining(["TRN:2000A/2200A", "STC:2000D/2200D", "REF:2000D/2200D"]),
    );
  });

  it("271: EB in 2110D and the benefit related entity in 2120D", () => {
    const paths = pathsOf("271", "271/linuxforhealth__dependent-health-benefit-check.271");
    expect(paths).toEqual(
      expect.arrayContaining([
        "INS:2000D/2100D",
        "EB:2000D/2100D/2110D",
        "LS:2000D/2100D/2110D",
        "NM1:2000D/2100D/2110D/2120D",
        "LE:2000D/2100D/2110D",
      ]),
    );
  });
});
