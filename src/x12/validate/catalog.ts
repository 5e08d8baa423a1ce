/**
 * The finding kinds the loop engine and the validator report, each with its severity and the
 * 999 code it maps to. Codes verified against the X12 005010 code lists of data elements 620
 * (IK304), 621 (IK403) and 618 (IK502); see the notes on each entry where the mapping is ours.
 */
import type { Finding, Severity } from "../finding.js";

export interface FindingKind {
  readonly severity: Severity;
  /** IK304 implementation segment syntax error code. */
  readonly ik304?: string;
  /** IK403 implementation data element syntax error code. */
  readonly ik403?: string;
  /** IK502 implementation transaction set syntax error code. */
  readonly ik502?: string;
}

export const FINDING_KINDS = {
  /** IK304 1: the segment id is not one X12 defines (or not one we know). */
  SEGMENT_UNRECOGNIZED: { severity: "error", ik304: "1" },
  /** IK304 2: the segment id is in this guide, but not where it stands. */
  SEGMENT_UNEXPECTED: { severity: "error", ik304: "2" },
  /** IK304 3: a required segment is missing. */
  SEGMENT_REQUIRED_MISSING: { severity: "error", ik304: "3" },
  /** IK304 3 on the loop's trigger segment: a required loop is missing. */
  LOOP_REQUIRED_MISSING: { severity: "error", ik304: "3" },
  /** IK304 4: loop occurs over maximum times. */
  LOOP_REPEAT_EXCEEDED: { severity: "error", ik304: "4" },
  /** IK304 5: segment exceeds maximum use. */
  SEGMENT_MAX_USE_EXCEEDED: { severity: "error", ik304: "5" },
  /** IK304 6: an X12 segment that this transaction set does not define. */
  SEGMENT_NOT_IN_SET: { severity: "error", ik304: "6" },
  /** IK304 7: segment not in proper sequence (its place in this loop is earlier). */
  SEGMENT_OUT_OF_ORDER: { severity: "error", ik304: "7" },
  /** IK304 I4: implementation "not used" segment (or loop trigger) present. */
  SEGMENT_NOT_USED: { severity: "error", ik304: "I4" },
  /** IK403 1: required data element missing. */
  ELEMENT_REQUIRED_MISSING: { severity: "error", ik403: "1" },
  /** IK403 4: data element too short. */
  ELEMENT_TOO_SHORT: { severity: "error", ik403: "4" },
  /** IK403 5: data element too long. */
  ELEMENT_TOO_LONG: { severity: "error", ik403: "5" },
  /** IK403 6: invalid character in data element (also: malformed number). */
  ELEMENT_INVALID_CHARACTER: { severity: "error", ik403: "6" },
  /** IK403 7: invalid code value. */
  ELEMENT_INVALID_CODE: { severity: "error", ik403: "7" },
  /** IK403 8: invalid date. */
  ELEMENT_INVALID_DATE: { severity: "error", ik403: "8" },
  /** IK403 9: invalid time. */
  ELEMENT_INVALID_TIME: { severity: "error", ik403: "9" },
  /** IK403 12: too many repetitions. */
  ELEMENT_TOO_MANY_REPETITIONS: { severity: "error", ik403: "12" },
  /** IK403 13: too many components. */
  ELEMENT_TOO_MANY_COMPONENTS: { severity: "error", ik403: "13" },
  /** IK403 I10: implementation "not used" data element present. */
  ELEMENT_NOT_USED: { severity: "error", ik403: "I10" },
  /**
   * HL01 does not count up from 1 by one. The guides require it; 999 has no code for
   * hierarchy links, so we report the element as an invalid value (IK403 7) — our mapping.
   */
  HL_ID_NOT_SEQUENTIAL: { severity: "error", ik403: "7" },
  /** HL02 names no earlier HL, or one of the wrong level (IK403 7, our mapping). */
  HL_PARENT_INVALID: { severity: "error", ik403: "7" },
  /** HL04 says children follow when none do, or the reverse (warning; IK403 7). */
  HL_CHILD_CODE_MISMATCH: { severity: "warning", ik403: "7" },
  /**
   * CLM02 differs from the sum of the claim's line charges. A business edit (payers answer
   * it with a 277CA rejection), so it carries no 999 code and does not reject a 999.
   */
  CLAIM_TOTAL_MISMATCH: { severity: "error" },
  /** An 835 does not balance (BPR02, CLP, SVC rules). Business edit: no 999 code. */
  REMIT_UNBALANCED: { severity: "error" },
  /** IK502 1 / I6: no spec for this transaction set (or this guide version). */
  TRANSACTION_SET_NOT_SUPPORTED: { severity: "error", ik502: "1" },
} as const satisfies Record<string, FindingKind>;

export type FindingCode = keyof typeof FINDING_KINDS;

/** Where a finding is and what it says; the kind supplies severity and 999 codes. */
export interface FindingAt {
  readonly message: string;
  readonly position: number;
  readonly segment: string;
  readonly offset?: number;
  readonly loop?: string;
  readonly element?: number;
  readonly component?: number;
  readonly repetition?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds a finding of a known kind; `overrides` replace a kind's 999 codes where needed. */
export function finding(
  code: FindingCode,
  at: FindingAt,
  overrides: Partial<FindingKind> = {},
): Finding {
  const kind: FindingKind = FINDING_KINDS[code];
  const out: Mutable<Finding> = {
    code,
    severity: overrides.severity ?? kind.severity,
    message: at.message,
    position: at.position,
    segment: at.segment,
  };
  // Optional fields only when known: findings are serialized as they are.
  if (at.offset !== undefined) out.offset = at.offset;
  if (at.loop !== undefined) out.loop = at.loop;
  if (at.element !== undefined) out.element = at.element;
  if (at.component !== undefined) out.component = at.component;
  if (at.repetition !== undefined) out.repetition = at.repetition;
  const ik304 = overrides.ik304 ?? kind.ik304;
  const ik403 = overrides.ik403 ?? kind.ik403;
  const ik502 = overrides.ik502 ?? kind.ik502;
  if (ik304 !== undefined) out.ik304 = ik304;
  if (ik403 !== undefined) out.ik403 = ik403;
  if (ik502 !== undefined) out.ik502 = ik502;
  return out;
}

/** "CLM02", "CLM05-03": how messages name an element without quoting its value. */
export function elementRef(segment: string, element: number, component?: number): string {
  const base = `${segment}${String(element).padStart(2, "0")}`;
  return component === undefined ? base : `${base}-${String(component).padStart(2, "0")}`;
}
