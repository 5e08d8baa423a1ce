/**
 * GS rules beyond its control numbers and version: GS05 read as a time, and the functional
 * identifier code (GS01) each transaction set id (ST01) belongs under.
 */

/** GS05 (TM, 4 to 8): HHMM, HHMMSS, HHMMSSD or HHMMSSDD on a 24-hour clock. */
const GROUP_TIME = /^(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d\d{0,2})?$/;

/** True when `value` is a valid GS05 time. */
export function isGroupTime(value: string): boolean {
  return GROUP_TIME.test(value);
}

/**
 * GS01 for the health care transaction sets (X12 479 Functional Identifier Code). A set id not
 * listed here is left to the spec registry (it is "not supported" there, not a GS01 mismatch).
 */
const FUNCTIONAL_ID_OF_SET: ReadonlyMap<string, string> = new Map([
  ["837", "HC"],
  ["835", "HP"],
  ["270", "HS"],
  ["271", "HB"],
  ["276", "HR"],
  ["277", "HN"],
  ["278", "HI"],
  ["834", "BE"],
  ["820", "RA"],
  ["999", "FA"],
  ["997", "FA"],
]);

/** The GS01 a set with this ST01 belongs under; undefined for a set id not listed. */
export function functionalIdOf(setId: string): string | undefined {
  return FUNCTIONAL_ID_OF_SET.get(setId);
}
