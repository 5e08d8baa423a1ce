/**
 * The segment scanner shared by the whole-input tokenizer and the stream reader.
 *
 * It works on a text window and an index, cuts segments at the terminator with
 * `indexOf` (no per-character loop, no regex), and keeps the state that crosses
 * windows: the delimiters of the current interchange, segment positions, and the
 * byte offset of the window start. A window may end anywhere: `scan` returns the
 * index of the first character it could not yet consume.
 */
import { Buffer } from "node:buffer";
import { X12InputError } from "./input-error.js";
import {
  keepShape,
  PAIRS,
  ScannedSegment,
  type SegmentSource,
  type StringSharer,
} from "./scanned-segment.js";
import type { Delimiters, Segment } from "./segment.js";
import { SegmentListBuilder, type SegmentIds, type SegmentList } from "./segment-list.js";

/** The ISA is 106 characters when its fields have their fixed widths; allow slack for bad widths. */
const ISA_MAX_SCAN = 200;
const ISA_ELEMENTS = 16;
/** Longest value shared by SegmentScanner.shared: 4 characters of 7 bits and the length fit 31 bits. */
const MAX_SHARED_LENGTH = 4;
/** Slots of the shared string cache (a power of two) and the shift that hashes into them. */
const SHARED_CACHE_SIZE = 4096;
const SHARED_CACHE_SHIFT = 20;
/** Slots of the segment id cache (a power of two) and the shift that hashes into them. */
const ID_CACHE_SIZE = 1024;
const ID_CACHE_SHIFT = 22;

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isSkippable(code: number): boolean {
  // CR, LF, space, tab and the byte order mark may sit between segments.
  return code === 10 || code === 13 || code === 32 || code === 9 || code === 0xfeff;
}

/** UTF-8 length of text[from, to). */
function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < to) {
      bytes += 4; // surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** True when every character of text is ASCII (then character index = byte offset). */
export function isAsciiText(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
}

export interface IsaHeader {
  readonly delimiters: Delimiters;
  /** Index of the segment terminator that ends the ISA. */
  readonly end: number;
}

/**
 * Reads the delimiters of the ISA starting at `start`. Returns undefined when the window
 * ends before the ISA does and more input may come; throws when it cannot be an ISA.
 */
export function readIsaAt(
  text: string,
  start: number,
  final: boolean,
  offsetOf: (index: number) => number,
): IsaHeader | undefined {
  const fail = (why: string): never => {
    throw new X12InputError(
      "X12_NOT_INTERCHANGE",
      `ISA header unreadable: ${why}`,
      offsetOf(start),
    );
  };
  if (text.length < start + 4) return final ? fail("input ends inside the ISA") : undefined;
  if (!text.startsWith("ISA", start)) fail("the interchange does not start with ISA");
  const element = text.charAt(start + 3);
  const elementCode = element.charCodeAt(0);
  if (isAlphanumeric(elementCode) || isSkippable(elementCode)) fail("invalid element separator");
  const separators: number[] = [start + 3];
  let at = start + 3;
  while (separators.length < ISA_ELEMENTS) {
    at = text.indexOf(element, at + 1);
    if (at === -1 || at - start > ISA_MAX_SCAN) {
      if (!final && at === -1 && text.length - start <= ISA_MAX_SCAN) return undefined;
      return fail("ISA does not have 16 elements");
    }
    separators.push(at);
  }
  if (text.length < at + 3) return final ? fail("input ends inside the ISA") : undefined;
  const component = text.charAt(at + 1);
  const segment = text.charAt(at + 2);
  if (isAlphanumeric(segment.charCodeAt(0))) fail("invalid segment terminator");
  if (component === element || component === segment || element === segment) {
    fail("delimiters are not distinct");
  }
  const isa11 = text.slice((separators[10] ?? 0) + 1, separators[11]);
  const delimiters = {
    element,
    repetition: repetitionOf(isa11, element, component, segment),
    component,
    segment,
  };
  return { delimiters, end: at + 2 };
}

/**
 * ISA11 is the repetition separator in 005010. Older versions (and many samples) put the
 * standards identifier "U" there: then the interchange has no repetition separator ("").
 */
function repetitionOf(isa11: string, ...others: string[]): string {
  if (isa11.length !== 1) return "";
  const code = isa11.charCodeAt(0);
  if (isAlphanumeric(code) || isSkippable(code) || others.includes(isa11)) return "";
  return isa11;
}

/** 0x01 and 0x80 in each byte of a word (see terminatorFrom). */
const LOW_BITS = 0x01010101;
const HIGH_BITS = 0x80808080 | 0;

/** True when this platform stores a 32-bit word's low byte first. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The whole 32-bit words of `bytes` (see SegmentSource.words), when they can be viewed so. */
function wordsOf(bytes: Uint8Array | undefined): Int32Array | undefined {
  if (bytes === undefined || !LITTLE_ENDIAN || bytes.byteOffset % 4 !== 0) return undefined;
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
}

/** The Latin-1 decoding of bytes[from, to). */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("latin1");
}

/** The code at `i` of the text, or of its bytes when at hand (see scanAll). */
function codeAt(text: string, bytes: Uint8Array | undefined, i: number): number {
  return bytes === undefined ? text.charCodeAt(i) : (bytes[i] as number);
}

/** As SegmentScanner.startsInterchange, on ASCII bytes. */
function startsIsa(bytes: Uint8Array, i: number): boolean {
  return (
    bytes[i] === 73 &&
    bytes[i + 1] === 83 &&
    bytes[i + 2] === 65 &&
    (i + 3 >= bytes.length || !isAlphanumeric(bytes[i + 3] as number))
  );
}

/** Segment ids the position count cares about, read from char codes without a string compare. */
const ID_OTHER = 0;
const ID_ST = 1;
const ID_SE = 2;
/** GS, GE, ISA, IEA. */
const ID_ENVELOPE = 3;

/**
 * The character codes of a segment id of 1 to 4 ASCII characters packed in one number (7 bits
 * each, after the length), or -1 for any other id. Equal keys are equal ids.
 */
function idKey(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 1 || length > MAX_SHARED_LENGTH) return -1;
  let key = length;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return -1;
    key = (key << 7) | code;
  }
  return key;
}

const packed = (id: string): number => idKey(id, 0, id.length);
const KEY_ST = packed("ST");
const KEY_SE = packed("SE");
const KEY_GS = packed("GS");
const KEY_GE = packed("GE");
const KEY_ISA = packed("ISA");
const KEY_IEA = packed("IEA");

function idKind(key: number): number {
  if (key === KEY_ST) return ID_ST;
  if (key === KEY_SE) return ID_SE;
  return key === KEY_GS || key === KEY_GE || key === KEY_ISA || key === KEY_IEA
    ? ID_ENVELOPE
    : ID_OTHER;
}

/** An interchange the scanner entered: its delimiters and the index of its ISA in `out`. */
export interface InterchangeStart {
  readonly delimiters: Delimiters;
  readonly segmentIndex: number;
}

export class SegmentScanner implements StringSharer, SegmentIds {
  private delimiters: Delimiters | undefined;
  private inSet = false;
  private setPosition = 0;
  private interchangePosition = 0;
  /** Byte offset of index 0 of the current window. */
  private windowOffset = 0;
  private windowAscii = true;
  private windowBytes: Uint8Array | undefined = undefined;
  /** windowBytes as 32-bit words (see SegmentSource.words). */
  private windowWords: Int32Array | undefined = undefined;
  /** Byte-count cursor for non-ASCII windows (index and its byte offset from window start). */
  private cursorIndex = 0;
  private cursorBytes = 0;
  private separatorCode = -1;
  private terminatorCode = -1;
  private terminator = "";
  /** Reset by each scan and each new set of delimiters. */
  private source: SegmentSource | undefined;
  /** Segments in the `out` of the running scan (it may have spare room: see scan). */
  private outCount = 0;
  /** Length searched of a segment cut off at the end of the last window. */
  private resumeLength = 0;
  /** Shared short strings by their packed character codes (see shared; as idOf's cache). */
  private readonly sharedKeys = new Int32Array(SHARED_CACHE_SIZE);
  private readonly sharedValues: string[] = new Array<string>(SHARED_CACHE_SIZE).fill("");

  /**
   * Segment ids by their packed character codes (see idOf): a direct-mapped cache, looked
   * up inline where a Map lookup is a call. A collision only costs a new lookup.
   */
  private readonly idKeys = new Int32Array(ID_CACHE_SIZE);
  private readonly idValues: string[] = new Array<string>(ID_CACHE_SIZE).fill("");

  /** Interchanges entered since the last takeInterchanges. */
  private interchanges: InterchangeStart[] = [];

  /**
   * Split elements of 2 to 4 ASCII characters are shared strings (see shared): a whole file
   * retains fewer strings, and a stream allocates fewer (fewer young collections); the cache
   * lookup costs less than the slice it saves.
   */
  private readonly share: StringSharer = this;

  /**
   * The interchanges whose ISA the scans since the last call cut, in order (then forgotten).
   * A list the caller reads, not a callback: optimized scan code that called the caller's
   * closure would be thrown away when that closure dies (see keepShape).
   */
  takeInterchanges(): InterchangeStart[] {
    const taken = this.interchanges;
    if (taken.length > 0) this.interchanges = [];
    return taken;
  }

  /**
   * Starts a new window whose index 0 is at `byteOffset` in the input; `bytes`, when given,
   * are the window's bytes, its text their Latin-1 decoding, left unchanged while any
   * segment of the window lives (see SegmentSource.bytes).
   */
  setWindow(byteOffset: number, ascii: boolean, bytes?: Uint8Array): void {
    this.windowBytes = bytes;
    this.windowWords = wordsOf(bytes);
    this.windowOffset = byteOffset;
    this.windowAscii = ascii;
    this.cursorIndex = 0;
    this.cursorBytes = 0;
  }

  /** Byte offset of window index `index` (indexes must be asked in increasing order). */
  offsetOf(text: string, index: number): number {
    if (this.windowAscii) return this.windowOffset + index;
    if (index < this.cursorIndex) {
      return this.windowOffset + utf8Length(text, 0, index);
    }
    this.cursorBytes += utf8Length(text, this.cursorIndex, index);
    this.cursorIndex = index;
    return this.windowOffset + this.cursorBytes;
  }

  /**
   * Cuts complete segments out of text from `start`, appending them to `out`. With
   * `final`, the end of text ends the input: a last segment without terminator is kept.
   * Returns the index of the first character not consumed. `expected`: about how many
   * segments the caller expects (a capacity hint, used for windows with bytes).
   */
  scan(text: string, start: number, final: boolean, out: Segment[], expected = 0): number {
    this.source = undefined;
    this.outCount = out.length;
    const bytes = this.windowBytes;
    if (bytes !== undefined) {
      // Room for the segments expected, made once (push grows the array step by step, each
      // step a copy), then trimmed in place to the segments cut.
      if (expected > 0) out.length = this.outCount + expected;
      const consumed = this.scanAscii(text, bytes, start, final, out);
      out.length = this.outCount;
      return consumed;
    }
    const length = text.length;
    let i = start;
    for (;;) {
      while (i < length && isSkippable(text.charCodeAt(i))) i++;
      if (i >= length) return i;
      if (this.delimiters === undefined || this.startsInterchange(text, i)) {
        if (!final && length - i < 4) return i;
        const header = readIsaAt(text, i, final, (at) => this.offsetOf(text, at));
        if (header === undefined) return i;
        this.setDelimiters(header.delimiters);
        this.interchanges.push({ delimiters: header.delimiters, segmentIndex: this.outCount });
      }
      const next = this.cutOne(text, i, final, out);
      if (next === -1) return i;
      i = next;
    }
  }

  /**
   * As scan, for a window whose bytes are at hand (see setWindow): the whitespace between
   * segments and the ISA's first letter tested on the bytes, not by charCodeAt (which
   * dispatches on the string's representation, twice a segment).
   */
  private scanAscii(
    text: string,
    bytes: Uint8Array,
    start: number,
    final: boolean,
    out: Segment[],
  ): number {
    const length = text.length;
    let i = start;
    for (;;) {
      let code = 0;
      while (i < length && isSkippable((code = bytes[i] as number))) i++;
      if (i >= length) return i;
      if (this.delimiters === undefined || (code === 73 && this.startsInterchange(text, i))) {
        if (!final && length - i < 4) return i;
        const header = readIsaAt(text, i, final, (at) => this.offsetOf(text, at));
        if (header === undefined) return i;
        this.setDelimiters(header.delimiters);
        this.interchanges.push({ delimiters: header.delimiters, segmentIndex: this.outCount });
      }
      const next = this.cutOne(text, i, final, out);
      if (next === -1) return i;
      i = next;
    }
  }

  private setDelimiters(delimiters: Delimiters): void {
    this.delimiters = delimiters;
    this.separatorCode = delimiters.element.charCodeAt(0);
    this.terminatorCode = delimiters.segment.charCodeAt(0);
    this.terminator = delimiters.segment;
    this.source = undefined;
    this.inSet = false;
    this.interchangePosition = 0;
  }

  /**
   * Cuts the segment starting at `start` and returns the index after its terminator, or -1
   * when the window ends first and more input may come. The terminator is found by indexOf
   * (a native scan), the id by a short charCodeAt loop; the elements are split when first
   * read (see ScannedSegment).
   */
  private cutOne(text: string, start: number, final: boolean, out: Segment[]): number {
    const length = text.length;
    let from = start;
    if (this.resumeLength > 0) {
      // The window starts with the segment the last window cut off: skip what was searched.
      if (start === 0) from = this.resumeLength;
      this.resumeLength = 0;
    }
    let end = this.terminatorFrom(text, from);
    let next = end + 1;
    if (end === -1) {
      if (!final) return this.suspend(start, length);
      // The input ends without a terminator: drop trailing whitespace (never a separator).
      end = length;
      while (end > start && isSkippable(text.charCodeAt(end - 1))) end--;
      next = length;
    }
    // A line feed terminator written as CR LF leaves the CR on the segment: drop it.
    if (this.terminatorCode === 10 && end > start && text.charCodeAt(end - 1) === 13) end--;
    out[this.outCount++] = this.segmentOf(text, start, end);
    return next;
  }

  /**
   * Index of the first segment terminator in text from `from`, or -1. With the window's
   * bytes at hand as words, four bytes a test inline (as findSeparators); a segment is some
   * 20 bytes, and the call to indexOf cost more than the search.
   */
  private terminatorFrom(text: string, from: number): number {
    const words = this.windowWords;
    const bytes = this.windowBytes;
    if (words === undefined || bytes === undefined) {
      // Bytes without words (a big-endian platform, an unaligned view) are searched as
      // bytes: scanAll gives no text with them.
      return bytes === undefined
        ? text.indexOf(this.terminator, from)
        : bytes.indexOf(this.terminatorCode, from);
    }
    const code = this.terminatorCode;
    const length = bytes.length;
    let i = from;
    const headEnd = Math.min(length, (from + 3) & ~3);
    for (; i < headEnd; i++) if (bytes[i] === code) return i;
    const pattern = Math.imul(code, LOW_BITS);
    const wordEnd = length >> 2;
    for (let w = i >> 2; w < wordEnd; w++) {
      const x = (words[w] as number) ^ pattern;
      // Top bit set in each zero byte of x, and maybe in bytes above one (the borrow): the
      // lowest is always a true match, and only the first one is wanted here.
      const found = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (found !== 0) return (w << 2) + ((31 - Math.clz32(found & -found)) >> 3);
    }
    for (i = Math.max(i, wordEnd << 2); i < length; i++) if (bytes[i] === code) return i;
    return -1;
  }

  /**
   * The window ended inside the segment at `start`; the caller hands it back at index 0 of
   * the next window. Keeping how far it was searched makes a long segment cost linear time
   * over many windows, not quadratic.
   */
  private suspend(start: number, length: number): number {
    this.resumeLength = length - start;
    return -1;
  }

  /** The source of the segments cut from `text` (one object per scan and delimiters). */
  private sourceOf(text: string): SegmentSource {
    return (this.source ??= {
      text,
      separator: this.separatorCode,
      share: this.share,
      bytes: this.windowBytes,
      words: this.windowWords,
    });
  }

  /** The segment text[start, end): its id now, its elements when read. */
  private segmentOf(text: string, start: number, end: number): Segment {
    const separator = this.separatorCode;
    const bytes = this.windowBytes;
    let idEnd = start;
    let key: number;
    if (bytes === undefined) {
      while (idEnd < end && text.charCodeAt(idEnd) !== separator) idEnd++;
      key = idKey(text, start, idEnd);
    } else {
      // ASCII bytes: the id's end and its packed key (as idKey makes it) in one pass.
      let codes = 0;
      for (let code = 0; idEnd < end && (code = bytes[idEnd] as number) !== separator; idEnd++) {
        codes = (codes << 7) | code;
      }
      const length = idEnd - start;
      key = length >= 1 && length <= MAX_SHARED_LENGTH ? (length << (7 * length)) | codes : -1;
    }
    // The id cache's hit inline (cachedId, with its miss path, is not inlined).
    const slot = Math.imul(key, 0x9e3779b1) >>> ID_CACHE_SHIFT;
    const id =
      key === -1
        ? text.slice(start, idEnd)
        : this.idKeys[slot] === key
          ? (this.idValues[slot] as string)
          : this.cachedId(key, text, start, idEnd);
    const position = this.positionOf(idKind(key));
    const offset = this.windowAscii ? this.windowOffset + start : this.offsetOf(text, start);
    return new ScannedSegment(id, position, offset, this.sourceOf(text), idEnd, end);
  }

  /**
   * Cuts every segment of a whole input (as scan with `final`) into a SegmentList: numbers
   * in typed arrays, no segment object (see SegmentList). Throws as scan does. `bytes`: an
   * ASCII input's bytes, never written again; then `text` is not read (pass ""): the list
   * decodes the text window by window as its segments are read (see SegmentList).
   */
  scanAll(text: string, ascii: boolean, bytes?: Uint8Array): SegmentList {
    this.setWindow(0, ascii, bytes);
    const length = bytes === undefined ? text.length : bytes.length;
    const list = new SegmentListBuilder(text, length, ascii, bytes);
    let i = 0;
    for (;;) {
      // The first character of the segment (from the bytes when at hand, see scanAscii).
      let code = 0;
      if (bytes === undefined) while (i < length && isSkippable((code = text.charCodeAt(i)))) i++;
      else while (i < length && isSkippable((code = bytes[i] as number))) i++;
      if (i >= length) return list.finish(this);
      if (
        this.delimiters === undefined ||
        (code === 73 &&
          (bytes === undefined ? this.startsInterchange(text, i) : startsIsa(bytes, i)))
      ) {
        list.startInterchange(this.readIsaOfAll(text, bytes, i), this.sourceOf(text));
      }
      let end = this.terminatorFrom(text, i);
      let next = end + 1;
      if (end === -1) {
        // The input ends without a terminator: drop trailing whitespace (as cutOne).
        end = length;
        while (end > i && isSkippable(codeAt(text, bytes, end - 1))) end--;
        next = length;
      }
      if (this.terminatorCode === 10 && end > i && codeAt(text, bytes, end - 1) === 13) end--;
      const separator = this.separatorCode;
      let idEnd = i;
      let key: number;
      if (bytes === undefined) {
        while (idEnd < end && text.charCodeAt(idEnd) !== separator) idEnd++;
        key = idKey(text, i, idEnd);
      } else {
        // As segmentOf: the id's end and packed key in one pass over the bytes.
        let codes = 0;
        for (let code = 0; idEnd < end && (code = bytes[idEnd] as number) !== separator; idEnd++) {
          codes = (codes << 7) | code;
        }
        const n = idEnd - i;
        key = n >= 1 && n <= MAX_SHARED_LENGTH ? (n << (7 * n)) | codes : -1;
      }
      const position = this.positionOf(idKind(key));
      list.add(i, end, position, ascii ? i : this.offsetOf(text, i));
      i = next;
    }
  }

  /**
   * Reads the ISA at `i` of a whole input (throws when it cannot be one) and takes its
   * delimiters. With bytes, from the Latin-1 decoding of the few bytes an ISA can span.
   */
  private readIsaOfAll(text: string, bytes: Uint8Array | undefined, i: number): Delimiters {
    let header: IsaHeader;
    if (bytes === undefined) {
      // With final set, readIsaAt returns a header or throws.
      header = readIsaAt(text, i, true, (at) => this.offsetOf(text, at)) as IsaHeader;
    } else {
      const to = Math.min(bytes.length, i + ISA_MAX_SCAN + 3);
      const isa = latin1(bytes, i, to);
      header = readIsaAt(isa, 0, true, (at) => i + at) as IsaHeader;
    }
    this.setDelimiters(header.delimiters);
    return header.delimiters;
  }

  /**
   * As idOf, given the id's packed key (see idKey; -1: not packable): the cache's hit
   * inline (SegmentIds).
   */
  idOfKey(key: number, text: string, start: number, idEnd: number): string {
    if (key === -1) return text.slice(start, idEnd);
    const slot = Math.imul(key, 0x9e3779b1) >>> ID_CACHE_SHIFT;
    if (this.idKeys[slot] === key) return this.idValues[slot] as string;
    return this.cachedId(key, text, start, idEnd);
  }

  /** The id text[start, idEnd) as the shared string scanned segments carry (SegmentIds). */
  idOf(text: string, start: number, idEnd: number): string {
    const key = idKey(text, start, idEnd);
    return key === -1 ? text.slice(start, idEnd) : this.cachedId(key, text, start, idEnd);
  }

  private startsInterchange(text: string, i: number): boolean {
    return (
      text.charCodeAt(i) === 73 &&
      text.charCodeAt(i + 1) === 83 &&
      text.charCodeAt(i + 2) === 65 &&
      (i + 3 >= text.length || !isAlphanumeric(text.charCodeAt(i + 3)))
    );
  }

  /**
   * The segment id text[start, end) of packed key `key` (see idKey), one internalized string
   * per distinct id of up to 4 ASCII characters: the readers' `switch (segment.id)` then
   * compares pointers, not characters.
   */
  private cachedId(key: number, text: string, start: number, end: number): string {
    const slot = Math.imul(key, 0x9e3779b1) >>> ID_CACHE_SHIFT;
    if (this.idKeys[slot] === key) return this.idValues[slot] as string;
    // Property names are internalized strings: this returns the one copy V8 keeps.
    const [interned] = Object.keys({ [text.slice(start, end)]: 0 });
    const id = interned ?? text.slice(start, end);
    this.idKeys[slot] = key;
    this.idValues[slot] = id;
    return id;
  }

  /**
   * text[start, end) as a string shared by every equal value of 2 to 4 ASCII characters
   * (shorter ones V8 shares already): one string per distinct value instead of one per
   * occurrence. The cache is direct-mapped: a value whose slot another took is sliced anew
   * (an equal string), and its size is fixed whatever the input.
   */
  shared(text: string, start: number, end: number): string {
    const length = end - start;
    if (length < 2 || length > MAX_SHARED_LENGTH) return text.slice(start, end);
    let key = length;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code > 127) return text.slice(start, end);
      key = (key << 7) | code;
    }
    const slot = Math.imul(key, 0x9e3779b1) >>> SHARED_CACHE_SHIFT;
    if (this.sharedKeys[slot] === key) return this.sharedValues[slot] as string;
    const value = text.slice(start, end);
    this.sharedKeys[slot] = key;
    this.sharedValues[slot] = value;
    return value;
  }

  /**
   * As shared, for 2 to 4 characters of an ASCII window whose bytes are at hand: the key
   * from the bytes (the same key shared makes, so both find the same strings).
   */
  sharedAscii(bytes: Uint8Array, text: string, start: number, end: number): string {
    if (end - start === 2) {
      // Two characters: a table slot per pair, no hash and no key to compare.
      const pair = ((bytes[start] as number) << 7) | (bytes[start + 1] as number);
      return (PAIRS[pair] ??= text.slice(start, end));
    }
    let key = end - start;
    for (let i = start; i < end; i++) key = (key << 7) | (bytes[i] as number);
    const slot = Math.imul(key, 0x9e3779b1) >>> SHARED_CACHE_SHIFT;
    if (this.sharedKeys[slot] === key) return this.sharedValues[slot] as string;
    const value = text.slice(start, end);
    this.sharedKeys[slot] = key;
    this.sharedValues[slot] = value;
    return value;
  }

  /** ST = 1 through SE within a set; envelope and stray segments count within the interchange. */
  private positionOf(kind: number): number {
    this.interchangePosition++;
    if (kind === ID_ST) {
      this.inSet = true;
      this.setPosition = 1;
      return 1;
    }
    if (this.inSet) {
      if (kind === ID_ENVELOPE) {
        this.inSet = false; // set without SE: the envelope segment ends it
        return this.interchangePosition;
      }
      this.setPosition++;
      if (kind === ID_SE) this.inSet = false;
      return this.setPosition;
    }
    return this.interchangePosition;
  }
}

keepShape(new SegmentScanner());
keepShape(new SegmentScanner().scanAll("", true)); // a SegmentList (see keepShape)
