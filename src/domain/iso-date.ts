/**
 * ISO calendar dates ("YYYY-MM-DD") as plain strings: they compare correctly as text, and the
 * domain never reads a clock (callers pass `today`).
 */
import type { IsoDate } from "./encounter.js";

/** Whether the text is a real calendar date in ISO form (2026-02-30 is not). */
export function isValidIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
