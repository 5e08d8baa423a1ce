/**
 * Element checks of one placed segment against its SegmentSpec: required and "not used"
 * elements, repetitions, composites and their components, and each value's syntax for its
 * X12 type (AN, ID, DT, TM, Nn, R), length and code list. At most one finding per value.
 */
import type { PlacedSegment } from "../engine.js";
import type { Finding } from "../finding.js";
import type { Delimiters } from "../segment.js";
import { UNBOUNDED } from "../spec/types.js";
import type { ElementSpec } from "../spec/types.js";
import { elementRef, finding } from "./catalog.js";
import type { FindingCode } from "./catalog.js";

/** Where in the segment a value sits. */
interface Place {
  readonly element: number;
  readonly component?: number;
  readonly repetition?: number;
}

type Problem = { readonly code: FindingCode; readonly rule: string } | undefined;

// Control characters are outside the X12 basic and extended character sets.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;
const DIGITS = /^\d+$/;

const INTEGER_TYPES: ReadonlySet<string> = new Set([
  "N0",
  "N1",
  "N2",
  "N3",
  "N4",
  "N5",
  "N6",
  "N7",
  "N8",
  "N9",
]);

function isNumeric(type: ElementSpec["type"]): boolean {
  return type === "R" || INTEGER_TYPES.has(type);
}

/** Length as X12 counts it: numeric types count digits only (no sign, no decimal point). */
function lengthOf(value: string, type: ElementSpec["type"]): number {
  if (!isNumeric(type)) return value.length;
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 45 || code === 46) length--; // "-" and "."
  }
  return length;
}

/** Each code list as a set, made on first use (lists such as CARC run to hundreds). */
const codeSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function listsCode(codes: readonly string[], value: string): boolean {
  let set = codeSets.get(codes);
  if (set === undefined) {
    set = new Set(codes);
    codeSets.set(codes, set);
  }
  return set.has(value);
}

/** Whether CCYYMMDD (8 digits) or YYMMDD (6) is a real calendar date. */
export function isValidDate(text: string): boolean {
  if (!DIGITS.test(text) || (text.length !== 8 && text.length !== 6)) return false;
  const year = text.length === 8 ? Number(text.slice(0, 4)) : 2000 + Number(text.slice(0, 2));
  const month = Number(text.slice(-4, -2));
  const day = Number(text.slice(-2));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** Whether HHMM, HHMMSS, HHMMSSD or HHMMSSDD is a real time of day. */
export function isValidTime(text: string): boolean {
  if (!DIGITS.test(text) || ![4, 6, 7, 8].includes(text.length)) return false;
  const hours = Number(text.slice(0, 2));
  const minutes = Number(text.slice(2, 4));
  const seconds = text.length >= 6 ? Number(text.slice(4, 6)) : 0;
  return hours < 24 && minutes < 60 && seconds < 60;
}

function syntaxProblem(value: string, spec: ElementSpec): Problem {
  if (CONTROL.test(value))
    return { code: "ELEMENT_INVALID_CHARACTER", rule: "a control character" };
  if (INTEGER_TYPES.has(spec.type) && !INTEGER.test(value)) {
    return { code: "ELEMENT_INVALID_CHARACTER", rule: "characters not allowed in an integer" };
  }
  if (spec.type === "R" && !DECIMAL.test(value)) {
    return { code: "ELEMENT_INVALID_CHARACTER", rule: "characters not allowed in a decimal" };
  }
  if (spec.type === "DT" && !DIGITS.test(value)) {
    return { code: "ELEMENT_INVALID_DATE", rule: "a date with non-digits" };
  }
  if (spec.type === "TM" && !DIGITS.test(value)) {
    return { code: "ELEMENT_INVALID_TIME", rule: "a time with non-digits" };
  }
  return undefined;
}

function valueProblem(value: string, spec: ElementSpec): Problem {
  const syntax = syntaxProblem(value, spec);
  if (syntax !== undefined) return syntax;
  const length = lengthOf(value, spec.type);
  if (length < spec.min) {
    return { code: "ELEMENT_TOO_SHORT", rule: `fewer than ${spec.min} characters` };
  }
  if (length > spec.max) {
    return { code: "ELEMENT_TOO_LONG", rule: `more than ${spec.max} characters` };
  }
  if (spec.codes !== undefined && !listsCode(spec.codes, value)) {
    return { code: "ELEMENT_INVALID_CODE", rule: "a code the guide does not list" };
  }
  if (spec.type === "DT" && !isValidDate(value)) {
    return { code: "ELEMENT_INVALID_DATE", rule: "no valid calendar date" };
  }
  if (spec.type === "TM" && !isValidTime(value)) {
    return { code: "ELEMENT_INVALID_TIME", rule: "no valid time of day" };
  }
  return undefined;
}

class SegmentChecker {
  readonly findings: Finding[] = [];
  /** Repetitions only split on a real separator (a letter in ISA11 is 4010's "U" filler). */
  private readonly splitsRepetitions: boolean;

  constructor(
    private readonly placed: PlacedSegment,
    private readonly delimiters: Delimiters,
  ) {
    const separator = delimiters.repetition;
    this.splitsRepetitions = separator !== "" && !/^[A-Za-z0-9 ]$/.test(separator);
  }

  report(code: FindingCode, place: Place, rule: string): void {
    const { segment, loop } = this.placed;
    const ref = elementRef(segment.id, place.element, place.component);
    const rep = place.repetition === undefined ? "" : ` (repetition ${place.repetition})`;
    this.findings.push(
      finding(code, {
        message: `${ref}${rep} ${rule}.`,
        position: segment.position,
        offset: segment.offset,
        segment: segment.id,
        ...(loop === "" ? {} : { loop }),
        element: place.element,
        ...(place.component === undefined ? {} : { component: place.component }),
        ...(place.repetition === undefined ? {} : { repetition: place.repetition }),
      }),
    );
  }

  checkValue(value: string, spec: ElementSpec, place: Place): void {
    if (value === "") {
      if (spec.usage === "R")
        this.report("ELEMENT_REQUIRED_MISSING", place, "is required but empty");
      return;
    }
    if (spec.usage === "N") {
      this.report("ELEMENT_NOT_USED", place, "is present but the guide marks it not used");
      return;
    }
    const problem = valueProblem(value, spec);
    if (problem !== undefined) this.report(problem.code, place, `holds ${problem.rule}`);
  }

  checkComposite(text: string, spec: ElementSpec, place: Place): void {
    const parts = spec.components ?? [];
    const values = text.split(this.delimiters.component);
    if (values.every((v) => v === "")) {
      if (spec.usage === "R")
        this.report("ELEMENT_REQUIRED_MISSING", place, "is required but empty");
      return;
    }
    if (values.slice(parts.length).some((v) => v !== "")) {
      const extra = { ...place, component: parts.length + 1 };
      this.report("ELEMENT_TOO_MANY_COMPONENTS", extra, "is beyond the composite's components");
    }
    parts.forEach((part, i) => {
      const value = values[i] ?? "";
      // The place object only when needed: most components are fine or empty and optional.
      if (value === "" && part.usage !== "R") return;
      this.checkValue(value, part, { ...place, component: i + 1 });
    });
  }

  checkElement(raw: string, spec: ElementSpec, element: number): void {
    if (raw === "" || spec.usage === "N") return this.checkValue(raw, spec, { element });
    const repeat = spec.repeat ?? 1;
    const repetitions = this.splitRepetitions(raw);
    if (repeat !== UNBOUNDED && repetitions.length > repeat) {
      const place = { element, repetition: repeat + 1 };
      this.report("ELEMENT_TOO_MANY_REPETITIONS", place, `repeats more than ${repeat} times`);
    }
    repetitions.forEach((text, i) => {
      const place: Place = repeat === 1 ? { element } : { element, repetition: i + 1 };
      if (spec.type === "COMPOSITE") return this.checkComposite(text, spec, place);
      if (text.includes(this.delimiters.component)) {
        return this.report("ELEMENT_INVALID_CHARACTER", place, "holds a component separator");
      }
      this.checkValue(text, spec, place);
    });
  }

  private splitRepetitions(raw: string): string[] {
    const separator = this.delimiters.repetition;
    return this.splitsRepetitions && raw.includes(separator) ? raw.split(separator) : [raw];
  }

  run(): Finding[] {
    const { segment, spec } = this.placed;
    if (spec === undefined) return this.findings;
    const count = Math.max(spec.elements.length, segment.elements.length);
    for (let i = 0; i < count; i++) {
      const raw = segment.elements[i] ?? "";
      const elementSpec = spec.elements[i];
      if (elementSpec !== undefined) this.checkElement(raw, elementSpec, i + 1);
      else if (raw !== "") {
        this.report(
          "ELEMENT_NOT_USED",
          { element: i + 1 },
          "is beyond the elements the guide uses",
        );
      }
    }
    return this.findings;
  }
}

/** Element findings of one placed segment (none when it matched no spec). */
export function checkElements(placed: PlacedSegment, delimiters: Delimiters): Finding[] {
  return new SegmentChecker(placed, delimiters).run();
}
