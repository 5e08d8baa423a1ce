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

function checkValue(value: string, forbidden: readonly string[], where: string): string {
  for (const delimiter of forbidden) {
    if (delimiter !== "" && value.includes(delimiter)) invalid(`${where} contains a delimiter`);
  }
  return value;
}

function elementText(element: ElementInput, delimiters: Delimiters, where: string): string {
  const structural = [delimiters.element, delimiters.segment];
  if (typeof element === "string") return checkValue(element, structural, where);
  const forbidden = [...structural, delimiters.component, delimiters.repetition];
  return element.map((part) => checkValue(part, forbidden, where)).join(delimiters.component);
}

/** One segment's text including its terminator. */
export function writeSegment(segment: Segment | SegmentInput, delimiters: Delimiters): string {
  let elements: readonly string[];
  if (isTokenized(segment)) {
    elements = segment.elements;
  } else {
    elements = segment.elements.map((element, index) =>
      elementText(element, delimiters, `${segment.id}${String(index + 1).padStart(2, "0")}`),
    );
  }
  if (elements.length === 0) return segment.id + delimiters.segment;
  return segment.id + delimiters.element + elements.join(delimiters.element) + delimiters.segment;
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
  readonly transactionSets: readonly TransactionSetInput[];
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

function groupSegments(group: FunctionalGroupInput, input: InterchangeInput): SegmentInput[] {
  const control = digits(group.controlNumber, 1, 9, "GS06");
  const out: SegmentInput[] = [
    {
      id: "GS",
      elements: [
        group.functionalId,
        group.sender,
        group.receiver,
        input.date,
        input.time,
        control,
        "X",
        group.version,
      ],
    },
  ];
  for (const set of group.transactionSets) {
    const st = [set.id, set.controlNumber, ...(set.guide === undefined ? [] : [set.guide])];
    out.push({ id: "ST", elements: st });
    // A loop, not push(...body): spreading a set of 100k+ segments overflows the call stack.
    for (const segment of set.body) out.push(segment);
    out.push({ id: "SE", elements: [String(set.body.length + 2), set.controlNumber] });
  }
  out.push({ id: "GE", elements: [String(group.transactionSets.length), control] });
  return out;
}

/** A whole interchange: ISA with padded fields, groups and sets with computed trailers, IEA. */
export function buildInterchange(input: InterchangeInput): string {
  const control = digits(input.controlNumber, 9, 9, "ISA13");
  const segments: SegmentInput[] = [isaSegment(input, control)];
  for (const group of input.groups) {
    for (const segment of groupSegments(group, input)) segments.push(segment);
  }
  segments.push({ id: "IEA", elements: [String(input.groups.length), control] });
  const options = input.lineBreak === undefined ? {} : { lineBreak: input.lineBreak };
  return writeSegments(segments, input.delimiters, options);
}
