/**
 * TA1 interchange acknowledgment → typed object.
 *
 * A TA1 is a lone segment between ISA and IEA (outside any group); the envelope reader
 * collects them in `Interchange.ta1`.
 */
import type { Interchange } from "../interchange.js";
import type { Segment } from "../segment.js";
import { readFailed, required, segmentMisplaced } from "./common.js";

/** TA104: A accepted, E accepted with errors, R rejected. */
export type InterchangeAckStatus = "A" | "E" | "R";

export interface InterchangeAcknowledgment {
  /** TA101: ISA13 of the interchange acknowledged. */
  readonly controlNumber: string;
  /**
   * TA102 interchange date as ISO "YYYY-MM-DD". The element is YYMMDD with no century;
   * it is read as 20YY, the window every 005010 interchange date falls in.
   */
  readonly date: string;
  /** TA103 interchange time HHMM, as sent. */
  readonly time: string;
  readonly status: InterchangeAckStatus;
  /** TA105 interchange note code, e.g. "000" no error, "001" control numbers differ. */
  readonly noteCode: string;
  /** Position of the TA1 segment within its interchange. */
  readonly position: number;
}

/** An interchange rejected by its TA1 (R) never reached any group or claim in it. */
export function isInterchangeRejected(ack: InterchangeAcknowledgment): boolean {
  return ack.status === "R";
}

function isoFromYymmdd(segment: Segment): string {
  const raw = required(segment, 2);
  const month = Number(raw.slice(2, 4));
  const day = Number(raw.slice(4, 6));
  if (!/^\d{6}$/.test(raw) || month < 1 || month > 12 || day < 1 || day > 31) {
    throw readFailed(segment, 2, "is not a YYMMDD date");
  }
  return `20${raw.slice(0, 2)}-${raw.slice(2, 4)}-${raw.slice(4, 6)}`;
}

/** Reads one TA1 segment. Throws X12_READ_FAILED when an element is missing or malformed. */
export function readTa1(segment: Segment): InterchangeAcknowledgment {
  if (segment.id !== "TA1") throw segmentMisplaced(segment, "is not a TA1 segment");
  const time = required(segment, 3);
  if (!/^\d{4}$/.test(time)) throw readFailed(segment, 3, "is not an HHMM time");
  const status = required(segment, 4);
  if (status !== "A" && status !== "E" && status !== "R") {
    throw readFailed(segment, 4, "is not an acknowledgment code (A, E, R)");
  }
  const noteCode = required(segment, 5);
  if (!/^\d{3}$/.test(noteCode)) throw readFailed(segment, 5, "is not a three-digit note code");
  return {
    controlNumber: required(segment, 1),
    date: isoFromYymmdd(segment),
    time,
    status,
    noteCode,
    position: segment.position,
  };
}

/** Reads every TA1 an interchange carries. */
export function readInterchangeAcknowledgments(
  interchange: Interchange,
): InterchangeAcknowledgment[] {
  return interchange.ta1.map(readTa1);
}
