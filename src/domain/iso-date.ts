/**
 * ISO calendar dates ("YYYY-MM-DD") as plain strings: they compare correctly as text, and the
 * domain never reads a clock (callers pass `today`). Checked and counted with integer
 * arithmetic, no Date objects: scrub calls these for every date of every claim.
 */
import type { IsoDate } from "./encounter.js";

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number in text[from, to) when it is all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Whether the text is a real calendar date in ISO form (2026-02-30 is not). */
export function isValidIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== "string" || text.length !== 10 || text[4] !== "-" || text[7] !== "-") {
    return false;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leapDay = month === 2 && isLeapYear(year) ? 1 : 0;
  return day <= DAYS_IN_MONTH[month - 1]! + leapDay;
}

/** Days since 1970-01-01 of a valid ISO date (the proleptic Gregorian calendar). */
function dayNumber(date: IsoDate): number {
  const month = digits(date, 5, 7);
  const day = digits(date, 8, 10);
  const year = digits(date, 0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}
