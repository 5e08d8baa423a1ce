import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { readInterchanges } from "../../../src/x12/envelope.js";
import { toSegment } from "../../../src/x12/scanned-segment.js";
import type { Segment } from "../../../src/x12/segment.js";
import { streamSegments, streamTransactionSets } from "../../../src/x12/stream.js";
import { tokenize } from "../../../src/x12/tokenizer.js";
import { corpusFiles } from "../../support/corpus.js";

/** The bytes cut at the given sizes (cycled), as a Readable of those chunks. */
function chunked(bytes: Uint8Array, sizes: readonly number[]): Readable {
  return Readable.from(pieces(bytes, sizes));
}

function* pieces(bytes: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
  let at = 0;
  for (let n = 0; at < bytes.length; n++) {
    const size = Math.max(1, sizes[n % sizes.length] ?? 1);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** Plain copies: a scanned segment's elements are a getter, which toEqual does not compare. */
const plain = (segments: readonly Segment[]): Segment[] => segments.map(toSegment);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const samples = corpusFiles().map((file) => ({ ...file, bytes: readFileSync(file.path) }));
const small = samples.filter((s) => s.bytes.length < 20_000);

describe("streamSegments", () => {
  it("equals tokenize() for every corpus file read from a Readable", async () => {
    for (const sample of samples) {
      const streamed = await collect(streamSegments(Readable.from([sample.bytes])));
      expect(plain(streamed), sample.relative).toEqual(plain(tokenize(sample.bytes).toArray()));
    }
  });

  it("equals tokenize() with 1-byte chunks", async () => {
    for (const sample of small.slice(0, 12)) {
      const streamed = await collect(streamSegments(chunked(sample.bytes, [1])));
      expect(plain(streamed), sample.relative).toEqual(plain(tokenize(sample.bytes).toArray()));
    }
  });

  it("equals tokenize() with random chunk sizes, also for multi-byte characters", async () => {
    const extra = Buffer.from(
      readFileSync(small[0]!.path, "utf8").replace("BHT*", "BHT*é€😀*").replace("NM1*", "NM1*ü*"),
    );
    const inputs = [...small.map((s) => s.bytes), extra];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: inputs.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }),
        async (index, sizes) => {
          const bytes = inputs[index]!;
          const streamed: Segment[] = await collect(streamSegments(chunked(bytes, sizes)));
          expect(plain(streamed)).toEqual(plain(tokenize(bytes).toArray()));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("agrees with tokenize() on mutated samples: same segments, or the same error and offset", async () => {
    const texts = small.map((sample) => sample.bytes.toString("latin1"));
    const outcome = async (run: () => Promise<Segment[]> | Segment[]): Promise<unknown> => {
      try {
        return { segments: plain(await run()) };
      } catch (error) {
        const { code, offset } = error as { code?: string; offset?: number };
        return { code, offset };
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: texts.length - 1 }),
        fc.array(
          fc.record({ at: fc.nat(), cut: fc.nat({ max: 5 }), insert: fc.string({ maxLength: 4 }) }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.integer({ min: 1, max: 64 }),
        async (index, edits, chunk) => {
          let text = texts[index]!;
          for (const edit of edits) {
            const at = edit.at % (text.length + 1);
            text = text.slice(0, at) + edit.insert + text.slice(at + edit.cut);
          }
          const bytes = Buffer.from(text, "latin1");
          const whole = await outcome(() => tokenize(bytes).toArray());
          const streamed = await outcome(() => collect(streamSegments(chunked(bytes, [chunk]))));
          expect(streamed).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("splits elements at every byte alignment, next to look-alike bytes, like tokenize()", async () => {
    // The streamed split tests four bytes a load: separators and terminators at each position
    // within a word, runs of them, and bytes one bit away ("+" and ")" beside "*", "\x7f").
    const isa =
      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       " +
      "*240102*1230*^*00501*000000001*0*T*:~";
    const alphabet = ["*", "*", "+", ")", "~", "}", "\x7f", "A", "1", " ", ":", "^", "\n"];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            id: fc.constantFrom("ST", "CLP", "NM1", "SE", "N", "LONGID"),
            body: fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 80 }),
        async (segments, chunk) => {
          const text = isa + segments.map((s) => `${s.id}*${s.body.join("")}~`).join("");
          const bytes = Buffer.from(text, "latin1");
          const streamed = await collect(streamSegments(chunked(bytes, [chunk])));
          const whole = tokenize(bytes).toArray();
          expect(plain(streamed)).toEqual(plain(whole));
          // Independent of both: each segment is its text up to the terminator.
          const expected = whole.map((s) => text.slice(s.offset, text.indexOf("~", s.offset)));
          expect(streamed.map((s) => [s.id, ...s.elements].join("*"))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("splits elements read after the stream ended from its own copy of a reused chunk buffer", async () => {
    // One buffer for every chunk, overwritten (with garbage) once the reader has taken it.
    async function* reusing(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
      const buffer = new Uint8Array(size);
      for (let at = 0; at < bytes.length; at += size) {
        const piece = bytes.subarray(at, at + size);
        buffer.set(piece);
        yield buffer.subarray(0, piece.length);
        await Promise.resolve(); // as a file read would, before it fills the buffer again
        buffer.fill(0x2a);
      }
    }
    for (const sample of small.slice(0, 8)) {
      for (const size of [7, 64, 4096]) {
        const streamed = await collect(streamSegments(reusing(sample.bytes, size)));
        expect(plain(streamed), sample.relative).toEqual(plain(tokenize(sample.bytes).toArray()));
      }
    }
  });

  it("fails with a positioned error on a runaway segment", async () => {
    const isa =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240102*1230*^*00501*000000001*0*T*:~";
    const bytes = Buffer.from(isa + "GS*" + "x".repeat(5000));
    await expect(
      collect(streamSegments(chunked(bytes, [100]), { maxSegmentLength: 1000 })),
    ).rejects.toMatchObject({ code: "X12_SEGMENT_TOO_LONG", offset: 106 });
  });

  it("fails like tokenize() on input that is not X12", async () => {
    await expect(
      collect(streamSegments(chunked(Buffer.from("hello world"), [3]))),
    ).rejects.toMatchObject({
      code: "X12_NOT_INTERCHANGE",
      offset: 0,
    });
  });
});

describe("streamTransactionSets", () => {
  it("yields the same sets, headers and set findings as readInterchanges", async () => {
    for (const sample of samples) {
      const streamed = await collect(streamTransactionSets(chunked(sample.bytes, [997])));
      const whole = readInterchanges(sample.bytes).flatMap((interchange) =>
        interchange.groups.flatMap((group) =>
          group.transactionSets.map((set) => ({ interchange, group, set })),
        ),
      );
      expect(streamed.length, sample.relative).toBe(whole.length);
      streamed.forEach((item, n) => {
        const expected = whole[n]!;
        expect({ ...item.transactionSet, segments: plain(item.transactionSet.segments) }).toEqual({
          ...expected.set,
          segments: plain(expected.set.segments),
          findings: item.transactionSet.findings,
        });
        // Whole-file reading may add a duplicate-ST02 finding the stream cannot know.
        expect(expected.set.findings).toEqual(
          expect.arrayContaining([...item.transactionSet.findings]),
        );
        expect(item.interchange.controlNumber).toBe(expected.interchange.controlNumber);
        expect(item.interchange.delimiters).toEqual(expected.interchange.delimiters);
        expect(item.group?.controlNumber).toBe(expected.group.controlNumber);
        expect(item.group?.version).toBe(expected.group.version);
      });
    }
  });

  it("ends a set that lacks SE at the next envelope segment", async () => {
    const isa =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240102*1230*^*00501*000000001*0*T*:~";
    const text =
      isa + "GS*HC*S*R*20240102*1230*1*X*005010X222A1~ST*837*0001~BHT*1~GE*1*1~IEA*1*000000001~";
    const [only, ...rest] = await collect(streamTransactionSets(chunked(Buffer.from(text), [7])));
    expect(rest).toEqual([]);
    expect(only?.transactionSet.segments.map((s) => s.id)).toEqual(["ST", "BHT"]);
    expect(only?.transactionSet.findings).toMatchObject([
      { code: "ENVELOPE_MISSING_TRAILER", ik502: "2" },
    ]);
  });
});
