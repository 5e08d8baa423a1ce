/**
 * The 837 TR3 specs as data: 837P (005010X222A1, read also for X222A2) and 837I (005010X223A2,
 * read also for X223A3). They load through the registry, are well formed, carry the guides'
 * structure and key code lists, and fit the public samples: every segment id the samples use
 * is in the spec, and the loop engine places every sample segment, its only structural
 * findings being the samples' known deviations (listed below with the reason for each).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assignLoops } from "../../../src/x12/engine.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import type { Segment } from "../../../src/x12/segment.js";
import { checkSpec } from "../../../src/x12/spec/check.js";
import { findSpec, loadSpec } from "../../../src/x12/spec/registry.js";
import type {
  ElementSpec,
  LoopSpec,
  SegmentSpec,
  SpecNode,
  TransactionSpec,
} from "../../../src/x12/spec/types.js";
import { isInclude, isLoop } from "../../../src/x12/spec/types.js";
import { corpusFiles } from "../../support/corpus.js";
import type { CorpusFile } from "../../support/corpus.js";

const P = loadSpec("005010X222A1", "837");
const I = loadSpec("005010X223A2", "837");

interface Placed {
  readonly loop: string;
  readonly spec: SegmentSpec;
}

/** Every segment spec with the path of loop ids above it (2300 under its definition). */
function segmentsOf(spec: TransactionSpec): Placed[] {
  const out: Placed[] = [];
  const walk = (nodes: readonly SpecNode[], path: string): void => {
    for (const node of nodes) {
      if (isInclude(node)) continue;
      if (isLoop(node)) walk(node.children, path ? `${path}/${node.loop}` : node.loop);
      else out.push({ loop: path, spec: node });
    }
  };
  walk(spec.children, "");
  for (const def of Object.values(spec.definitions ?? {})) walk(def.children, def.loop);
  return out;
}

/** The segment in `loop` (path suffix) with id `id` whose match accepts `code` at `key`. */
function seg(spec: TransactionSpec, loop: string, id: string, key?: string, code?: string) {
  const found = segmentsOf(spec).filter(
    (p) =>
      (p.loop === loop || p.loop.endsWith(`/${loop}`)) &&
      p.spec.segment === id &&
      (key === undefined || (p.spec.match?.[key] ?? []).includes(code ?? "")),
  );
  expect(found.map((f) => f.loop + ":" + f.spec.name)).toHaveLength(1);
  return found[0]!.spec;
}

/** The element or component at "n" or "n-m". */
function el(s: SegmentSpec, at: string): ElementSpec {
  const [e, c] = at.split("-").map(Number);
  const element = s.elements[(e ?? 0) - 1];
  const found = c === undefined ? element : element?.components?.[c - 1];
  if (found === undefined) throw new Error(`${s.segment} has no element ${at}`);
  return found;
}

function loopOf(spec: TransactionSpec, id: string): LoopSpec {
  let found: LoopSpec | undefined;
  const walk = (nodes: readonly SpecNode[]): void => {
    for (const n of nodes) {
      if (isLoop(n)) {
        if (n.loop === id) found = n;
        walk(n.children);
      }
    }
  };
  walk(spec.children);
  for (const def of Object.values(spec.definitions ?? {})) walk([def]);
  if (found === undefined) throw new Error(`no loop ${id}`);
  return found;
}

function transactionSets(file: CorpusFile): { guide: string; segments: readonly Segment[] }[] {
  const sets = [];
  for (const interchange of readInterchanges(readFileSync(file.path))) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets)
        sets.push({ guide: group.version, segments: set.segments });
    }
  }
  return sets;
}

describe.each([
  ["837p", P],
  ["837i", I],
])("the %s spec against its samples", (folder, spec) => {
  const files = corpusFiles().filter((f) => f.folder === folder);
  const ids = new Set(segmentsOf(spec).map((p) => p.spec.segment));

  it("has samples to check and is well formed", () => {
    expect(files.length).toBeGreaterThan(3);
    expect(checkSpec(spec)).toEqual([]);
  });

  it.each(files.map((f) => [f.relative, f] as const))(
    "%s: every segment id is in the spec",
    (_, file) => {
      const sets = transactionSets(file);
      expect(sets.length).toBeGreaterThan(0);
      const missing = sets.flatMap((s) => s.segments.map((x) => x.id)).filter((id) => !ids.has(id));
      expect(missing).toEqual([]);
    },
  );

  it.each(files.map((f) => [f.relative, f] as const))(
    "%s: the sample's guide resolves to this spec",
    (_, file) => {
      for (const set of transactionSets(file)) expect(findSpec(set.guide, "837")).toBe(spec);
    },
  );
});

/**
 * Segment positions at which the engine reports findings on the samples. Each is a real
 * deviation of the sample from the guide, not a gap in the spec. (Positions, not finding codes:
 * how a deviation is reported is the engine's business; where it is, is the sample's.)
 */
const SAMPLE_DEVIATIONS: Record<string, { at: number[]; mayAlsoReport?: number[] }> = {
  // 2330C (other payer referring provider) requires a REF; the sample sends NM1*DN alone.
  "837p/imsweb__x12_complex.txt": { at: [44, 49, 94, 95] },
  // The sample writes HI composites with ">" although ISA16 is ":".
  "837p/linuxforhealth__demo.cob.2ndary.example4.837": { at: [24] },
  "837p/linuxforhealth__demo.example11.837": { at: [22] },
  "837p/linuxforhealth__demo.example12.837": { at: [27] },
  "837p/linuxforhealth__demo.example6.837": { at: [24] },
  "837p/linuxforhealth__demo.example9.837": { at: [19] },
  // 2320 has an Other Subscriber Name (2330A) but no Other Payer Name (2330B, required).
  "837p/linuxforhealth__demo.cob.example3.A.837": { at: [42] },
  // AMT*F2 (patient responsibility) in 2320 is 4010; 5010 allows D, EAF and A8 only.
  "837p/linuxforhealth__demo.cob.example4.837": { at: [29] },
  // DTP*434 (statement dates) sent after DTP*435 though it comes first; 2330F without its
  // required REF; DTP*304 (last seen date) is a professional-only service line date.
  "837i/imsweb__x223-test.txt": { at: [25, 44, 47], mayAlsoReport: [24] },
  // HI composites written with ">" although ISA16 is ":".
  "837i/linuxforhealth__out-of-network-repriced-claim.837i": { at: [25] },
  "837i/linuxforhealth__ppo-repriced-claim.837i": { at: [31, 32, 33] },
};

describe("the loop engine over the 837 samples with these specs", () => {
  const files = corpusFiles().filter((f) => f.folder === "837p" || f.folder === "837i");

  it.each(files.map((f) => [f.relative, f] as const))(
    "%s: places every segment; findings are the sample's known deviations",
    (relative, file) => {
      const found: number[] = [];
      const interchanges = readInterchanges(readFileSync(file.path));
      for (const interchange of interchanges) {
        for (const group of interchange.groups) {
          for (const set of group.transactionSets) {
            const result = assignLoops(
              loadSpec(group.version, "837"),
              set.segments,
              interchange.delimiters,
            );
            expect(result.segments.filter((s) => s.placement === "unplaced")).toEqual([]);
            found.push(...result.findings.map((f) => f.position));
          }
        }
      }
      const expected = SAMPLE_DEVIATIONS[relative] ?? { at: [] };
      const allowed = new Set([...expected.at, ...(expected.mayAlsoReport ?? [])]);
      expect(found.filter((p) => !allowed.has(p))).toEqual([]);
      expect(expected.at.filter((p) => !found.includes(p))).toEqual([]);
    },
  );

  it("gives 2400 lines their claim's loop path under 2000B and 2000C", () => {
    const file = files.find((f) => f.relative.endsWith("demo.example1.837"))!;
    const [interchange] = readInterchanges(readFileSync(file.path));
    const set = interchange!.groups[0]!.transactionSets[0]!;
    const placed = assignLoops(P, set.segments, interchange!.delimiters).segments;
    const sv1 = placed.filter((s) => s.segment.id === "SV1").map((s) => s.loop);
    expect(sv1.length).toBeGreaterThan(0);
    expect(new Set(sv1)).toEqual(new Set(["2000C/2300/2400"]));
  });
});

describe("837P structure and codes (005010X222A1)", () => {
  it("is read for X222A2 too, as the HC functional group", () => {
    expect(P.aliases).toEqual(["005010X222A2"]);
    expect(P.functionalGroup).toBe("HC");
    expect(el(P.children[0] as SegmentSpec, "1").codes).toEqual(["837"]);
  });

  it("has the HL loops as siblings entered by HL03 20, 22 and 23", () => {
    const hl = P.children.filter(isLoop).filter((l) => l.loop.startsWith("2000"));
    expect(hl.map((l) => [l.loop, (l.children[0] as SegmentSpec).match?.["3"]])).toEqual([
      ["2000A", ["20"]],
      ["2000B", ["22"]],
      ["2000C", ["23"]],
    ]);
  });

  it("defines 2300 once and places it under 2000B (situational) and 2000C (required)", () => {
    expect(Object.keys(P.definitions ?? {})).toEqual(["2300"]);
    const inc = (id: string) => loopOf(P, id).children.filter(isInclude);
    expect(inc("2000B")).toEqual([{ include: "2300" }]);
    expect(inc("2000C")).toEqual([{ include: "2300", usage: "R" }]);
    expect(P.definitions?.["2300"]?.usage).toBe("S");
    expect(P.definitions?.["2300"]?.repeat).toBe(100);
  });

  it("tells the NM1 loops apart by entity code", () => {
    const entity = (loop: string) => (loopOf(P, loop).children[0] as SegmentSpec).match?.["1"];
    expect(entity("1000A")).toEqual(["41"]);
    expect(entity("1000B")).toEqual(["40"]);
    expect(entity("2010AA")).toEqual(["85"]);
    expect(entity("2010BA")).toEqual(["IL"]);
    expect(entity("2010BB")).toEqual(["PR"]);
    expect(entity("2310A")).toEqual(["DN", "P3"]);
    expect(entity("2310B")).toEqual(["82"]);
    expect(entity("2310D")).toEqual(["DQ"]);
    expect(entity("2310E")).toEqual(["PW"]);
    expect(entity("2310F")).toEqual(["45"]);
    expect(entity("2420E")).toEqual(["DK"]);
    expect(el(seg(P, "2010AA", "NM1"), "8").codes).toEqual(["XX"]);
    expect(el(seg(P, "2010BA", "NM1"), "8").codes).toEqual(["II", "MI"]);
  });

  it("carries the CLM composite and indicator codes", () => {
    const clm = seg(P, "2300", "CLM");
    expect(el(clm, "5").type).toBe("COMPOSITE");
    expect(el(clm, "5-2").codes).toEqual(["B"]);
    expect(el(clm, "5-3").codes).toEqual(["1", "6", "7", "8"]);
    expect(el(clm, "6").codes).toEqual(["N", "Y"]);
    expect(el(clm, "7").codes).toEqual(["A", "B", "C"]);
    expect(el(clm, "8").codes).toEqual(["N", "W", "Y"]);
    expect(el(clm, "9").codes).toEqual(["I", "Y"]);
    expect(el(clm, "1")).toMatchObject({ usage: "R", type: "AN", min: 1, max: 38 });
    expect(el(clm, "2")).toMatchObject({ usage: "R", type: "R" });
  });

  it("has SBR payer sequence and claim filing codes", () => {
    const sbr = seg(P, "2000B", "SBR");
    expect(el(sbr, "1").codes).toEqual(expect.arrayContaining(["P", "S", "T", "A", "H", "U"]));
    expect(el(sbr, "9").codes).toEqual(expect.arrayContaining(["11", "12", "CI", "MB", "MC"]));
    expect(el(seg(P, "2000C", "PAT"), "1").codes).toContain("19");
  });

  it("tells the 2300 DTP, REF and HI segments apart by qualifier", () => {
    for (const q of ["431", "454", "304", "453", "439", "484", "455", "471", "297", "296"]) {
      expect(seg(P, "2300", "DTP", "1", q).usage).toBe("S");
    }
    expect(el(seg(P, "2300", "DTP", "1", "314"), "2").codes).toEqual(["D8", "RD8"]);
    for (const q of ["4N", "F5", "EW", "9F", "G1", "F8", "X4", "9A", "9C", "LX", "D9", "EA"]) {
      expect(seg(P, "2300", "REF", "1", q).max).toBe(1);
    }
    const diag = seg(P, "2300", "HI", "1-1", "ABK");
    expect(diag).toMatchObject({ usage: "R", max: 1 });
    expect(diag.elements).toHaveLength(12);
    expect(el(diag, "2-1").codes).toEqual(["ABF", "BF"]);
    expect(seg(P, "2300", "HI", "1-1", "BP").name).toBe("Anesthesia Related Procedure");
    expect(seg(P, "2300", "HI", "1-1", "BG").max).toBe(2);
  });

  it("describes the SV1 line with procedure and diagnosis pointer composites", () => {
    const sv1 = seg(P, "2400", "SV1");
    expect(el(sv1, "1-1").codes).toEqual(["ER", "HC", "IV", "WK"]);
    expect(
      el(sv1, "1")
        .components?.map((c) => c.usage)
        .join(""),
    ).toBe("RRSSSSSN");
    expect(el(sv1, "3").codes).toEqual(["MJ", "UN"]);
    const pointer = el(sv1, "7");
    expect(pointer.components?.map((c) => [c.usage, c.type, c.min, c.max])).toEqual([
      ["R", "N0", 1, 2],
      ["S", "N0", 1, 2],
      ["S", "N0", 1, 2],
      ["S", "N0", 1, 2],
    ]);
    expect(seg(P, "2400", "DTP", "1", "472")).toMatchObject({ usage: "R", max: 1 });
    expect(loopOf(P, "2400")).toMatchObject({ usage: "R", repeat: 50 });
  });

  it("has the COB loops with their other payer providers", () => {
    expect(loopOf(P, "2320").repeat).toBe(10);
    const others = loopOf(P, "2320").children.filter(isLoop);
    expect(others.map((l) => l.loop).join(" ")).toBe("2330A 2330B 2330C 2330D 2330E 2330F 2330G");
    expect(el(seg(P, "2320", "CAS"), "1").codes).toEqual(["CO", "CR", "OA", "PI", "PR"]);
    expect(seg(P, "2430", "SVD").usage).toBe("R");
    expect(loopOf(P, "2440").children.map((c) => (c as SegmentSpec).segment)).toEqual([
      "LQ",
      "FRM",
    ]);
  });
});

describe("837I structure and codes (005010X223A2)", () => {
  it("is read for X223A3 too", () => {
    expect(I.aliases).toEqual(["005010X223A3"]);
    expect(I.functionalGroup).toBe("HC");
  });

  it("has the institutional CLM05 and required statement dates and CL1", () => {
    const clm = seg(I, "2300", "CLM");
    expect(el(clm, "5-1").name).toBe("Facility Type Code");
    expect(el(clm, "5-2").codes).toEqual(["A"]);
    expect(el(clm, "6").usage).toBe("N");
    const statement = seg(I, "2300", "DTP", "1", "434");
    expect(statement).toMatchObject({ usage: "R", max: 1 });
    expect(el(statement, "2").codes).toEqual(["RD8"]);
    expect(el(seg(I, "2300", "DTP", "1", "435"), "2").codes).toEqual(["D8", "DT"]);
    expect(seg(I, "2300", "CL1").usage).toBe("R");
  });

  it("tells each HI segment apart by its qualifier", () => {
    const hi: [string, string, number][] = [
      ["ABK", "R", 1],
      ["ABJ", "S", 1],
      ["APR", "S", 1],
      ["ABN", "S", 1],
      ["DR", "S", 1],
      ["ABF", "S", 2],
      ["BBR", "S", 1],
      ["BBQ", "S", 2],
      ["BI", "S", 2],
      ["BH", "S", 2],
      ["BE", "S", 2],
      ["BG", "S", 2],
      ["TC", "S", 2],
    ];
    for (const [code, usage, max] of hi) {
      expect(seg(I, "2300", "HI", "1-1", code)).toMatchObject({ usage, max });
    }
    expect(el(seg(I, "2300", "HI", "1-1", "BK"), "1-9").codes).toEqual(["N", "U", "W", "Y"]);
    expect(el(seg(I, "2300", "HI", "1-1", "BI"), "1-3").codes).toEqual(["RD8"]);
    expect(el(seg(I, "2300", "HI", "1-1", "BE"), "1-5").usage).toBe("R");
  });

  it("has the institutional provider loops in the guide's order", () => {
    const loops = I.definitions?.["2300"]?.children.filter(isLoop);
    expect(loops?.map((l) => [l.loop, (l.children[0] as SegmentSpec).match?.["1"]])).toEqual([
      ["2310A", ["71"]],
      ["2310B", ["72"]],
      ["2310C", ["ZZ"]],
      ["2310D", ["82"]],
      ["2310E", ["77"]],
      ["2310F", ["DN"]],
      ["2320", undefined],
      ["2400", undefined],
    ]);
    expect(loopOf(I, "2320").children.filter(isLoop)).toHaveLength(9);
  });

  it("describes the SV2 line", () => {
    const sv2 = seg(I, "2400", "SV2");
    expect(el(sv2, "1")).toMatchObject({ usage: "R", type: "AN" });
    expect(el(sv2, "2-1").codes).toEqual(["ER", "HC", "HP", "IV", "WK"]);
    expect(el(sv2, "4").codes).toEqual(["DA", "UN"]);
    expect(el(sv2, "5")).toMatchObject({ usage: "R", type: "R" });
    expect(loopOf(I, "2400").repeat).toBe(999);
    expect(seg(I, "2400", "DTP", "1", "472").usage).toBe("S");
  });
});
