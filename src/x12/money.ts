/**
 * Money as integer cents. X12 amounts (type R) are decimal text such as "123.45", "-5",
 * ".5" or "100"; parsing works on the digits, never through floating point.
 */
import { ClaimgateError } from "../errors.js";

const AMOUNT = /^(-?)(\d*)(?:\.(\d*))?$/;

/** Cents of a decimal amount text: "123.45" → 12345. Throws on text that is not an amount. */
export function parseCents(text: string): number {
  const match = AMOUNT.exec(text);
  const whole = match?.[2] ?? "";
  const fraction = (match?.[3] ?? "").replace(/0+$/, "");
  if (match === null || (whole === "" && (match[3] ?? "") === "") || fraction.length > 2) {
    throw new ClaimgateError("X12_AMOUNT_INVALID", "amount is not a decimal with at most 2 places");
  }
  const cents = Number(whole || "0") * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) {
    throw new ClaimgateError("X12_AMOUNT_INVALID", "amount is too large to hold in cents");
  }
  return match[1] === "-" && cents !== 0 ? -cents : cents;
}

/** Fixed two-decimal text of cents: 12345 → "123.45", -5 → "-0.05". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new ClaimgateError("X12_AMOUNT_INVALID", "cents must be a safe integer");
  }
  const sign = cents < 0 ? "-" : "";
  const digits = String(Math.abs(cents)).padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * X12 amount text of cents: trailing fractional zeros and a bare decimal point dropped, as
 * the R data type prefers: 10000 → "100", 150 → "1.5", 12345 → "123.45", -5 → "-0.05".
 */
export function formatAmount(cents: number): string {
  return formatCents(cents).replace(/\.?0+$/, "");
}
