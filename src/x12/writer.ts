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

/**
 * One element's text. Plain values may not hold the element separator or segment terminator;
 * components may not hold the component or repetition separator either. Builders write every
 * element of every claim through here, so it allocates nothing but the result.
 */
function elementText(element: ElementInput, d: Delimiters, id: string, index: number): string {
  if (typeof element === "string") {
    if (holds(element, d.element) || holds(element, d.segment)) {
      invalid(`${elementName(id, index)} contains a delimiter`);
    }
    return element;
  }
  let out = "";
  for (let i = 0; i < element.length; i++) {
    const part = element[i] as string;
    if (
      holds(part, d.element) ||
      holds(part, d.segment) ||
      holds(part, d.component) ||
      holds(part, d.repetition)
    ) {
      invalid(`${elementName(id, index)} contains a delimiter`);
    }
    out = i === 0 ? part : out + d.component + part;
  }
  return out;
}

/** One segment's text including its terminator. */
export function writeSegment(segment: Segment | SegmentInput, delimiters: Delimiters): string {
  if (isTokenized(segment)) {
    const elements = segment.elements;
    if (elements.length === 0) return segment.id + delimiters.segment;
    return segment.id + delimiters.element + elements.join(delimiters.element) + delimiters.segment;
  }
  const { id, elements } = segment;
  let out = id;
  for (let i = 0; i < elements.length; i++) {
    out += delimiters.element + elementText(elements[i] as ElementInput, delimiters, id, i);
  }
  return out + delimiters.segment;
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

/** Writes one functional group (GS, its sets with computed SE, GE) after `out`. */
function writeGroup(
  out: string,
  group: FunctionalGroupInput,
  control: string,
  input: InterchangeInput,
  end: string,
): string {
  const d = input.delimiters;
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
  out += writeSegment({ id: "GS", elements: gs }, d) + end;
  for (const set of group.transactionSets) {
    const st =
      set.guide === undefined
        ? [set.id, set.controlNumber]
        : [set.id, set.controlNumber, set.guide];
    out += writeSegment({ id: "ST", elements: st }, d) + end;
    let count: number;
    if ("writeBody" in set) {
      const body = set.writeBody(d, end);
      out += body.text;
      count = body.segmentCount;
    } else {
      // Appended one by one: a set can hold 100k+ segments (no spreading, no copy of the list).
      for (const segment of set.body) out += writeSegment(segment, d) + end;
      count = set.body.length;
    }
    const se = [String(count + 2), set.controlNumber];
    out += writeSegment({ id: "SE", elements: se }, d) + end;
  }
  const ge = [String(group.transactionSets.length), control];
  return out + writeSegment({ id: "GE", elements: ge }, d) + end;
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
