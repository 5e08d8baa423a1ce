/**
 * The format of the TR3 implementation-guide specs kept as data in `schemas/x12/<guide>.json`.
 *
 * A spec describes one transaction set as the guide lays it out: an ordered tree of
 * segments and loops from ST to SE. The loop engine walks this tree to give each
 * segment its loop path (for example `2000B/2300/2400`) and the validator checks each
 * segment against its SegmentSpec. The guides' structure is public fact; this format
 * is ours.
 *
 * Conventions:
 * - `max` / `repeat` use `UNBOUNDED` (-1) for the guides' ">1".
 * - Usage: "R" required, "S" situational, "N" not used (present = IK304 "I4"/IK403 "I10").
 * - Segments that share an id within one loop (NM1*85 vs NM1*87, REF*G1 vs REF*9F,
 *   DTP*472 vs DTP*471) are told apart by `match`: element position -> accepted codes.
 * - HL loops of a hierarchical transaction are siblings in the spec, each entered by an
 *   HL whose HL03 matches (`match: { "3": ["22"] }` on the HL trigger). The engine follows
 *   HL02 parent links for hierarchy checks, not the spec's nesting.
 * - A loop that appears under several parents (837 2300 under 2000B and under 2000C) is
 *   written once in `definitions` and placed with `{ "include": "2300" }`.
 */

export const UNBOUNDED = -1;

export type Usage = "R" | "S" | "N";

/**
 * X12 data element types: AN string, ID identifier (code), DT date (CCYYMMDD or YYMMDD by
 * max length), TM time (HHMM[SS[d..]]), N0..N9 implied-decimal numeric, R decimal, B binary.
 */
export type ElementType =
  "AN" | "ID" | "DT" | "TM" | "N0" | "N1" | "N2" | "N3" | "N4" | "R" | "B" | "COMPOSITE";

export interface ElementSpec {
  /** Reference designator: "CLM05" for an element, "CLM05-01" for a component. */
  readonly ref: string;
  readonly name: string;
  readonly usage: Usage;
  readonly type: ElementType;
  readonly min: number;
  readonly max: number;
  /** Code values the guide allows, where it enumerates them (ID elements, qualifiers). */
  readonly codes?: readonly string[];
  /** What each code means, where the spec records it (TA105 note codes, 999 error codes). */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** Maximum repetitions (repetition separator); default 1. */
  readonly repeat?: number;
  /** Components, for type "COMPOSITE". */
  readonly components?: readonly ElementSpec[];
}

export interface SegmentSpec {
  readonly segment: string;
  readonly name: string;
  readonly usage: Usage;
  /** Maximum use within one occurrence of its loop; UNBOUNDED for ">1". */
  readonly max: number;
  /** Element position (1-based, as a string key) -> codes that identify this segment. */
  readonly match?: Readonly<Record<string, readonly string[]>>;
  /** Elements by position: elements[0] is position 1. Trailing unused ones may be omitted. */
  readonly elements: readonly ElementSpec[];
}

export interface LoopSpec {
  /** Loop id as the guide names it: "2000A", "2010AA", "2300". */
  readonly loop: string;
  readonly name: string;
  readonly usage: Usage;
  /** Maximum repeats within one occurrence of its parent; UNBOUNDED for ">1". */
  readonly repeat: number;
  /** children[0] is the loop's trigger segment. */
  readonly children: readonly SpecNode[];
}

/** Places a loop written once in `definitions`. Usage and repeat may differ per parent. */
export interface LoopInclude {
  readonly include: string;
  readonly usage?: Usage;
  readonly repeat?: number;
}

export type SpecNode = SegmentSpec | LoopSpec | LoopInclude;

export interface TransactionSpec {
  /** Implementation guide version as it stands in GS08 / ST03, e.g. "005010X222A1". */
  readonly guide: string;
  /** Other GS08 values read with this same structure (e.g. "005010X222A2"). */
  readonly aliases?: readonly string[];
  /** ST01: "837", "835", ... */
  readonly transactionSet: string;
  /** GS01 functional identifier code: "HC", "HP", ... */
  readonly functionalGroup: string;
  readonly name: string;
  /** ST through SE, in order. */
  readonly children: readonly SpecNode[];
  readonly definitions?: Readonly<Record<string, LoopSpec>>;
}

export function isLoop(node: SpecNode): node is LoopSpec {
  return "loop" in node;
}

export function isInclude(node: SpecNode): node is LoopInclude {
  return "include" in node;
}
