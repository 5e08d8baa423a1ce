import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../src/errors.js";
import type { PlacedSegment } from "../../../src/x12/engine.js";
import { validateFile } from "../../../src/x12/validator.js";
import type { FileValidation } from "../../../src/x12/validator.js";
import { corpusFiles, invalidCorpusFiles } from "../../support/corpus.js";

function placedOf(result: FileValidation): PlacedSegment[] {
  return result.interchanges.flatMap((i) =>
    i.groups.flatMap((g) => g.sets.flatMap((s) => s.loopAssignment?.segments ?? [])),
  );
}

/** The loop a segment must land in, by id and qualifier (first element). */
function expectedLoops(p: PlacedSegment): readonly string[] | undefined {
  const first = p.segment.elements[0] ?? "";
  const hl: Record<string, string> = { "20": "2000A", "22": "2000B", "23": "2000C" };
  const nm1: Record<string, readonly string[]> = {
    "41": ["1000A"],
    "40": ["1000B"],
    "85": ["2010AA", "2330G"],
    "87": ["2010AB"],
    IL: ["2010BA", "2330A"],
    PR: ["2010BB", "2330B"],
    QC: ["2010CA"],
    "82": ["2310B", "2330D", "2420A"],
  };
  switch (p.segment.id) {
    case "ST":
    case "BHT":
    case "SE":
      return [""];
    case "HL":
      return [hl[p.segment.elements[2] ?? ""] ?? "?"];
    case "NM1":
      return nm1[first];
    case "CLM":
      return ["2300"];
    case "LX":
    case "SV1":
      return ["2400"];
    case "SBR":
      return ["2000B", "2320"];
    default:
      return undefined;
  }
}

const professional = corpusFiles().filter((f) => f.folder === "837p");

describe("the engine on every corpus 837P file", () => {
  it("has 837P samples to read", () => {
    expect(professional.length).toBeGreaterThan(10);
  });

  it.each(professional.map((f) => [f.relative, f.path]))(
    "%s: every segment placed in its loop kind",
    (_name, file) => {
      const placed = placedOf(validateFile(readFileSync(file)));
      expect(placed.length).toBeGreaterThan(10);
      for (const p of placed) {
        expect(p.placement, `${p.segment.id} at ${p.segment.position}`).not.toBe("unplaced");
        const allowed = expectedLoops(p);
        if (allowed === undefined) continue;
        const innermost = p.loopIds[p.loopIds.length - 1] ?? "";
        expect(
          allowed,
          `${p.segment.id}*${p.segment.elements[0]} at ${p.segment.position}`,
        ).toContain(innermost);
      }
    },
  );
});

describe("the engine on the other corpus samples with a spec", () => {
  const others = corpusFiles().filter((f) =>
    ["837i", "835", "277ca", "270", "271", "999"].includes(f.folder),
  );

  it.each(others.map((f) => [f.relative, f.path]))(
    "%s: no segment left unplaced",
    (_name, file) => {
      const result = validateFile(readFileSync(file));
      const placed = placedOf(result);
      const withSpec = result.interchanges
        .flatMap((i) => i.groups.flatMap((g) => g.sets))
        .filter((s) => s.spec);
      for (const set of withSpec)
        expect(set.loopAssignment!.segments).toHaveLength(set.transactionSet.segments.length);
      expect(placed.filter((p) => p.placement === "unplaced")).toEqual([]);
    },
  );
});

describe("validateFile on corpus samples", () => {
  const sample = (name: string): string => {
    const file = corpusFiles().find((f) => f.relative.endsWith(name));
    if (file === undefined) throw new Error(`corpus lacks ${name}`);
    return file.path;
  };

  it("finds a clean TR3 example clean", () => {
    const result = validateFile(readFileSync(sample("linuxforhealth__demo.example1.837")));
    expect(result.findings).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.interchanges[0]!.groups[0]!.sets[0]!.valid).toBe(true);
  });

  it("finds the missing 2330B payer in a COB sample", () => {
    const result = validateFile(readFileSync(sample("linuxforhealth__demo.cob.example3.A.837")));
    expect(result.findings).toEqual([
      expect.objectContaining({
        code: "LOOP_REQUIRED_MISSING",
        loop: "2000C/2300/2320/2330B",
        ik304: "3",
      }),
    ]);
    expect(result.valid).toBe(false);
  });

  it("reports a set whose guide has no spec (276) as not supported, IK502 1", () => {
    const file = corpusFiles().find((f) => f.folder === "276")!;
    const result = validateFile(readFileSync(file.path));
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        code: "TRANSACTION_SET_NOT_SUPPORTED",
        ik502: "1",
        position: 1,
        segment: "ST",
      }),
    );
  });

  it("reports a known set under an unknown guide (277 X212) as IK502 I6", () => {
    const file = corpusFiles().find((f) => f.folder === "277-X212")!;
    const result = validateFile(readFileSync(file.path));
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code: "TRANSACTION_SET_NOT_SUPPORTED", ik502: "I6" }),
    );
  });
});

describe("validateFile on the corpus's invalid files", () => {
  const expected: Record<string, string[]> = {
    bad_segment_identifier: ["SEGMENT_UNRECOGNIZED"],
    bad_valid_code: ["ELEMENT_INVALID_CODE"],
    loop_errors1_exceeds_max_1_parent: ["LOOP_REPEAT_EXCEEDED"],
    loop_errors2_exceeds_max_repeats_multiple_parents: ["LOOP_REPEAT_EXCEEDED"],
    loop_errors3_missing_loops: ["LOOP_REQUIRED_MISSING"],
    missing_elements: ["ELEMENT_REQUIRED_MISSING"],
    missing_required_loop_in_one_repeat: ["LOOP_REQUIRED_MISSING"],
    missing_required_loops_mult_repeats: ["LOOP_REQUIRED_MISSING", "SEGMENT_UNEXPECTED"],
    segment_errors: ["SEGMENT_REQUIRED_MISSING", "SEGMENT_MAX_USE_EXCEEDED"],
    segments_out_of_order: ["SEGMENT_OUT_OF_ORDER"],
  };

  it.each(invalidCorpusFiles().map((f) => [f.relative, f.path]))(
    "%s: at least one finding, the expected kinds",
    (name, file) => {
      let result: FileValidation;
      try {
        result = validateFile(readFileSync(file));
      } catch (error) {
        expect(error).toBeInstanceOf(ClaimgateError);
        expect((error as Error).message).toMatch(/at byte \d+/);
        return;
      }
      expect(result.valid).toBe(false);
      const key = Object.keys(expected).find((k) => name.includes(k));
      const codes = new Set(result.findings.map((f) => f.code));
      for (const code of key === undefined ? [] : expected[key]!)
        expect([...codes]).toContain(code);
    },
  );
});

describe("validateFile on mutated corpus files (property)", () => {
  const texts = corpusFiles().map((f) => readFileSync(f.path, "latin1"));

  it("ends in a result or a ClaimgateError with a byte offset, never anything else", () => {
    const mutation = fc.record({
      file: fc.nat({ max: texts.length - 1 }),
      at: fc.nat(),
      length: fc.nat({ max: 40 }),
      insert: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(mutation, ({ file, at, length, insert }) => {
        const text = texts[file]!;
        const cut = at % (text.length + 1);
        const mutated = text.slice(0, cut) + insert + text.slice(cut + length);
        try {
          const result = validateFile(mutated);
          for (const f of result.findings) {
            expect(f.position).toBeGreaterThanOrEqual(0);
            expect(typeof f.message).toBe("string");
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ClaimgateError);
          expect((error as Error).message).toMatch(/at byte \d+/);
        }
      }),
      { numRuns: 100 },
    );
  });
});
