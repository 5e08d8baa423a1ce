/**
 * The segments of a whole input as a compact, read-only list: the decoded text (or, for
 * ASCII bytes, a copy of them, decoded window by window when read) and, per segment, its
 * start, end and position in typed arrays (and its byte offset when the input is not ASCII). A segment object is made when `at` or the iterator hands it out and is not
 * kept: a 100 MB file holds three numbers per segment instead of millions of objects that
 * every young collection would copy and promote (measured 4x slower than the scan itself).
 *
 * Each call makes a new object (equal, not identical), whose elements are split when first
 * read: a caller that reads a segment several times keeps the object it got. `slice` and
 * `toArray` make a plain array for callers that want one.
 */
import { keepShape, ScannedSegment, type SegmentSource } from "./scanned-segment.js";
import type { Delimiters, Segment } from "./segment.js";
import { Buffer } from "node:buffer";

/** Makes the id string of a segment (one shared string per distinct id; see SegmentScanner). */
export interface SegmentIds {
  idOf(text: string, start: number, idEnd: number): string;
  /** As idOf, given the id's packed key (-1 for none; see SegmentScanner.idOfKey). */
  idOfKey(key: number, text: string, start: number, idEnd: number): string;
}

/** The packed key of an id of `length` characters whose 7-bit codes are `codes` (see idKey). */
function packedKey(length: number, codes: number): number {
  return length >= 1 && length <= 4 ? (length << (7 * length)) | codes : -1;
}

/**
 * Starting capacity: one segment per this many characters of input. Segments are rarely
 * shorter on average (the corpus averages 30 bytes, generated 835/837P files 20-21), so the
 * arrays seldom grow, and within a quarter of the count they are kept as they are (fitted).
 */
const CHARACTERS_PER_SEGMENT_GUESS = 18;
const MIN_CAPACITY = 64;
/**
 * Segments per text window of a list of bytes (a power of two; see SegmentList.#window):
 * some 40 KB of text, decoded when the window's first segment is read, cache-warm and young.
 */
const WINDOW_SHIFT = 11;

export class SegmentList implements Iterable<Segment> {
  readonly length: number;
  readonly #text: string;
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  readonly #positions: Int32Array;
  /** Byte offsets; undefined when the input is ASCII (then offset = start). */
  readonly #offsets: Float64Array | undefined;
  /** Index of each interchange's ISA in the list, and the source its segments split from. */
  readonly #interchangeStarts: readonly number[];
  readonly #sources: readonly SegmentSource[];
  readonly #delimiters: readonly Delimiters[];
  readonly #ids: SegmentIds;
  /**
   * An ASCII input's bytes (a copy, see tokenize), or undefined: then #text is the input.
   * With bytes, #text is "" and segments split from the text of their window, decoded when
   * first needed: decoding a whole 100 MB input up front wrote 100 MB of fresh pages.
   */
  readonly #bytes: Uint8Array | undefined;
  /** The window and interchange whose source #windowSource is (-1: none yet). */
  #windowIndex = -1;
  #windowInterchange = -1;
  #windowSource: SegmentSource | undefined;
  #windowBase = 0;

  /** @internal Made by SegmentListBuilder.finish. */
  constructor(parts: {
    text: string;
    length: number;
    starts: Int32Array;
    ends: Int32Array;
    positions: Int32Array;
    offsets: Float64Array | undefined;
    interchangeStarts: readonly number[];
    sources: readonly SegmentSource[];
    delimiters: readonly Delimiters[];
    ids: SegmentIds;
    bytes: Uint8Array | undefined;
  }) {
    this.length = parts.length;
    this.#text = parts.text;
    this.#starts = parts.starts;
    this.#ends = parts.ends;
    this.#positions = parts.positions;
    this.#offsets = parts.offsets;
    this.#interchangeStarts = parts.interchangeStarts;
    this.#sources = parts.sources;
    this.#delimiters = parts.delimiters;
    this.#ids = parts.ids;
    this.#bytes = parts.bytes;
  }

  /** The segment at `index` (negative counts from the end, as Array.prototype.at), a new object. */
  at(index: number): Segment | undefined {
    const i = Math.trunc(index) + (index < 0 ? this.length : 0);
    if (!(i >= 0 && i < this.length)) return undefined;
    return this.#make(i, this.#interchangeOf(i));
  }

  [Symbol.iterator](): Iterator<Segment> {
    return new SegmentListIterator(this, 0, this.length);
  }

  /** Segments [from, to) as an array (bounds as Array.prototype.slice). */
  slice(from = 0, to = this.length): Segment[] {
    const start = clampIndex(from, this.length);
    const end = clampIndex(to, this.length);
    const out = new Array<Segment>(Math.max(0, end - start));
    let interchange = start < end ? this.#interchangeOf(start) : 0;
    for (let i = start; i < end; i++) {
      while (this.#interchangeStarts[interchange + 1] === i) interchange++;
      out[i - start] = this.#make(i, interchange);
    }
    return out;
  }

  toArray(): Segment[] {
    return this.slice(0, this.length);
  }

  /** Number of interchanges (each ISA starts one). */
  get interchangeCount(): number {
    return this.#interchangeStarts.length;
  }

  /** The delimiters of interchange `n` and the list range [from, to) of its segments. */
  interchange(n: number): { delimiters: Delimiters; from: number; to: number } {
    const delimiters = this.#delimiters[n];
    if (delimiters === undefined) throw new RangeError(`no interchange ${n}`);
    const from = this.#interchangeStarts[n] as number;
    return { delimiters, from, to: this.#interchangeStarts[n + 1] ?? this.length };
  }

  /** @internal The segment at a valid index `i` of interchange `interchange`. */
  make(i: number, interchange: number): Segment {
    return this.#make(i, interchange);
  }

  /** @internal The interchange that holds valid index `i`. */
  interchangeOf(i: number): number {
    return this.#interchangeOf(i);
  }

  /** @internal The index where interchange `n + 1` starts (the list length after the last). */
  interchangeEnd(n: number): number {
    return this.#interchangeStarts[n + 1] ?? this.length;
  }

  #make(i: number, interchange: number): Segment {
    const start = this.#starts[i] as number;
    const end = this.#ends[i] as number;
    const bytes = this.#bytes;
    if (bytes !== undefined) {
      // Indexes into the window's text are input indexes less the window's base.
      const source = this.#window(i, interchange, bytes);
      const base = this.#windowBase;
      const separator = source.separator;
      // The id's end and packed key in one pass over the bytes (as the scanner does).
      let idEnd = start;
      let codes = 0;
      for (let code = 0; idEnd < end && (code = bytes[idEnd] as number) !== separator; idEnd++) {
        codes = (codes << 7) | code;
      }
      const key = packedKey(idEnd - start, codes);
      const id = this.#ids.idOfKey(key, source.text, start - base, idEnd - base);
      const position = this.#positions[i] as number;
      return new ScannedSegment(id, position, start, source, idEnd - base, end - base);
    }
    const text = this.#text;
    const source = this.#sources[interchange] as SegmentSource;
    const separator = source.separator;
    let idEnd = start;
    while (idEnd < end && text.charCodeAt(idEnd) !== separator) idEnd++;
    const id = this.#ids.idOf(text, start, idEnd);
    const offsets = this.#offsets;
    const offset = offsets === undefined ? start : (offsets[i] as number);
    return new ScannedSegment(id, this.#positions[i] as number, offset, source, idEnd, end);
  }

  /**
   * The source of segment `i` of a list of bytes: the text of its window of segments, from
   * a word-aligned base (its bytes a view from there, as words: see SegmentSource.words),
   * decoded when the window is first met (the last one is kept: reads go mostly in order).
   */
  #window(i: number, interchange: number, bytes: Uint8Array): SegmentSource {
    const w = i >> WINDOW_SHIFT;
    if (w === this.#windowIndex && interchange === this.#windowInterchange) {
      return this.#windowSource as SegmentSource;
    }
    const first = w << WINDOW_SHIFT;
    const last = Math.min(this.length, first + (1 << WINDOW_SHIFT)) - 1;
    const base = (this.#starts[first] as number) & ~3;
    const limit = this.#ends[last] as number;
    const view = bytes.subarray(base, limit);
    const of = this.#sources[interchange] as SegmentSource;
    const source: SegmentSource = {
      text: Buffer.from(view.buffer, view.byteOffset, view.length).toString("latin1"),
      separator: of.separator,
      share: of.share,
      bytes: view,
      words: wordsOf(view),
    };
    this.#windowIndex = w;
    this.#windowInterchange = interchange;
    this.#windowSource = source;
    this.#windowBase = base;
    return source;
  }

  /** Binary search over the interchange starts (one interchange: no search). */
  #interchangeOf(i: number): number {
    const starts = this.#interchangeStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= i) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

function clampIndex(index: number, length: number): number {
  const i = Number.isNaN(index) ? 0 : Math.trunc(index);
  if (i < 0) return Math.max(0, length + i);
  return Math.min(i, length);
}

/** The list's segments in order, one new object per step (see SegmentList). */
class SegmentListIterator implements Iterator<Segment> {
  private interchange = 0;
  private nextInterchangeAt: number;

  constructor(
    private readonly list: SegmentList,
    private index: number,
    private readonly end: number,
  ) {
    this.interchange = index < end ? list.interchangeOf(index) : 0;
    this.nextInterchangeAt = list.interchangeEnd(this.interchange);
  }

  next(): IteratorResult<Segment> {
    const i = this.index;
    if (i >= this.end) return { done: true, value: undefined };
    while (i >= this.nextInterchangeAt) {
      this.interchange++;
      this.nextInterchangeAt = this.list.interchangeEnd(this.interchange);
    }
    this.index = i + 1;
    return { done: false, value: this.list.make(i, this.interchange) };
  }

  [Symbol.iterator](): Iterator<Segment> {
    return this;
  }
}

/** Collects the segments the scanner cuts from a whole input (see SegmentScanner.scanAll). */
export class SegmentListBuilder {
  private count = 0;
  private starts: Int32Array;
  private ends: Int32Array;
  private positions: Int32Array;
  private offsets: Float64Array | undefined;
  private readonly interchangeStarts: number[] = [];
  private readonly sources: SegmentSource[] = [];
  private readonly delimiters: Delimiters[] = [];

  /** `text`: the input, or "" when `bytes` are given (see SegmentList.#bytes). */
  constructor(
    private readonly text: string,
    length: number,
    ascii: boolean,
    private readonly bytes?: Uint8Array,
  ) {
    const capacity = Math.max(MIN_CAPACITY, Math.ceil(length / CHARACTERS_PER_SEGMENT_GUESS));
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
    this.offsets = ascii ? undefined : new Float64Array(capacity);
  }

  /** An interchange starts with the next segment added. */
  startInterchange(delimiters: Delimiters, source: SegmentSource): void {
    this.interchangeStarts.push(this.count);
    this.sources.push(source);
    this.delimiters.push(delimiters);
  }

  /** The segment text[start, end) (terminator excluded) at `position` and byte `offset`. */
  add(start: number, end: number, position: number, offset: number): void {
    const i = this.count;
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
    this.positions[i] = position;
    if (this.offsets !== undefined) this.offsets[i] = offset;
    this.count = i + 1;
  }

  finish(ids: SegmentIds): SegmentList {
    const n = this.count;
    return new SegmentList({
      text: this.text,
      length: n,
      starts: fitted(this.starts, n),
      ends: fitted(this.ends, n),
      positions: fitted(this.positions, n),
      offsets: this.offsets === undefined ? undefined : fitted(this.offsets, n),
      interchangeStarts: this.interchangeStarts,
      sources: this.sources,
      delimiters: this.delimiters,
      ids,
      bytes: this.bytes,
    });
  }

  private grow(): void {
    const capacity = this.starts.length * 2;
    this.starts = grown(this.starts, new Int32Array(capacity));
    this.ends = grown(this.ends, new Int32Array(capacity));
    this.positions = grown(this.positions, new Int32Array(capacity));
    if (this.offsets !== undefined) this.offsets = grown(this.offsets, new Float64Array(capacity));
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The first n values, copied when the spare capacity is worth giving back (over 1/4). */
function fitted<T extends Int32Array | Float64Array>(array: T, n: number): T {
  if (array.length - n <= array.length >> 2) return array.subarray(0, n) as T;
  return array.slice(0, n) as T;
}

keepShape(new SegmentListBuilder("", 0, true)); // see keepShape

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The whole 32-bit words of `bytes` when the platform is little-endian and they align. */
function wordsOf(bytes: Uint8Array): Int32Array | undefined {
  if (!LITTLE_ENDIAN || bytes.byteOffset % 4 !== 0) return undefined;
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
}
