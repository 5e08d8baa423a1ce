/**
 * The X12 writer: segments to text with chosen delimiters, and whole interchanges with
 * padded ISA fields and computed trailer counts (SE01, GE01, IEA01).
 *
 * A tokenized Segment's raw element texts are written as they are, so tokenize then write
 * with the same delimiters reproduces the input (line breaks aside). SegmentInput values are
 * checked: a value may not contain the element separator or segment terminator, and a
 * component may not contain the component separator either.
 */
import { ClaimgateError } from "../errors.js";
import type { Delimiters, ElementInput, Segment, SegmentInput } from "./segment.js";

export interface WriteOptions {
  /** Written after each terminator, e.g. "\n" for readable files. Default: none. */
  readonly lineBreak?: string;
}

function invalid(message: string): never {
  throw new ClaimgateError("X12_WRITE_INVALID", message);
}

function isTokenized(segment: Segment | SegmentInput): segment is Segment {
  return "offset" in segment;
}

/** "CLM05" for element index 4 of CLM: computed only when a value is refused. */
function elementName(id: string, index: number): string {
  return `${id}${String(index + 1).padStart(2, "0")}`;
}

/** Whether `value` contains `delimiter` (an empty delimiter is never contained). */
function holds(value: string, delimiter: string): boolean {
  return delimiter !== "" && value.includes(delimiter);
}

/** A delimiter's character code; -1 when empty (never matches), -2 when longer than one. */
function codeOf(delimiter: string): number {
  if (delimiter.length === 1) return delimiter.charCodeAt(0);
  return delimiter === "" ? -1 : -2;
}

/**
 * Checks values against an interchange's delimiters: a plain value may not hold the element
 * separator or segment terminator, a component not the component or repetition separator
 * either. One pass over the characters when every delimiter is one character (always, in X12).
 */
class ValueCheck {
  readonly element: number;
  readonly segment: number;
  readonly component: number;
  readonly repetition: number;
  readonly simple: boolean;

  constructor(private readonly d: Delimiters) {
    this.element = codeOf(d.element);
    this.segment = codeOf(d.segment);
    this.component = codeOf(d.component);
    this.repetition = codeOf(d.repetition);
    this.simple = Math.min(this.element, this.segment, this.component, this.repetition) !== -2;
  }

  refused(value: string, inComponent: boolean): boolean {
    if (!this.simple) {
      const d = this.d;
      return (
        holds(value, d.element) ||
        holds(value, d.segment) ||
        (inComponent && (holds(value, d.component) || holds(value, d.repetition)))
      );
    }
    const e = this.element;
    const s = this.segment;
    const c = inComponent ? this.component : e;
    const r = inComponent ? this.repetition : e;
    for (let i = 0; i < value.length; i++) {
      const ch = value.charCodeAt(i);
      if (ch === e || ch === s || ch === c || ch === r) return true;
    }
    return false;
  }
}

/** One element's text (components joined), every value checked. */
function elementText(
  element: ElementInput,
  check: ValueCheck,
  component: string,
  id: string,
  index: number,
): string {
  if (typeof element === "string") {
    if (check.refused(element, false)) invalid(`${elementName(id, index)} contains a delimiter`);
    return element;
  }
  let out = "";
  for (let i = 0; i < element.length; i++) {
    const part = element[i] as string;
    if (check.refused(part, true)) invalid(`${elementName(id, index)} contains a delimiter`);
    out = i === 0 ? part : out + component + part;
  }
  return out;
}

/** `SegmentWriter.put` results that are not positions. */
const REFUSED = -1;
const WIDE = -2;

/**
 * Writes segments with one set of delimiters (checked once, not per segment): for builders
 * that write many segments, e.g. every claim of a batch.
 */
export class SegmentWriter {
  private readonly check: ValueCheck;
  /** Whether `writeAll` may write bytes: every delimiter one character up to U+00FF. */
  private readonly bytesFit: boolean;
  private bytes: Buffer | undefined;

  constructor(readonly delimiters: Delimiters) {
    this.check = new ValueCheck(delimiters);
    const c = this.check;
    this.bytesFit = c.simple && Math.max(c.element, c.segment, c.component, c.repetition) <= 255;
  }

  /**
   * Segments' text, each followed by `end`, as one flat string: what `write` gives, joined.
   * Written as latin1 bytes into a buffer the writer reuses and read out once, so a claim's
   * segments make one string instead of a string per element (most of a batch's garbage).
   * A value with a character past U+00FF (latin1 cannot hold it) takes the string path.
   * `from` and `to` write only segments[from, to).
   */
  writeAll(segments: readonly SegmentInput[], end: string, from = 0, to = segments.length): string {
    const text = this.bytesFit ? this.writeBytes(segments, end, from, to) : undefined;
    if (text !== undefined) return text;
    const texts: string[] = [];
    for (let i = from; i < to; i++) {
      texts.push(this.write(segments[i] as SegmentInput) + end);
    }
    return texts.join("");
  }

  private room(at: number, more: number): Buffer {
    let bytes = this.bytes;
    if (bytes === undefined || at + more > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(4096, 2 * (at + more)));
      bytes?.copy(grown, 0, 0, at);
      bytes = grown;
      this.bytes = grown;
    }
    return bytes;
  }

  /**
   * Copies `value` at `at` and returns the position after it; REFUSED when it holds a
   * delimiter it may not (components: the component and repetition separators too), WIDE when
   * a character does not fit a byte.
   */
  private put(value: string, at: number, inComponent: boolean): number {
    const bytes = this.room(at, value.length);
    const { element: e, segment: s } = this.check;
    const c = inComponent ? this.check.component : e;
    const r = inComponent ? this.check.repetition : e;
    let pos = at;
    for (let i = 0; i < value.length; i++) {
      const ch = value.charCodeAt(i);
      if (ch > 255) return WIDE;
      if (ch === e || ch === s || ch === c || ch === r) return REFUSED;
      bytes[pos++] = ch;
    }
    return pos;
  }

  /** A delimiter's byte at `at` (none for an empty one); the position after it. */
  private mark(code: number, at: number): number {
    if (code < 0) return at;
    this.room(at, 1)[at] = code;
    return at + 1;
  }

  private writeBytes(
    segments: readonly SegmentInput[],
    end: string,
    from: number,
    to: number,
  ): string | undefined {
    const { element, segment, component } = this.check;
    for (let i = 0; i < end.length; i++) if (end.charCodeAt(i) > 255) return undefined;
    let pos = 0;
    for (let n = from; n < to; n++) {
      const { id, elements } = segments[n] as SegmentInput;
      pos = this.put(id, pos, false);
      if (pos < 0) return undefined; // a segment id is not checked, only copied
      for (let i = 0; i < elements.length; i++) {
        pos = this.mark(element, pos);
        const value = elements[i] as ElementInput;
        if (typeof value === "string") {
          pos = this.put(value, pos, false);
        } else {
          for (let j = 0; j < value.length && pos >= 0; j++) {
            if (j > 0) pos = this.mark(component, pos);
            pos = this.put(value[j] as string, pos, true);
          }
        }
        if (pos === WIDE) return undefined;
        if (pos === REFUSED) invalid(`${elementName(id, i)} contains a delimiter`);
      }
      pos = this.mark(segment, pos);
      for (let i = 0; i < end.length; i++) pos = this.mark(end.charCodeAt(i), pos);
    }
    return (this.bytes ?? Buffer.alloc(0)).toString("latin1", 0, pos);
  }

  /** One segment's text including its terminator, as `writeSegment` writes it. */
  write(segment: SegmentInput): string {
    const d = this.delimiters;
    const { id, elements } = segment;
    let out = id;
    for (let i = 0; i < elements.length; i++) {
      out += d.element + elementText(elements[i] as ElementInput, this.check, d.component, id, i);
    }
    return out + d.segment;
  }
}

/** One segment's text including its terminator. */
export function writeSegment(segment: Segment | SegmentInput, delimiters: Delimiters): string {
  if (isTokenized(segment)) {
    const elements = segment.elements;
    if (elements.length === 0) return segment.id + delimiters.segment;
    return segment.id + delimiters.element + elements.join(delimiters.element) + delimiters.segment;
  }
  return new SegmentWriter(delimiters).write(segment);
}

/** Segments to text, each followed by the terminator (and the line break, when given). */
export function writeSegments(
  segments: readonly (Segment | SegmentInput)[],
  delimiters: Delimiters,
  options: WriteOptions = {},
): string {
  const lineBreak = options.lineBreak ?? "";
  let out = "";
  for (const segment of segments) out += writeSegment(segment, delimiters) + lineBreak;
  return out;
}

export interface InterchangeParty {
  /** ISA05 / ISA07 interchange id qualifier, e.g. "ZZ". */
  readonly qualifier: string;
  /** ISA06 / ISA08, padded to 15 characters. */
  readonly id: string;
}

export interface TransactionSetInput {
  /** ST01, e.g. "837". */
  readonly id: string;
  /** ST02. */
  readonly controlNumber: string;
  /** ST03 implementation guide; omitted when not given. */
  readonly guide?: string;
  /** The segments between ST and SE. */
  readonly body: readonly SegmentInput[];
}

/** The text of a set's body (ST and SE excluded) and how many segments it holds. */
export interface WrittenBody {
  readonly text: string;
  readonly segmentCount: number;
}

/**
 * A transaction set whose body its builder writes itself (each segment with `writeSegment`
 * and the line break after it), called when the writer reaches it, so errors still come in
 * file order. Builders of large sets use it to turn segments into text as they go.
 */
export interface WrittenSetInput {
  readonly id: string;
  readonly controlNumber: string;
  readonly guide?: string;
  readonly writeBody: (delimiters: Delimiters, lineBreak: string) => WrittenBody;
}

export interface FunctionalGroupInput {
  /** GS01, e.g. "HC". */
  readonly functionalId: string;
  /** GS02 application sender's code. */
  readonly sender: string;
  /** GS03 application receiver's code. */
  readonly receiver: string;
  /** GS06 group control number (1-9 digits). */
  readonly controlNumber: string | number;
  /** GS08, e.g. "005010X222A1". */
  readonly version: string;
  readonly transactionSets: readonly (TransactionSetInput | WrittenSetInput)[];
}

export interface InterchangeInput {
  readonly sender: InterchangeParty;
  readonly receiver: InterchangeParty;
  /** ISA13 (up to 9 digits; zero-padded to 9). */
  readonly controlNumber: string | number;
  /** CCYYMMDD: GS04 as is, ISA09 as YYMMDD. */
  readonly date: string;
  /** HHMM (or HHMMSS for GS05): ISA10 takes the first four digits. */
  readonly time: string;
  /** ISA15: "T" test or "P" production. */
  readonly usage: "T" | "P";
  readonly delimiters: Delimiters;
  /** ISA14: "1" asks the receiver for a TA1. Default "0". */
  readonly acknowledgmentRequested?: "0" | "1";
  readonly groups: readonly FunctionalGroupInput[];
  readonly lineBreak?: string;
}

function fixed(value: string, width: number, field: string): string {
  if (value.length > width) invalid(`${field} is longer than ${width} characters`);
  return value.padEnd(width, " ");
}

function digits(value: string | number, min: number, max: number, field: string): string {
  const text = String(value);
  if (!/^\d+$/.test(text) || text.length > max) invalid(`${field} must be 1 to ${max} digits`);
  return text.padStart(min, "0");
}

function isaSegment(input: InterchangeInput, control: string): SegmentInput {
  const { sender, receiver, delimiters } = input;
  if (!/^\d{8}$/.test(input.date)) invalid("interchange date must be CCYYMMDD");
  if (!/^\d{4}(\d{2})?$/.test(input.time)) invalid("interchange time must be HHMM or HHMMSS");
  return {
    id: "ISA",
    elements: [
      "00",
      " ".repeat(10),
      "00",
      " ".repeat(10),
      fixed(sender.qualifier, 2, "ISA05"),
      fixed(sender.id, 15, "ISA06"),
      fixed(receiver.qualifier, 2, "ISA07"),
      fixed(receiver.id, 15, "ISA08"),
      input.date.slice(2),
      input.time.slice(0, 4),
      delimiters.repetition === "" ? "U" : delimiters.repetition,
      "00501",
      control,
      input.acknowledgmentRequested ?? "0",
      input.usage,
      delimiters.component,
    ],
  };
}

/** Segments of a set's body written into one string at a time. */
const BODY_RUN = 512;

/** Writes one functional group (GS, its sets with computed SE, GE) after `out`. */
function writeGroup(
  out: string,
  group: FunctionalGroupInput,
  control: string,
  input: InterchangeInput,
  end: string,
): string {
  const d = input.delimiters;
  const writer = new SegmentWriter(d);
  const gs = [
    group.functionalId,
    group.sender,
    group.receiver,
    input.date,
    input.time,
    control,
    "X",
    group.version,
  ];
  out += writer.write({ id: "GS", elements: gs }) + end;
  for (const set of group.transactionSets) {
    const st =
      set.guide === undefined
        ? [set.id, set.controlNumber]
        : [set.id, set.controlNumber, set.guide];
    out += writer.write({ id: "ST", elements: st }) + end;
    let count: number;
    if ("writeBody" in set) {
      const body = set.writeBody(d, end);
      out += body.text;
      count = body.segmentCount;
    } else {
      // A run of segments at a time as one flat string (`writeAll`: bytes, not a string per
      // element): a set can hold 100k+ segments (no spreading, no copy of the list).
      const body = set.body;
      for (let i = 0; i < body.length; i += BODY_RUN) {
        out += writer.writeAll(body, end, i, Math.min(body.length, i + BODY_RUN));
      }
      count = body.length;
    }
    const se = [String(count + 2), set.controlNumber];
    out += writer.write({ id: "SE", elements: se }) + end;
  }
  const ge = [String(group.transactionSets.length), control];
  return out + writer.write({ id: "GE", elements: ge }) + end;
}

/** A whole interchange: ISA with padded fields, groups and sets with computed trailers, IEA. */
export function buildInterchange(input: InterchangeInput): string {
  const control = digits(input.controlNumber, 9, 9, "ISA13");
  const d = input.delimiters;
  const end = input.lineBreak ?? "";
  const isa = isaSegment(input, control);
  // Every control number is checked before anything is written, as the fields are.
  const groupControls = input.groups.map((g) => digits(g.controlNumber, 1, 9, "GS06"));
  let out = writeSegment(isa, d) + end;
  input.groups.forEach((group, i) => {
    out = writeGroup(out, group, groupControls[i] as string, input, end);
  });
  const iea = [String(input.groups.length), control];
  return out + writeSegment({ id: "IEA", elements: iea }, d) + end;
}
