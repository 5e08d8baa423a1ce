/**
 * The envelope model: interchange (ISA/IEA) → functional groups (GS/GE) → transaction sets (ST/SE).
 * The tokenizer and envelope reader produce it; the loop engine, validator, readers and ack
 * generator consume it.
 */
import type { Finding } from "./finding.js";
import type { Delimiters, Segment } from "./segment.js";

export interface TransactionSet {
  /** ST01, e.g. "837". */
  readonly id: string;
  /** ST02. */
  readonly controlNumber: string;
  /** Implementation guide: ST03 when present, else the group's GS08. */
  readonly guide: string;
  /** ST through SE inclusive (SE missing when truncated); positions count from ST = 1. */
  readonly segments: readonly Segment[];
  /** Envelope findings about this set (SE01 count, ST02 = SE02, missing SE; ST01 under GS01). */
  readonly findings: readonly Finding[];
}

export interface FunctionalGroup {
  readonly gs: Segment;
  readonly ge?: Segment;
  /** GS01, e.g. "HC". */
  readonly functionalId: string;
  /** GS06. */
  readonly controlNumber: string;
  /** GS08, e.g. "005010X222A1". */
  readonly version: string;
  readonly transactionSets: readonly TransactionSet[];
  /** Envelope findings about this group (GE01 count, GS06 = GE02 and unique, GS05, missing GE, GS08). */
  readonly findings: readonly Finding[];
}

export interface Interchange {
  readonly isa: Segment;
  readonly iea?: Segment;
  readonly delimiters: Delimiters;
  /** ISA13. */
  readonly controlNumber: string;
  /** ISA05/ISA06 and ISA07/ISA08, trimmed. */
  readonly sender: { readonly qualifier: string; readonly id: string };
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** ISA15: "T" test or "P" production. */
  readonly usage: string;
  readonly groups: readonly FunctionalGroup[];
  /** TA1 segments carried directly in the interchange (between ISA and IEA, outside groups). */
  readonly ta1: readonly Segment[];
  /** Envelope findings about the interchange (ISA widths and values, IEA01 count, ISA13 = IEA02). */
  readonly findings: readonly Finding[];
}
