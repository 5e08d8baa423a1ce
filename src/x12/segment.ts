/**
 * The segment model every part of the X12 core shares.
 *
 * A tokenized segment keeps each element's raw text (component and repetition
 * separators left in place) so that writing it back with the same delimiters
 * reproduces the input byte for byte. Split components with the delimiters when
 * a reader needs them.
 */

/** The four delimiters of an interchange, read from its ISA. */
export interface Delimiters {
  /** Element separator: ISA character 4. */
  readonly element: string;
  /** Repetition separator: ISA11 (in 005010). */
  readonly repetition: string;
  /** Component element separator: ISA16. */
  readonly component: string;
  /** Segment terminator: the character after ISA16. */
  readonly segment: string;
}

/** One segment as read from a file. */
export interface Segment {
  /** Segment id, e.g. "CLM". */
  readonly id: string;
  /**
   * Raw element texts: `elements[0]` is element position 1 (CLM01), and so on.
   * Trailing empty elements are kept exactly as they appeared.
   */
  readonly elements: readonly string[];
  /**
   * 1-based ordinal within its transaction set, counted as 999 IK302 counts it
   * (ST = 1). Envelope segments outside ST..SE (ISA, GS, GE, IEA) carry their
   * 1-based ordinal within the interchange instead.
   */
  readonly position: number;
  /** Byte offset of the segment id within the file. */
  readonly offset: number;
}

/** An element value to write: plain text, or components to join with the component separator. */
export type ElementInput = string | readonly string[];

/** A segment to write (builders produce these; the writer serializes them). */
export interface SegmentInput {
  readonly id: string;
  readonly elements: readonly ElementInput[];
}
