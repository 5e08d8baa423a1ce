/**
 * The segment the scanner cuts: its id, position and offset at once, its elements split from
 * the window text on first use (then kept). Cutting a segment costs one object and a search
 * for its terminator; the element strings and their array are made only for segments someone
 * reads, which halves the work and the garbage of a stream that skips most of them. A reader
 * that reads every element pays what the eager split cost before.
 *
 * Until its elements are split the segment keeps its window text alive (so did the element
 * slices of the eager split). `elements` is a getter: spread or structuredClone a segment with
 * `toSegment` (or JSON, which uses toJSON) to get a plain object with every field.
 */
import type { Segment } from "./segment.js";

/** Window indexes of the element separators of the segment being split (grown on demand). */
let scratch: Int32Array = new Int32Array(256);
/**
 * Two-character ASCII strings by their two codes, filled as met and shared by every scanner
 * (equal text, equal string): one table of 16K slots for the process, not one per scanner.
 */
export const PAIRS: (string | undefined)[] = new Array<string | undefined>(128 * 128).fill(
  undefined,
);
/** Longest element the sharer is asked about (it shares 2 to 4 characters; 1 V8 shares). */
const MAX_SHARED = 4;

/** The text a window's segments were cut from, and its element separator. */
export interface SegmentSource {
  readonly text: string;
  /** Char code of the element separator. */
  readonly separator: number;
  /** Makes split elements as shared strings; undefined: plain slices. */
  readonly share: StringSharer | undefined;
  /**
   * The bytes the text was decoded from when it is their Latin-1 decoding (ASCII), never
   * written again: the separator search reads them, faster than charCodeAt (a typed array
   * load against a dispatch on the string's representation). Undefined: search the text.
   */
  readonly bytes: Uint8Array | undefined;
  /**
   * The same bytes as little-endian 32-bit words (bytes[4w .. 4w+3] = words[w], for the
   * whole words of bytes), when bytes are given and the platform is little-endian: the
   * separator search tests four bytes a load (see findSeparators). Undefined: byte loads.
   */
  readonly words: Int32Array | undefined;
}

/**
 * Makes text[start, end) as a string shared by equal values. An object with a method, not a
 * closure: optimized code that calls a closure holds on to it, and is thrown away when the
 * closure dies with the scanner that made it (see keepShape).
 */
export interface StringSharer {
  shared(text: string, start: number, end: number): string;
  /** As shared, for ASCII text whose bytes are at hand (see SegmentSource.bytes). */
  sharedAscii(bytes: Uint8Array, text: string, start: number, end: number): string;
}

export class ScannedSegment implements Segment {
  /** The source until the elements are split, then the elements (the text is let go). */
  #data: SegmentSource | readonly string[];
  /** Index of the first element separator, or #end when the segment has no elements. */
  readonly #idEnd: number;
  readonly #end: number;

  constructor(
    readonly id: string,
    readonly position: number,
    readonly offset: number,
    source: SegmentSource,
    idEnd: number,
    end: number,
  ) {
    this.#data = source;
    this.#idEnd = idEnd;
    this.#end = end;
  }

  get elements(): readonly string[] {
    const data = this.#data;
    if (Array.isArray(data)) return data as readonly string[];
    const elements = splitElements(data as SegmentSource, this.#idEnd, this.#end);
    this.#data = elements;
    return elements;
  }

  toJSON(): Segment {
    return toSegment(this);
  }
}

/**
 * The elements of the segment whose id ends at `idEnd` (its first separator) and which ends
 * at `end`. A function, not a private method: a class with a private method gives every
 * instance one more field (its brand), 8 bytes of each of millions of segments.
 *
 * One pass for the separators (over the bytes when the source has them, else charCodeAt),
 * then one string per element into an exact array: "" and one ASCII character from tables,
 * 2 to 4 characters from the sharer's cache, longer ones sliced.
 */
function splitElements(
  { text, separator, share, bytes, words }: SegmentSource,
  idEnd: number,
  end: number,
): string[] {
  if (idEnd >= end) return [];
  // Room for a separator at every character: no capacity check in the loop.
  if (end - idEnd > scratch.length) scratch = new Int32Array(2 * (end - idEnd));
  const at = scratch;
  let count = 0;
  if (words !== undefined) {
    count = findSeparators(bytes as Uint8Array, words, separator, idEnd, end, at);
  } else if (bytes !== undefined) {
    for (let i = idEnd; i < end; i++) if (bytes[i] === separator) at[count++] = i;
  } else {
    for (let i = idEnd; i < end; i++) if (text.charCodeAt(i) === separator) at[count++] = i;
  }
  at[count] = end;
  // Exactly `count` slots: arrays grown by push keep spare capacity, which adds up over
  // the millions of segments a whole file can hold.
  const elements = new Array<string>(count);
  let from = idEnd + 1;
  for (let k = 0; k < count; k++) {
    const to = at[k + 1] as number;
    const length = to - from;
    if (length === 2 && bytes !== undefined) {
      // The commonest length (qualifiers, codes): its table slot read here, not in a call.
      const pair = ((bytes[from] as number) << 7) | (bytes[from + 1] as number);
      elements[k] = PAIRS[pair] ?? sharedPair(pair, text, from);
    } else if (length === 0) elements[k] = "";
    else if (length > MAX_SHARED || share === undefined) elements[k] = text.slice(from, to);
    else if (bytes !== undefined) {
      elements[k] =
        length === 1
          ? (ONE_CHARACTER[bytes[from] as number] as string)
          : share.sharedAscii(bytes, text, from, to);
    } else if (length === 1) elements[k] = oneCharacter(text, from);
    else elements[k] = share.shared(text, from, to);
    from = to + 1;
  }
  return elements;
}

/** 0x01 in each byte of a word. */
const LOW_BITS = 0x01010101;
const SEVEN_BITS = 0x7f7f7f7f;

/**
 * Writes the indexes of bytes[from, end) equal to `separator` into `at`, in order, and
 * returns their count. Whole aligned words are tested four bytes at a time: x = word ^
 * (separator in every byte) has a zero byte where the separator is, and
 * ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..) sets the top bit of exactly those bytes (no carry
 * crosses a byte, so no false match); each set bit gives one index, lowest byte first.
 * Fewer loads and far fewer unpredictable branches than a test per byte.
 */
function findSeparators(
  bytes: Uint8Array,
  words: Int32Array,
  separator: number,
  from: number,
  end: number,
  at: Int32Array,
): number {
  let count = 0;
  let i = from;
  const headEnd = Math.min(end, (from + 3) & ~3);
  for (; i < headEnd; i++) if (bytes[i] === separator) at[count++] = i;
  const pattern = Math.imul(separator, LOW_BITS);
  const wordEnd = end >> 2;
  for (let w = i >> 2; w < wordEnd; w++) {
    const x = (words[w] as number) ^ pattern;
    let found = ~(((x & SEVEN_BITS) + SEVEN_BITS) | x | SEVEN_BITS);
    while (found !== 0) {
      // The lowest set bit's byte: 31 - clz32 of that bit is its bit index.
      at[count++] = (w << 2) + ((31 - Math.clz32(found & -found)) >> 3);
      found &= found - 1;
    }
  }
  for (i = Math.max(i, wordEnd << 2); i < end; i++) if (bytes[i] === separator) at[count++] = i;
  return count;
}

function sharedPair(pair: number, text: string, from: number): string {
  return (PAIRS[pair] = text.slice(from, from + 2));
}

const keptShapes: object[] = [];

/**
 * Keeps `object` alive for the life of the process, and with it its shape. V8 keeps an object
 * shape (map) only while some object has it and throws away the optimized code that depends on
 * a shape that dies. A full collection between two inputs, with nothing of the first still
 * alive, would discard the scanner's optimized code, and each input would run in cold code
 * until it tiered up again: measured twice as slow on a 10 MB stream. The scanner, its segments
 * and the stream reader keep one instance each.
 */
export function keepShape<T extends object>(object: T): T {
  keptShapes.push(object);
  return object;
}

keepShape(
  new ScannedSegment(
    "",
    0,
    0,
    { text: "", separator: 0, share: undefined, bytes: undefined, words: undefined },
    0,
    0,
  ),
);

/** Strings of one ASCII character by code: a table read instead of a slice call. */
const ONE_CHARACTER: readonly string[] = Array.from({ length: 128 }, (_, code) =>
  String.fromCharCode(code),
);

function oneCharacter(text: string, at: number): string {
  const code = text.charCodeAt(at);
  return code < 128 ? (ONE_CHARACTER[code] as string) : text.charAt(at);
}

/** A plain-object copy of a segment (every field an own property). */
export function toSegment(segment: Segment): Segment {
  const { id, elements, position, offset } = segment;
  return { id, elements, position, offset };
}
