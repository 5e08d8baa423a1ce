import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../src/errors.js";
import { checkSpec } from "../../../src/x12/spec/check.js";
import {
  createSpecRegistry,
  defaultSchemasDir,
  findSpec,
  listSpecs,
  loadSpec,
} from "../../../src/x12/spec/registry.js";
import type {
  ElementSpec,
  LoopSpec,
  SegmentSpec,
  SpecNode,
  TransactionSpec,
} from "../../../src/x12/spec/types.js";
import { UNBOUNDED } from "../../../src/x12/spec/types.js";

function el(ref: string, over: Partial<ElementSpec> = {}): ElementSpec {
  return { ref, name: ref, usage: "R", type: "AN", min: 1, max: 10, ...over };
}

function seg(id: string, over: Partial<SegmentSpec> = {}): SegmentSpec {
  return { segment: id, name: id, usage: "R", max: 1, elements: [el(`${id}01`)], ...over };
}

function idSeg(id: string, codes: string[], over: Partial<SegmentSpec> = {}): SegmentSpec {
  return seg(id, {
    elements: [el(`${id}01`, { type: "ID", codes: ["A", "B", "C"] })],
    match: { "1": codes },
    ...over,
  });
}

function loop(id: string, children: SpecNode[], over: Partial<LoopSpec> = {}): LoopSpec {
  return { loop: id, name: id, usage: "S", repeat: UNBOUNDED, children, ...over };
}

/** A small well-formed spec each broken case changes in one place. */
function spec(children: SpecNode[], over: Partial<TransactionSpec> = {}): TransactionSpec {
  return {
    guide: "005010XTEST",
    transactionSet: "999",
    functionalGroup: "FA",
    name: "test",
    children: [seg("ST"), ...children, seg("SE")],
    ...over,
  };
}

function writeSpecs(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cg-specs-"));
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), JSON.stringify(body));
  }
  return dir;
}

function thrown(fn: () => unknown): ClaimgateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClaimgateError) return e;
    throw e;
  }
  throw new Error("expected a ClaimgateError");
}

describe("spec registry over a folder", () => {
  const a = spec([], { guide: "G1", aliases: ["G1B"], transactionSet: "270" });
  const b = spec([], { guide: "G1", transactionSet: "271" });

  it("indexes by guide, by alias and by ST01", () => {
    const reg = createSpecRegistry(writeSpecs({ "G1.270.json": a, "G1.271.json": b }));
    expect(reg.find("G1", "270")?.transactionSet).toBe("270");
    expect(reg.find("G1B", "270")?.guide).toBe("G1");
    expect(reg.find("G1", "271")?.transactionSet).toBe("271");
    expect(reg.find("G1B", "271")).toBeUndefined();
    expect(reg.list()).toHaveLength(2);
  });

  it("rejects a file without the outer shape, naming the file", () => {
    const err = thrown(() => createSpecRegistry(writeSpecs({ "bad.json": { guide: "X" } })));
    expect(err.code).toBe("X12_SPEC_INVALID");
    expect(err.message).toContain("bad.json");
  });

  it("rejects two files claiming the same guide and set", () => {
    const err = thrown(() => createSpecRegistry(writeSpecs({ "a.json": a, "b.json": a })));
    expect(err.code).toBe("X12_SPEC_INVALID");
  });

  it("rejects a file that is not JSON", () => {
    const dir = writeSpecs({});
    writeFileSync(path.join(dir, "x.json"), "{ not json");
    expect(thrown(() => createSpecRegistry(dir)).code).toBe("X12_SPEC_INVALID");
  });
});

describe("spec registry over schemas/x12", () => {
  it("finds the folder at the package root", () => {
    expect(defaultSchemasDir().endsWith(path.join("schemas", "x12"))).toBe(true);
  });

  it("throws X12_SPEC_UNKNOWN naming the guide", () => {
    const err = thrown(() => loadSpec("005010X999Z9", "837"));
    expect(err.code).toBe("X12_SPEC_UNKNOWN");
    expect(err.message).toContain("005010X999Z9");
    expect(findSpec("005010X999Z9", "837")).toBeUndefined();
  });

  it("lists one spec per file present", () => {
    const dir = defaultSchemasDir();
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
    expect(listSpecs()).toHaveLength(files.length);
  });

  it.each([
    ["005010X222A1", "837"],
    ["005010X222A2", "837"],
    ["005010X223A2", "837"],
    ["005010X223A3", "837"],
  ])("finds %s %s", (guide, set) => {
    const found = loadSpec(guide, set);
    expect([found.guide, ...(found.aliases ?? [])]).toContain(guide);
    expect(found.functionalGroup).toBe("HC");
  });

  it("hands out frozen specs that no caller can change for the others", () => {
    const spec = loadSpec("005010X222A1", "837");
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.children[0])).toBe(true);
    expect(() => {
      (spec.children as SpecNode[]).push(seg("XX"));
    }).toThrow(TypeError);
  });

  it("tells 837P from 837I", () => {
    expect(loadSpec("005010X222A2", "837").guide).toBe("005010X222A1");
    expect(loadSpec("005010X223A3", "837").guide).toBe("005010X223A2");
  });

  it("every spec file present is well formed", () => {
    for (const s of listSpecs()) {
      expect({ guide: s.guide, set: s.transactionSet, problems: checkSpec(s) }).toEqual({
        guide: s.guide,
        set: s.transactionSet,
        problems: [],
      });
    }
  });
});

describe("checkSpec", () => {
  const good = spec([
    loop("1000", [idSeg("NM1", ["A"]), seg("N3", { usage: "S" })]),
    loop("2000", [idSeg("NM1", ["B"]), { include: "2300" }]),
  ]);
  const withDefs = {
    ...good,
    definitions: { "2300": loop("2300", [seg("CLM"), loop("2400", [seg("LX")])]) },
  };
  const problems = (s: TransactionSpec) => checkSpec(s);

  it("accepts a well-formed spec", () => {
    expect(problems(withDefs)).toEqual([]);
  });

  it("wants ST first and SE last", () => {
    expect(problems({ ...withDefs, children: withDefs.children.slice(1) })).toContainEqual(
      expect.stringContaining("first child must be the ST"),
    );
    expect(problems({ ...withDefs, children: withDefs.children.slice(0, -1) })).toContainEqual(
      expect.stringContaining("last child must be the SE"),
    );
  });

  it("wants a trigger segment first in each loop", () => {
    const s = spec([loop("1000", [loop("1100", [seg("N1")]), seg("N3")])]);
    expect(problems(s)).toContainEqual(expect.stringContaining("loop 1000: first child"));
  });

  it("finds duplicate loop ids", () => {
    const s = spec([loop("1000", [seg("N1")]), loop("1000", [seg("N2")])]);
    expect(problems(s)).toContainEqual(expect.stringContaining("duplicate loop id"));
  });

  it("finds includes without a definition", () => {
    expect(problems(good)).toContainEqual(
      expect.stringContaining("include 2300 has no definition"),
    );
  });

  it("finds a definition filed under another loop id", () => {
    const s = { ...good, definitions: { "2300": loop("2301", [seg("CLM")]) } };
    expect(problems(s)).toContainEqual(expect.stringContaining("definition 2300"));
  });

  it("allows codes only on ID elements", () => {
    const s = spec([seg("N1", { elements: [el("N101", { type: "AN", codes: ["X"] })] })]);
    expect(problems(s)).toContainEqual(expect.stringContaining("codes on a AN element"));
  });

  it("finds min length above max length", () => {
    const s = spec([seg("N1", { elements: [el("N101", { min: 5, max: 2 })] })]);
    expect(problems(s)).toContainEqual(expect.stringContaining("min > max"));
  });

  it("finds a ref that does not match the position", () => {
    const s = spec([seg("N1", { elements: [el("N101"), el("N103")] })]);
    expect(problems(s)).toContainEqual(expect.stringContaining("expected N102"));
  });

  it("finds composites without components and components on simple elements", () => {
    const s = spec([
      seg("N1", {
        elements: [el("N101", { type: "COMPOSITE" }), el("N102", { components: [el("N102-01")] })],
      }),
    ]);
    expect(problems(s)).toContainEqual(expect.stringContaining("composite without components"));
    expect(problems(s)).toContainEqual(expect.stringContaining("components on a non-composite"));
  });

  it("finds match keys out of range", () => {
    const s = spec([idSeg("N1", ["A"], { match: { "4": ["A"] } })]);
    expect(problems(s)).toContainEqual(expect.stringContaining("beyond the segment's elements"));
  });

  it("finds match codes the element does not allow", () => {
    const s = spec([idSeg("N1", ["Z"])]);
    expect(problems(s)).toContainEqual(expect.stringContaining("not among N101 codes"));
  });

  it("wants a component key to match inside a composite", () => {
    const hi = (key: string) =>
      seg("HI", {
        elements: [
          el("HI01", {
            type: "COMPOSITE",
            components: [el("HI01-01", { type: "ID", codes: ["ABK"] }), el("HI01-02")],
          }),
        ],
        match: { [key]: ["ABK"] },
      });
    expect(problems(spec([hi("1-1")]))).toEqual([]);
    expect(problems(spec([hi("1")]))).toContainEqual(expect.stringContaining('use "1-1"'));
    expect(problems(spec([hi("1-3")]))).toContainEqual(expect.stringContaining("beyond the comp"));
  });

  it("finds same-id siblings not told apart by match", () => {
    const s = spec([idSeg("REF", ["A", "B"]), idSeg("REF", ["B", "C"])]);
    expect(problems(s)).toContainEqual(expect.stringContaining("two REF siblings"));
    const t = spec([loop("1000", [idSeg("NM1", ["A"])]), loop("2000", [seg("NM1")])]);
    expect(problems(t)).toContainEqual(expect.stringContaining("two NM1 siblings"));
  });

  it("finds bad usage, max and repeat", () => {
    const s = spec([
      seg("N1", { usage: "X" as "R" }),
      seg("N2", { max: 0 }),
      loop("1000", [seg("N3")], { repeat: -2 }),
    ]);
    const found = problems(s);
    expect(found).toContainEqual(expect.stringContaining("N1: usage"));
    expect(found).toContainEqual(expect.stringContaining("N2: max"));
    expect(found).toContainEqual(expect.stringContaining("loop 1000: repeat"));
  });

  it("finds bad segment ids", () => {
    expect(problems(spec([seg("n1x")]))).toContainEqual(expect.stringContaining("bad segment id"));
  });
});
