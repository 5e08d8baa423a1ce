/**
 * 999 implementation acknowledgment (005010X231A1) → typed object.
 *
 * AK1 opens a functional group response; AK2 opens a transaction set response whose IK3
 * segment errors carry IK4 element errors and CTX contexts; IK5 closes the set and AK9 the group.
 */
import type { TransactionSet } from "../interchange.js";
import type { Delimiters, Segment } from "../segment.js";
import {
  component,
  components,
  expectSetId,
  optional,
  optionalInteger,
  readFailed,
  required,
  requiredInteger,
  segmentMisplaced,
} from "./common.js";

/** IK501 / AK901 codes. */
export type AckStatus = "A" | "E" | "M" | "P" | "R" | "W" | "X";

/** CTX: where an error sits (business unit such as CLM01, or the segment and element). */
export interface ErrorContext {
  /** CTX01-1, e.g. "CLM01" or "SITUATIONAL TRIGGER". */
  readonly name: string;
  /** CTX01-2, e.g. the claim's patient control number. */
  readonly reference?: string;
  /** CTX02 segment id. */
  readonly segmentId?: string;
  /** CTX03 segment position in the transaction set. */
  readonly position?: number;
  /** CTX04 loop identifier. */
  readonly loop?: string;
}

/** IK4 element error. */
export interface ElementError {
  /** IK401-1 element position in the segment. */
  readonly position: number;
  /** IK401-2 component position, for composites. */
  readonly component?: number;
  /** IK401-3 repetition. */
  readonly repetition?: number;
  /** IK402 data element reference number. */
  readonly ref?: string;
  /** IK403 implementation data element syntax error code. */
  readonly code: string;
  /** IK404 copy of the bad element as the receiver saw it (can be PHI: never log it). */
  readonly copy?: string;
  readonly contexts: readonly ErrorContext[];
}

/** IK3 segment error. */
export interface SegmentError {
  /** IK301 segment id code. */
  readonly segmentId: string;
  /** IK302 segment position in the transaction set (ST = 1). */
  readonly position: number;
  /** IK303 loop identifier code. */
  readonly loop?: string;
  /** IK304 implementation segment syntax error code. */
  readonly code?: string;
  readonly contexts: readonly ErrorContext[];
  readonly elementErrors: readonly ElementError[];
}

/** AK2 … IK5: the response for one transaction set. */
export interface SetAcknowledgment {
  /** AK201, e.g. "837". */
  readonly setId: string;
  /** AK202 (ST02 of the acknowledged set). */
  readonly controlNumber: string;
  /** AK203 implementation guide. */
  readonly guide?: string;
  /** IK501. */
  readonly status: AckStatus;
  /** IK502 … IK506 syntax error codes. */
  readonly errorCodes: readonly string[];
  readonly segmentErrors: readonly SegmentError[];
}

/** AK1 … AK9: the response for one functional group. */
export interface GroupAcknowledgment {
  /** AK101 functional identifier, e.g. "HC". */
  readonly functionalId: string;
  /** AK102 group control number (GS06 of the acknowledged group). */
  readonly controlNumber: string;
  /** AK103 version. */
  readonly version?: string;
  readonly sets: readonly SetAcknowledgment[];
  /** AK901. */
  readonly status?: AckStatus;
  /** AK902 number of transaction sets included. */
  readonly includedSets?: number;
  /** AK903 number received. */
  readonly receivedSets?: number;
  /** AK904 number accepted. */
  readonly acceptedSets?: number;
  /** AK905 … AK909 group syntax error codes. */
  readonly errorCodes: readonly string[];
}

export interface ImplementationAcknowledgment {
  /** ST02 of this 999. */
  readonly controlNumber: string;
  readonly guide: string;
  readonly groups: readonly GroupAcknowledgment[];
}

const STATUSES: ReadonlySet<string> = new Set(["A", "E", "M", "P", "R", "W", "X"]);

/** A set acknowledged with IK501 M, R, W or X was rejected; A and E were accepted. */
export function isSetRejected(status: AckStatus): boolean {
  return status === "M" || status === "R" || status === "W" || status === "X";
}

function status(segment: Segment, position: number, allowed: string): AckStatus {
  const code = required(segment, position);
  if (!STATUSES.has(code) || !allowed.includes(code)) {
    throw readFailed(segment, position, "is not an acknowledgment code");
  }
  return code as AckStatus;
}

function codesFrom(segment: Segment, first: number, last: number): string[] {
  const codes: string[] = [];
  for (let p = first; p <= last; p++) {
    const code = optional(segment, p);
    if (code !== undefined) codes.push(code);
  }
  return codes;
}

function readCtx(segment: Segment, delimiters: Delimiters): ErrorContext {
  const first = required(segment, 1);
  return {
    name: component(first, 1, delimiters),
    reference: component(first, 2, delimiters) || undefined,
    segmentId: optional(segment, 2),
    position: optionalInteger(segment, 3),
    loop: optional(segment, 4),
  };
}

function readIk4(segment: Segment, delimiters: Delimiters): Omit<ElementError, "contexts"> {
  const parts = components(required(segment, 1), delimiters);
  const number = (text: string | undefined, index: number): number | undefined => {
    if (text === undefined || text === "") return undefined;
    if (!/^\d+$/.test(text)) throw readFailed(segment, 1, "is not a whole number", index);
    return Number(text);
  };
  return {
    position: number(parts[0], 1) ?? 0,
    component: number(parts[1], 2),
    repetition: number(parts[2], 3),
    ref: optional(segment, 2),
    code: required(segment, 3),
    copy: optional(segment, 4),
  };
}

interface MutableSegmentError extends Omit<SegmentError, "contexts" | "elementErrors"> {
  contexts: ErrorContext[];
  elementErrors: (Omit<ElementError, "contexts"> & { contexts: ErrorContext[] })[];
}

interface MutableSet extends Omit<SetAcknowledgment, "status" | "errorCodes" | "segmentErrors"> {
  status?: AckStatus;
  errorCodes: string[];
  segmentErrors: MutableSegmentError[];
}

interface MutableGroup extends Omit<GroupAcknowledgment, "sets"> {
  sets: SetAcknowledgment[];
}

/** Reads a 999 transaction set. Throws X12_READ_FAILED (ClaimgateError) on a malformed segment. */
export function read999(set: TransactionSet, delimiters: Delimiters): ImplementationAcknowledgment {
  expectSetId(set.segments, "999", "999");
  const groups: MutableGroup[] = [];
  let group: MutableGroup | undefined;
  let current: MutableSet | undefined;
  let segError: MutableSegmentError | undefined;
  let inElement = false;

  const closeSet = (at: Segment): void => {
    if (current === undefined) return;
    if (current.status === undefined) throw segmentMisplaced(at, "follows an AK2 without IK5");
    group?.sets.push({ ...current, status: current.status });
    current = undefined;
  };

  for (const segment of set.segments) {
    switch (segment.id) {
      case "AK1":
        closeSet(segment);
        group = {
          functionalId: required(segment, 1),
          controlNumber: required(segment, 2),
          version: optional(segment, 3),
          sets: [],
          errorCodes: [],
        };
        groups.push(group);
        break;
      case "AK2":
        if (group === undefined) throw segmentMisplaced(segment, "comes before AK1");
        closeSet(segment);
        current = {
          setId: required(segment, 1),
          controlNumber: required(segment, 2),
          guide: optional(segment, 3),
          errorCodes: [],
          segmentErrors: [],
        };
        segError = undefined;
        break;
      case "IK3":
        if (current === undefined) throw segmentMisplaced(segment, "comes outside an AK2 loop");
        segError = {
          segmentId: required(segment, 1),
          position: requiredInteger(segment, 2),
          loop: optional(segment, 3),
          code: optional(segment, 4),
          contexts: [],
          elementErrors: [],
        };
        current.segmentErrors.push(segError);
        inElement = false;
        break;
      case "IK4":
        if (segError === undefined) throw segmentMisplaced(segment, "comes outside an IK3 loop");
        segError.elementErrors.push({ ...readIk4(segment, delimiters), contexts: [] });
        inElement = true;
        break;
      case "CTX": {
        if (segError === undefined) throw segmentMisplaced(segment, "comes outside an IK3 loop");
        const context = readCtx(segment, delimiters);
        const lastElement = segError.elementErrors[segError.elementErrors.length - 1];
        if (inElement && lastElement !== undefined) lastElement.contexts.push(context);
        else segError.contexts.push(context);
        break;
      }
      case "IK5":
        if (current === undefined) throw segmentMisplaced(segment, "comes outside an AK2 loop");
        current.status = status(segment, 1, "AEMRWX");
        current.errorCodes = codesFrom(segment, 2, 6);
        closeSet(segment);
        segError = undefined;
        break;
      case "AK9":
        if (group === undefined) throw segmentMisplaced(segment, "comes before AK1");
        closeSet(segment);
        Object.assign(group, {
          status: status(segment, 1, "AEMPRWX"),
          includedSets: requiredInteger(segment, 2),
          receivedSets: requiredInteger(segment, 3),
          acceptedSets: requiredInteger(segment, 4),
          errorCodes: codesFrom(segment, 5, 9),
        });
        break;
      case "SE":
        closeSet(segment);
        break;
      default:
        break;
    }
  }
  return { controlNumber: set.controlNumber, guide: set.guide, groups };
}
