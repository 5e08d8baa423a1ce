/**
 * Small helpers the transaction readers share: element access by X12 position, component and
 * repetition splitting, dates to ISO, amounts to cents, and the one error they throw.
 *
 * Every failure names the segment id, its position in the transaction set and the element (and
 * component) position with the rule broken — never the element's value, which can be PHI.
 */
import { ClaimgateError } from "../../errors.js";
import type { Delimiters, Segment } from "../segment.js";

/** The raw text of element `position` (1-based, as in CLP01); "" when absent. */
export function element(segment: Segment, position: number): string {
  return segment.elements[position - 1] ?? "";
}

/** The element's text, or undefined when it is empty or absent. */
export function optional(segment: Segment, position: number): string | undefined {
  const value = segment.elements[position - 1];
  return value === undefined || value === "" ? undefined : value;
}

/** The element's text; throws X12_READ_FAILED when it is empty or absent. */
export function required(segment: Segment, position: number): string {
  const value = segment.elements[position - 1];
  if (value === undefined || value === "") throw readFailed(segment, position, "is required");
  return value;
}

/** Splits a composite element into its components (a plain element gives one component). */
export function components(value: string, delimiters: Delimiters): string[] {
  if (value === "") return [];
  const separator = delimiters.component;
  let at = separator === "" ? -1 : value.indexOf(separator);
  if (at === -1) return separator === "" ? value.split(separator) : [value];
  // indexOf and slice: cheaper than split's runtime call on the short values of a composite.
  const parts: string[] = [];
  let from = 0;
  while (at !== -1) {
    parts.push(value.slice(from, at));
    from = at + separator.length;
    at = value.indexOf(separator, from);
  }
  parts.push(value.slice(from));
  return parts;
}

/** Component `index` (1-based) of a composite element; "" when absent. */
export function component(value: string, index: number, delimiters: Delimiters): string {
  return components(value, delimiters)[index - 1] ?? "";
}

/** Splits a repeated element into its repetitions, dropping empty ones. */
export function repetitions(value: string, delimiters: Delimiters): string[] {
  if (value === "") return [];
  // Version 4010 has no repetition separator; an unusable one leaves the element whole.
  const separator = delimiters.repetition;
  if (separator === "" || /[A-Za-z0-9 ]/.test(separator)) return [value];
  return value.split(separator).filter((part) => part !== "");
}

/** Names an element as X12 does: CLP + 1 → "CLP01", with "-2" for component 2. */
export function elementName(segmentId: string, position: number, componentIndex?: number): string {
  const name = `${segmentId}${String(position).padStart(2, "0")}`;
  return componentIndex === undefined ? name : `${name}-${componentIndex}`;
}

/** The reader error: segment id, segment position and element, plus the rule; no value. */
export function readFailed(
  segment: Segment,
  position: number,
  rule: string,
  componentIndex?: number,
): ClaimgateError {
  const where = elementName(segment.id, position, componentIndex);
  return new ClaimgateError(
    "X12_READ_FAILED",
    `${where} of segment ${segment.id} at position ${segment.position} ${rule}`,
  );
}

/** A segment error that is not about one element (e.g. a segment out of its place). */
export function segmentMisplaced(segment: Segment, rule: string): ClaimgateError {
  return new ClaimgateError(
    "X12_READ_FAILED",
    `segment ${segment.id} at position ${segment.position} ${rule}`,
  );
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** Optional decimal number (quantities, percents, units); throws when not numeric. */
export function optionalDecimal(segment: Segment, position: number): number | undefined {
  const raw = optional(segment, position);
  if (raw === undefined) return undefined;
  if (!DECIMAL.test(raw)) throw readFailed(segment, position, "is not a decimal number");
  return Number(raw);
}

/** Optional whole number (segment positions, counts); throws when not digits. */
export function optionalInteger(segment: Segment, position: number): number | undefined {
  const raw = optional(segment, position);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw readFailed(segment, position, "is not a whole number");
  return Number(raw);
}

/** Required whole number. */
export function requiredInteger(segment: Segment, position: number): number {
  required(segment, position);
  return optionalInteger(segment, position) as number;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Dates already converted: a file repeats a few dates many times (bounded, then reset). */
const isoDates = new Map<string, string>();
const ISO_DATES_MAX = 4096;

/** The value of the `count` digits of raw from `from`, or -1 when one is not a digit. */
function digitsAt(raw: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** CCYYMMDD to "YYYY-MM-DD", or undefined when the text is not a calendar date. */
export function isoFromCcyymmdd(raw: string): string | undefined {
  const known = isoDates.get(raw);
  if (known !== undefined) return known;
  if (raw.length !== 8) return undefined;
  const year = digitsAt(raw, 0, 4);
  const month = digitsAt(raw, 4, 2);
  const day = digitsAt(raw, 6, 2);
  if (year < 0 || month < 1 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > maxDay) return undefined;
  const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
  if (isoDates.size === ISO_DATES_MAX) isoDates.clear();
  isoDates.set(raw, iso);
  return iso;
}

/**
 * Something a reader could not take in but that does not stop it: a date that is not a
 * calendar date, say. Dates are read leniently (the field is left out and a note recorded)
 * because a bad date should not keep a payment from posting; the validator reports it too.
 * Like errors, notes never carry element values.
 */
export interface ReadNote {
  readonly segment: string;
  readonly position: number;
  /** Element name, e.g. "BPR16". */
  readonly element: string;
  readonly message: string;
}

function note(segment: Segment, position: number, message: string): ReadNote {
  return {
    segment: segment.id,
    position: segment.position,
    element: elementName(segment.id, position),
    message,
  };
}

/** Optional CCYYMMDD element as an ISO date; a non-date is left out with a note. */
export function optionalDate(
  segment: Segment,
  position: number,
  notes: ReadNote[],
): string | undefined {
  const raw = optional(segment, position);
  if (raw === undefined) return undefined;
  const iso = isoFromCcyymmdd(raw);
  if (iso === undefined) notes.push(note(segment, position, "is not a CCYYMMDD calendar date"));
  return iso;
}

/** A date or a date range, ISO formatted. */
export interface DatePeriod {
  /** Date qualifier (DTM01 / DTP01), e.g. "472" service date. */
  readonly qualifier: string;
  readonly from: string;
  /** End of a range (RD8); absent for a single date. */
  readonly to?: string;
}

/** DTM*qualifier*CCYYMMDD → {qualifier, from}; undefined (with a note) when not a date. */
export function readDtm(segment: Segment, notes: ReadNote[]): DatePeriod | undefined {
  const qualifier = required(segment, 1);
  required(segment, 2);
  const from = optionalDate(segment, 2, notes);
  return from === undefined ? undefined : { qualifier, from };
}

/** DTP*qualifier*D8|RD8*date[-date] → {qualifier, from, to?}; undefined (with a note) when unreadable. */
export function readDtp(segment: Segment, notes: ReadNote[]): DatePeriod | undefined {
  const qualifier = required(segment, 1);
  const format = required(segment, 2);
  const raw = required(segment, 3);
  if (format === "D8") {
    const from = isoFromCcyymmdd(raw);
    if (from !== undefined) return { qualifier, from };
    notes.push(note(segment, 3, "is not a CCYYMMDD calendar date"));
    return undefined;
  }
  if (format === "RD8") {
    const [first = "", second = ""] = raw.split("-");
    const from = isoFromCcyymmdd(first);
    const to = isoFromCcyymmdd(second);
    if (from !== undefined && to !== undefined) return { qualifier, from, to };
    notes.push(note(segment, 3, "is not a CCYYMMDD-CCYYMMDD range"));
    return undefined;
  }
  notes.push(note(segment, 2, "is not a supported date format qualifier (D8, RD8)"));
  return undefined;
}

/** An NM1 party: entity, name and identifier. */
export interface Party {
  /** NM101 entity identifier code, e.g. "PR" payer, "QC" patient. */
  readonly entityCode: string;
  /** NM102: "1" person, "2" non-person entity. */
  readonly entityType?: string;
  /** NM103 last name or organization name. */
  readonly name?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  /** NM108 identification code qualifier, e.g. "XX" NPI, "MI" member id. */
  readonly idQualifier?: string;
  /** NM109. */
  readonly id?: string;
}

export function readNm1(segment: Segment): Party {
  return {
    entityCode: required(segment, 1),
    entityType: optional(segment, 2),
    name: optional(segment, 3),
    firstName: optional(segment, 4),
    middleName: optional(segment, 5),
    idQualifier: optional(segment, 8),
    id: optional(segment, 9),
  };
}

/** A TRN trace: type, number, originator. */
export interface Trace {
  /** TRN01: "1" current transaction trace, "2" referenced transaction trace. */
  readonly type: string;
  /** TRN02. */
  readonly number: string;
  /** TRN03 originating company identifier. */
  readonly originatorId?: string;
  /** TRN04 supplemental identifier. */
  readonly supplementalId?: string;
}

export function readTrn(segment: Segment): Trace {
  return {
    type: required(segment, 1),
    number: required(segment, 2),
    originatorId: optional(segment, 3),
    supplementalId: optional(segment, 4),
  };
}

/** REF*qualifier*value. */
export interface Reference {
  readonly qualifier: string;
  readonly value: string;
}

export function readRef(segment: Segment): Reference {
  return { qualifier: required(segment, 1), value: required(segment, 2) };
}

/** Throws unless the set is of the expected transaction set id (ST01). */
export function expectSetId(
  segments: readonly Segment[],
  setId: string,
  reader: string,
): Segment | undefined {
  const st = segments[0];
  if (st !== undefined && st.id === "ST" && element(st, 1) !== setId) {
    throw new ClaimgateError(
      "X12_READ_FAILED",
      `ST01 of segment ST at position ${st.position} is not ${setId}: the ${reader} reader cannot read it`,
    );
  }
  return st;
}
