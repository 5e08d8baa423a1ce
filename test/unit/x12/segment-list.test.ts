import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { toSegment } from "../../../src/x12/scanned-segment.js";
import { SegmentScanner } from "../../../src/x12/scanner.js";
import type { Segment } from "../../../src/x12/segment.js";
import {
  decodeInput,
  SegmentList,
  tokenize,
  tokenizeInterchanges,
} from "../../../src/x12/tokenizer.js";
import { corpusFiles } from "../../support/corpus.js";

/**
 * The array tokenize() returned before the segment list: one scan of the whole input that
 * makes every segment object at once (the stream's code path with `final`).
 */
function arrayTokenize(input: string | Uint8Array): { segments: Segment[]; starts: number[] } {
  const { text, ascii } = decodeInput(input);
  const scanner = new SegmentScanner();
  scanner.setWindow(0, ascii);
  const segments: Segment[] = [];
  scanner.scan(text, 0, true, segments);
  return { segments, starts: scanner.takeInterchanges().map((s) => s.segmentIndex) };
}

const plain = (segments: Iterable<Segment>): Segment[] => [...segments].map(toSegment);

/** Segments, or the error's code and offset. */
function outcome(run: () => Iterable<Segment>): unknown {
  try {
    return { segments: plain(run()) };
  } catch (error) {
    const { code, offset } = error as { code?: string; offset?: number };
    return { code, offset };
  }
}

/** Every way of reading the list agrees with the array scan. */
function expectSameAsArray(input: string | Uint8Array, label = ""): void {
  const list = tokenize(input);
  const { segments, starts } = arrayTokenize(input);
  const expected = plain(segments);
  expect(list).toBeInstanceOf(SegmentList);
  expect(list.length, label).toBe(expected.length);
  expect(plain(list.toArray()), label).toEqual(expected);
  expect(plain(list), label).toEqual(expected);
  for (let i = 0; i < list.length; i++) {
    expect(toSegment(list.at(i) as Segment), label).toEqual(expected[i]);
  }
  const groups = tokenizeInterchanges(input);
  expect(groups.map((g) => plain(g.segments))).toEqual(
    starts.map((from, n) => expected.slice(from, starts[n + 1] ?? expected.length)),
  );
}

const ISA =
  "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240102*1230*^*00501*000000001*0*T*:~";
const file =
  ISA +
  "GS*HC*S*R*20240102*1230*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1~" +
  "HI*ABK:J20^ABF:R05~SE*4*0001~GE*1*1~IEA*1*000000001~";

const samples = corpusFiles().map((f) => ({ ...f, bytes: readFileSync(f.path) }));

describe("tokenize's segment list", () => {
  it("equals the array scan on every corpus file, from bytes and from text", () => {
    for (const sample of samples) {
      expectSameAsArray(sample.bytes, sample.relative);
      expectSameAsArray(sample.bytes.toString("utf8"), sample.relative);
    }
  });

  it("splits each interchange's elements with its own delimiters and offsets in bytes", () => {
    const second =
      ISA.replaceAll("*", "|").replace("|:~", "|>!") + "GS|HC|é€|R!ZZ*1|2!IEA|1|000000001!";
    const text = file + "\r\n" + second;
    expectSameAsArray(text);
    const list = tokenize(Buffer.from(text, "utf8"));
    expect(list.interchangeCount).toBe(2);
    expect(list.interchange(1)).toMatchObject({ from: 8, to: 12 });
    expect(list.interchange(1).delimiters.element).toBe("|");
    expect(list.at(9)?.elements).toEqual(["HC", "é€", "R"]);
    expect(list.at(10)).toMatchObject({ id: "ZZ*1", elements: ["2"] });
    // "é€" is 5 bytes in UTF-8 for 2 characters.
    expect(list.at(10)?.offset).toBe(Buffer.byteLength(text.slice(0, text.indexOf("ZZ*1"))));
    expect(text.indexOf("ZZ*1")).toBeLessThan(list.at(10)?.offset as number);
  });

  it("reads like an array: at with negative indexes, slice bounds, a new object per read", () => {
    const list = tokenize(file);
    const array = list.toArray();
    expect(list.at(-1)?.id).toBe("IEA");
    expect(list.at(-list.length)?.id).toBe("ISA");
    expect(list.at(list.length)).toBeUndefined();
    expect(list.at(-list.length - 1)).toBeUndefined();
    expect(list.at(1.7)?.id).toBe("GS");
    expect(list.at(4)).not.toBe(list.at(4));
    fc.assert(
      fc.property(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -12, max: 12 }), (a, b) => {
        expect(plain(list.slice(a, b))).toEqual(plain(array.slice(a, b)));
      }),
    );
    expect(plain(list.slice())).toEqual(plain(array));
    expect(() => list.interchange(1)).toThrow(RangeError);
  });

  it("splits elements read after the caller overwrote its input buffer from its own copy", () => {
    for (const file of corpusFiles().slice(0, 8)) {
      const bytes = readFileSync(file.path);
      const expected = plain(arrayTokenize(bytes).segments);
      const input = Uint8Array.from(bytes);
      const list = tokenize(input);
      input.fill(0x2a); // the caller reuses its buffer; no element has been read yet
      expect(plain(list), file.relative).toEqual(expected);
    }
  });

  it("reads ASCII bytes of many text windows and interchanges in any order as the array", () => {
    // Some 2,048 segments a window: interchanges with other separators and CR LF between
    // segments, cut across windows; a view at an odd offset (no word view of the bytes).
    const body = (n: number, e: string, t: string): string =>
      Array.from(
        { length: n },
        (_, k) => `REF${e}${k % 7 === 0 ? "" : "EJ"}${e}${k}${e}${t}\r\n`,
      ).join("");
    const pipe = ISA.replaceAll("*", "|").replace("|:~", "|>!");
    const text =
      file +
      ISA +
      body(3000, "*", "~") +
      pipe +
      body(5000, "|", "!") +
      "  " +
      file +
      body(9, "*", "~");
    const padded = Buffer.from("x" + text, "latin1");
    for (const input of [Buffer.from(text, "latin1"), padded.subarray(1)]) {
      expectSameAsArray(input);
      const list = tokenize(input);
      const expected = plain(arrayTokenize(input).segments);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: list.length - 1 }), (i) => {
          expect(toSegment(list.at(i) as Segment)).toEqual(expected[i]);
        }),
      );
      for (const i of [2047, 2048, 2049, 4095, 4096, 6143, 6144, list.length - 1]) {
        expect(toSegment(list.at(i) as Segment)).toEqual(expected[i]);
      }
    }
  });

  it("is empty for empty or blank input, as the array was", () => {
    for (const input of ["", " \r\n", "\uFEFF"]) {
      expect(tokenize(input).length).toBe(0);
      expect(tokenize(input).interchangeCount).toBe(0);
      expect([...tokenize(input)]).toEqual([]);
      expectSameAsArray(input);
    }
  });

  it("agrees with the array scan on mutated corpus files: same segments or same error", () => {
    const texts = samples.filter((s) => s.bytes.length < 40_000).map((s) => s.bytes.toString());
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(
          fc.record({
            at: fc.nat(),
            cut: fc.nat({ max: 8 }),
            insert: fc.oneof(
              fc.string({ maxLength: 6 }),
              fc.constantFrom("ISA", "~", "*", "\r\n", "ST*", "SE*", "é€😀", "\n"),
            ),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.boolean(),
        fc.option(fc.nat({ max: texts.length - 1 })),
        (index, edits, asBytes, appended) => {
          // A second file after the first: several interchanges, maybe other delimiters.
          let text = (texts[index] ?? "") + (appended === null ? "" : "\n" + texts[appended]);
          for (const edit of edits) {
            const at = edit.at % (text.length + 1);
            text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
          }
          const input = asBytes ? Buffer.from(text, "utf8") : text;
          const expected = outcome(() => arrayTokenize(input).segments);
          expect(outcome(() => tokenize(input))).toEqual(expected);
          if ("segments" in (expected as object)) expectSameAsArray(input);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("agrees with the array scan on random bytes after an ISA", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, withIsa) => {
        const input = withIsa ? Buffer.concat([Buffer.from(ISA), bytes]) : bytes;
        const expected = outcome(() => arrayTokenize(input).segments);
        expect(outcome(() => tokenize(input))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
