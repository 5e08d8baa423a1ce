/**
 * Segment checks that look at several elements of one segment: a DTP date's text must fit
 * its format qualifier (D8 a date, RD8 a date range, DT a date and time).
 */
import type { PlacedSegment } from "../engine.js";
import type { Finding } from "../finding.js";
import { elementRef, finding } from "./catalog.js";
import { isValidDate, isValidTime } from "./elements.js";

/** Whether a DTP03 text fits its DTP02 format qualifier; unknown qualifiers pass. */
function fitsFormat(format: string, text: string): boolean {
  switch (format) {
    case "D8":
      return text.length === 8 && isValidDate(text);
    case "RD8": {
      const [from = "", to = "", ...rest] = text.split("-");
      return rest.length === 0 && fitsFormat("D8", from) && fitsFormat("D8", to) && from <= to;
    }
    case "DT":
      return text.length === 12 && isValidDate(text.slice(0, 8)) && isValidTime(text.slice(8));
    default:
      return true;
  }
}

function checkDtp(placed: PlacedSegment): Finding[] {
  const { segment, loop } = placed;
  const format = segment.elements[1] ?? "";
  const text = segment.elements[2] ?? "";
  if (text === "" || fitsFormat(format, text)) return [];
  return [
    finding("ELEMENT_INVALID_DATE", {
      message: `${elementRef("DTP", 3)} does not hold a valid date in the format DTP02 names.`,
      position: segment.position,
      offset: segment.offset,
      segment: segment.id,
      ...(loop === "" ? {} : { loop }),
      element: 3,
    }),
  ];
}

/** Multi-element findings of one placed segment. */
export function checkSegment(placed: PlacedSegment): Finding[] {
  if (placed.spec === undefined) return [];
  if (placed.segment.id === "DTP") return checkDtp(placed);
  return [];
}
