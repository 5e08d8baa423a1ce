/**
 * The X12 tokenizer: a whole input (string or bytes) to segments.
 *
 * - Delimiters come from each ISA (element separator = character 4, ISA11 repetition,
 *   ISA16 component, then the terminator); every ISA in the input re-reads them.
 * - CR, LF, spaces, tabs and a byte order mark between segments are skipped.
 * - Positions: ST = 1 through SE within each transaction set (as 999 IK302 counts);
 *   segments outside sets (ISA, GS, GE, IEA, TA1, strays) get their ordinal within
 *   their interchange. Offsets are byte offsets of the segment id in the input.
 * - A last segment without terminator (truncated input) is kept, trailing whitespace
 *   dropped; the envelope reader reports the trailers it lacks. Only input that cannot
 *   be X12 at all throws (X12InputError, a ClaimgateError with an offset).
 */
import { isAscii } from "node:buffer";
import { X12InputError } from "./input-error.js";
import { isAsciiText, readIsaAt, SegmentScanner } from "./scanner.js";
import type { Delimiters, Segment } from "./segment.js";
import type { SegmentList } from "./segment-list.js";

export { X12InputError } from "./input-error.js";
export { SegmentList } from "./segment-list.js";

/** Input as text; bytes are decoded (ASCII fast path, else UTF-8). */
export function decodeInput(input: string | Uint8Array): { text: string; ascii: boolean } {
  if (typeof input === "string") return { text: input, ascii: isAsciiText(input) };
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // Latin-1 decoding of ASCII bytes is one character per byte and the fastest decoder.
  const ascii = isAscii(bytes);
  return { text: bytes.toString(ascii ? "latin1" : "utf8"), ascii };
}

/** Index of the first character that is not whitespace or a byte order mark. */
function firstContent(text: string): number {
  let i = 0;
  while (i < text.length && /[\s\uFEFF]/.test(text.charAt(i))) i++;
  return i;
}

/** The delimiters of the (first) interchange of the input. */
export function readDelimiters(input: string): Delimiters {
  const start = firstContent(input);
  const ascii = isAsciiText(input.slice(0, start));
  const offsetOf = (index: number): number =>
    ascii ? index : Buffer.byteLength(input.slice(0, index));
  if (!input.startsWith("ISA", start)) {
    throw new X12InputError(
      "X12_NOT_INTERCHANGE",
      "input does not start with ISA",
      offsetOf(start),
    );
  }
  return (readIsaAt(input, start, true, offsetOf) as { delimiters: Delimiters }).delimiters;
}

/**
 * All segments of the input, which may hold several interchanges, as a compact read-only
 * list (see SegmentList: each segment object is made when read; `toArray` for an array).
 */
export function tokenize(input: string | Uint8Array): SegmentList {
  if (typeof input !== "string") {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    // ASCII bytes: the list keeps a copy of them (the caller may reuse its buffer while the
    // list lives), splits elements from it and decodes its text window by window as
    // segments are read: no decoding of the whole input up front (see SegmentList).
    if (isAscii(bytes)) return new SegmentScanner().scanAll("", true, new Uint8Array(input));
    return new SegmentScanner().scanAll(bytes.toString("utf8"), false);
  }
  return new SegmentScanner().scanAll(input, isAsciiText(input));
}

/** The segments of one interchange with its delimiters (ISA first, IEA last when present). */
export interface TokenizedInterchange {
  readonly delimiters: Delimiters;
  readonly segments: readonly Segment[];
}

/** The input's segments grouped by interchange (each ISA starts one). */
export function tokenizeInterchanges(input: string | Uint8Array): TokenizedInterchange[] {
  const list = tokenize(input);
  const out: TokenizedInterchange[] = [];
  for (let n = 0; n < list.interchangeCount; n++) {
    const { delimiters, from, to } = list.interchange(n);
    out.push({ delimiters, segments: list.slice(from, to) });
  }
  return out;
}

/** Components of a composite element value (a value without separator is one component). */
export function splitComponents(value: string, delimiters: Delimiters): string[] {
  return value.split(delimiters.component);
}

/** Repetitions of a repeated element value ("" repetition separator: one repetition). */
export function splitRepetitions(value: string, delimiters: Delimiters): string[] {
  return delimiters.repetition === "" ? [value] : value.split(delimiters.repetition);
}
