/**
 * A validation finding: what is wrong, where, and which acknowledgment code it maps to.
 * Findings are data, not exceptions. Messages never quote element values (they can be PHI);
 * they name the segment, element and rule instead.
 */

export type Severity = "error" | "warning";

export interface Finding {
  /** Our stable finding code, e.g. "SEGMENT_UNRECOGNIZED", "ELEMENT_TOO_LONG". */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Segment position: ordinal within the transaction set (ST = 1), or within the interchange for envelope segments. */
  readonly position: number;
  /** Byte offset of the segment in the file, where known. */
  readonly offset?: number;
  /** Segment id, e.g. "CLM". */
  readonly segment: string;
  /** Loop path, e.g. "2000B/2300/2400", where known. */
  readonly loop?: string;
  /** 1-based element position, for element findings. */
  readonly element?: number;
  /** 1-based component position within a composite. */
  readonly component?: number;
  /** 1-based repetition, for repeated elements. */
  readonly repetition?: number;
  /** ST02 of the transaction set the finding is in, where it is in one. */
  readonly transactionControlNumber?: string;
  /** 999 IK304 segment syntax error code. */
  readonly ik304?: string;
  /** 999 IK403 element syntax error code. */
  readonly ik403?: string;
  /** 999 IK502 transaction set syntax error code. */
  readonly ik502?: string;
  /** 999 AK905 functional group syntax error code. */
  readonly ak905?: string;
  /** TA1 interchange note code (TA105), for envelope findings. */
  readonly ta1?: string;
}
