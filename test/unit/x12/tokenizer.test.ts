import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { ClaimgateError } from "../../../src/errors.js";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { toSegment } from "../../../src/x12/scanned-segment.js";
import {
  readDelimiters,
  splitComponents,
  splitRepetitions,
  tokenize,
  tokenizeInterchanges,
  X12InputError,
} from "../../../src/x12/tokenizer.js";
import { corpusFiles } from "../../support/corpus.js";

const ISA =
  "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240102*1230*^*00501*000000001*0*T*:~";
const body = [
  "GS*HC*S*R*20240102*1230*1*X*005010X222A1~",
  "ST*837*0001*005010X222A1~",
  "BHT*0019*00*1*20240102*1230*CH~",
  "HI*ABK:J20^ABF:R05~",
  "SE*4*0001~",
  "GE*1*1~",
  "IEA*1*000000001~",
];
const file = ISA + body.join("");

describe("readDelimiters", () => {
  it("reads the four delimiters from the ISA", () => {
    expect(readDelimiters(file)).toEqual({
      element: "*",
      repetition: "^",
      component: ":",
      segment: "~",
    });
  });

  it("skips leading whitespace and a byte order mark", () => {
    expect(readDelimiters("\uFEFF \r\n" + file).segment).toBe("~");
  });

  it("has no repetition separator when ISA11 is the standards identifier U", () => {
    expect(readDelimiters(file.replace("*^*00501", "*U*00501")).repetition).toBe("");
  });

  it("reads other delimiters", () => {
    const other = ISA.replaceAll("*", "|").replace("|:~", "|>\n");
    expect(readDelimiters(other)).toEqual({
      element: "|",
      repetition: "^",
      component: ">",
      segment: "\n",
    });
  });

  it("throws X12_NOT_INTERCHANGE with the offset when the input is not an interchange", () => {
    const error = catchError(() => readDelimiters("  GS*HC~"));
    expect(error).toBeInstanceOf(X12InputError);
    expect(error).toMatchObject({ code: "X12_NOT_INTERCHANGE", offset: 2 });
    expect(catchError(() => readDelimiters(ISA.slice(0, 60)))).toMatchObject({ offset: 0 });
  });

  it("rejects delimiters that are not distinct", () => {
    expect(catchError(() => readDelimiters(ISA.replace("*:~", "*~~")))).toMatchObject({
      code: "X12_NOT_INTERCHANGE",
    });
  });
});

describe("tokenize", () => {
  it("splits segments and keeps raw element texts", () => {
    const segments = tokenize(file).toArray();
    expect(segments.map((s) => s.id)).toEqual(["ISA", "GS", "ST", "BHT", "HI", "SE", "GE", "IEA"]);
    expect(segments[4]?.elements).toEqual(["ABK:J20^ABF:R05"]);
    expect(segments[0]?.elements).toHaveLength(16);
  });

  it("counts positions from ST = 1 within the set and by interchange ordinal outside", () => {
    const positions = tokenize(file)
      .toArray()
      .map((s) => [s.id, s.position]);
    expect(positions).toEqual([
      ["ISA", 1],
      ["GS", 2],
      ["ST", 1],
      ["BHT", 2],
      ["HI", 3],
      ["SE", 4],
      ["GE", 7],
      ["IEA", 8],
    ]);
  });

  it("gives byte offsets of the segment ids, skipping line breaks", () => {
    const text = ISA + "\r\n" + body.join("\r\n") + "\r\n";
    const segments = tokenize(text);
    for (const segment of segments) expect(text.startsWith(segment.id, segment.offset)).toBe(true);
  });

  it("counts offsets in bytes for non-ASCII text, from strings and from bytes alike", () => {
    const text = file.replace("BHT*0019*00*1", "BHT*0019*00*é€");
    const bytes = Buffer.from(text, "utf8");
    const fromText = tokenize(text).toArray();
    expect(tokenize(bytes).toArray().map(toSegment)).toEqual(fromText.map(toSegment));
    for (const segment of fromText) {
      expect(bytes.subarray(segment.offset, segment.offset + segment.id.length).toString()).toBe(
        segment.id,
      );
    }
    expect(fromText[3]?.elements[2]).toBe("é€");
  });

  it("skips a UTF-8 byte order mark and counts its 3 bytes in offsets", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(file)]);
    const segments = tokenize(bytes).toArray();
    expect(segments[0]).toMatchObject({ id: "ISA", offset: 3 });
    expect(segments[1]?.offset).toBe(3 + ISA.length);
  });

  it("keeps trailing empty elements and segments without elements", () => {
    const segments = tokenize(ISA + "GS*HC**~ZZZ~IEA*0*000000001~").toArray();
    expect(segments[1]?.elements).toEqual(["HC", "", ""]);
    expect(segments[2]).toMatchObject({ id: "ZZZ", elements: [] });
  });

  it("keeps a last segment without terminator (truncated input)", () => {
    const segments = tokenize(file.slice(0, -1) + "\n");
    expect(segments.at(-1)).toMatchObject({ id: "IEA", elements: ["1", "000000001"] });
  });

  it("re-reads delimiters at each ISA and restarts interchange ordinals", () => {
    const second =
      ISA.replaceAll("*", "|").replace("|:~", "|>!") +
      "GS|HC|S|R|20240102|1230|2|X|V!IEA|1|000000001!";
    const groups = tokenizeInterchanges(file + "\n" + second);
    expect(groups.map((g) => g.delimiters.element)).toEqual(["*", "|"]);
    expect(groups[1]?.segments.map((s) => [s.id, s.position])).toEqual([
      ["ISA", 1],
      ["GS", 2],
      ["IEA", 3],
    ]);
    expect(groups[1]?.segments[1]?.elements[5]).toBe("2");
  });

  it("ends a set without SE at the GE and counts it by interchange ordinal", () => {
    const segments = tokenize(file.replace("SE*4*0001~", "")).toArray();
    expect(segments.find((s) => s.id === "GE")?.position).toBe(6);
  });

  it("takes bytes and strings alike for every corpus file", () => {
    for (const { path } of corpusFiles()) {
      const bytes = readFileSync(path);
      // Plain copies: a scanned segment's elements are a getter, which toEqual does not compare.
      const plain = (input: string | Buffer) => tokenize(input).toArray().map(toSegment);
      expect(plain(bytes)).toEqual(plain(bytes.toString("utf8")));
    }
  });

  it("throws for input that does not start with ISA", () => {
    expect(catchError(() => tokenize("hello"))).toMatchObject({
      code: "X12_NOT_INTERCHANGE",
      offset: 0,
    });
  });
});

describe("splitComponents and splitRepetitions", () => {
  const delimiters = readDelimiters(file);
  it("split a composite and a repeated element", () => {
    expect(splitRepetitions("ABK:J20^ABF:R05", delimiters)).toEqual(["ABK:J20", "ABF:R05"]);
    expect(splitComponents("ABK:J20", delimiters)).toEqual(["ABK", "J20"]);
    expect(splitRepetitions("A^B", { ...delimiters, repetition: "" })).toEqual(["A^B"]);
  });
});

describe("robustness (property)", () => {
  const samples = corpusFiles().map((f) => readFileSync(f.path, "latin1"));

  function expectResultOrPositionedError(input: string | Uint8Array): void {
    try {
      readInterchanges(input);
    } catch (error) {
      expect(error).toBeInstanceOf(ClaimgateError);
      expect(typeof (error as X12InputError).offset).toBe("number");
    }
  }

  it("random byte soup never crashes with anything but a positioned ClaimgateError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, withIsa) => {
        const input = withIsa ? Buffer.concat([Buffer.from(ISA), bytes]) : bytes;
        expectResultOrPositionedError(input);
      }),
      { numRuns: 400 },
    );
  });

  it("mutated corpus files never crash with anything but a positioned ClaimgateError", () => {
    const mutation = fc.record({
      sample: fc.nat({ max: samples.length - 1 }),
      edits: fc.array(
        fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: fc.string({ maxLength: 6 }) }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ sample, edits }) => {
        let text = samples[sample] ?? "";
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
        }
        expectResultOrPositionedError(text);
      }),
      { numRuns: 300 },
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("scanned segments", () => {
  const segments = tokenize(file).toArray();

  it("split their elements once, on first read", () => {
    const hi = segments[4]!;
    expect(hi.elements).toBe(hi.elements);
    expect(tokenize("ISA" + ISA.slice(3) + "ZZZ~ZZ*~").toArray()).toMatchObject([
      { id: "ISA" },
      { id: "ZZZ", elements: [] },
      { id: "ZZ", elements: [""] },
    ]);
  });

  it("copy to plain objects and JSON with every field", () => {
    const bht = segments[3]!;
    const plain = { id: "BHT", elements: [...bht.elements], position: 2, offset: bht.offset };
    expect(toSegment(bht)).toEqual(plain);
    expect(JSON.parse(JSON.stringify(bht))).toEqual(plain);
  });
});
