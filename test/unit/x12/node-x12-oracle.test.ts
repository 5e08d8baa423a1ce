/**
 * node-x12 as an independent oracle: its stream parser and ours must agree on every segment
 * id and element value of every valid corpus sample.
 *
 * node-x12 rewrites two values as numbers (ISA13 and IEA02 become parseInt text), so those
 * are compared the same way; everything else must be identical.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { X12Parser, type X12Segment } from "node-x12";
import { envelopeFindings, readInterchanges } from "../../../src/x12/envelope.js";
import { tokenize } from "../../../src/x12/tokenizer.js";
import type { Segment } from "../../../src/x12/segment.js";
import { corpusFiles } from "../../support/corpus.js";

interface Plain {
  id: string;
  elements: string[];
}

async function parseWithNodeX12(bytes: Buffer): Promise<Plain[]> {
  const segments: X12Segment[] = [];
  await new Promise<void>((resolve, reject) => {
    Readable.from([bytes])
      .pipe(new X12Parser(false))
      .on("data", (segment: X12Segment) => segments.push(segment))
      .on("end", resolve)
      .on("error", reject);
  });
  return segments.map((s) => ({ id: s.tag, elements: s.elements.map((e) => e.value) }));
}

/** Our segment in node-x12's normal form (control numbers as integers). */
function normalized(segment: Segment): Plain {
  const elements = [...segment.elements];
  const numeric = (index: number): void => {
    const value = elements[index];
    if (value !== undefined) elements[index] = String(parseInt(value, 10));
  };
  if (segment.id === "ISA") numeric(12);
  if (segment.id === "IEA") numeric(1);
  return { id: segment.id, elements };
}

describe("node-x12 oracle", () => {
  it.each(corpusFiles().map((f) => [f.relative, f.path]))(
    "%s: same segments and elements as node-x12",
    async (_name, path) => {
      const bytes = readFileSync(path);
      const theirs = await parseWithNodeX12(bytes);
      const ours = tokenize(bytes).toArray().map(normalized);
      expect(ours.length).toBeGreaterThan(2);
      expect(ours).toEqual(theirs);
    },
  );

  const single = corpusFiles().filter((f) => readInterchanges(readFileSync(f.path)).length === 1);

  it.each(single.map((f) => [f.relative, f.path]))(
    "%s: same count and control number mismatches as node-x12",
    (_name, path) => {
      const text = readFileSync(path, "utf8");
      const parser = new X12Parser(false);
      parser.parse(text);
      const theirs = parser.diagnostics
        .map((d) => /The value in ([A-Z]{2,3}\d\d)/.exec(d.message)?.[1])
        .filter((name): name is string => name !== undefined)
        .sort();
      const ours = readInterchanges(text)
        .flatMap(envelopeFindings)
        .filter((f) => /^ENVELOPE_(COUNT|CONTROL)_MISMATCH$/.test(f.code))
        .map((f) => `${f.segment}${String(f.element).padStart(2, "0")}`)
        .sort();
      expect(ours).toEqual(theirs);
    },
  );

  it("the envelope comparison is not vacuous: node-x12 reports the samples' defects", () => {
    const reported = single.filter((f) => {
      const parser = new X12Parser(false);
      parser.parse(readFileSync(f.path, "utf8"));
      return parser.diagnostics.length > 0;
    });
    expect(reported.length).toBeGreaterThanOrEqual(10);
  });

  it("the ISA13/IEA02 normal form is the only difference it allows", () => {
    const isa = {
      id: "ISA",
      elements: ["00", "x", "", "", "", "", "", "", "", "", "", "", "000000905"],
      position: 1,
      offset: 0,
    };
    expect(normalized(isa).elements[12]).toBe("905");
    expect(normalized({ ...isa, id: "GS" }).elements[12]).toBe("000000905");
  });
});
