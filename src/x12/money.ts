/**
 * Money as integer cents. X12 amounts (type R) are decimal text such as "123.45", "-5",
 * ".5" or "100"; parsing works on the digits, never through floating point.
 */
import { ClaimgateError } from "../errors.js";

const invalidAmount = () =>
  new ClaimgateError("X12_AMOUNT_INVALID", "amount is not a decimal with at most 2 places");

/**
 * Cents of a decimal amount text: "123.45" → 12345. Throws on text that is not an amount.
 * One pass over the characters (no regex, no substrings): the 835 reader calls this for every
 * amount, and it was the reader's largest cost.
 */
export function parseCents(text: string): number {
  let i = 0;
  const negative = text.charCodeAt(0) === 45; // "-"
  if (negative) i = 1;
  let whole = 0;
  let wholeDigits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    wholeDigits++;
  }
  let fraction = 0;
  let fractionDigits = 0;
  let hasPoint = false;
  if (i < text.length && text.charCodeAt(i) === 46) {
    hasPoint = true;
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) throw invalidAmount();
      // Places past the second must be zeros ("1.500" is 150 cents; "1.505" is not an amount).
      if (fractionDigits >= 2) {
        if (c !== 0) throw invalidAmount();
      } else {
        fraction = fraction * 10 + c;
      }
      fractionDigits++;
    }
  }
  if (i !== text.length || (wholeDigits === 0 && fractionDigits === 0)) throw invalidAmount();
  if (hasPoint && fractionDigits === 1) fraction *= 10;
  const cents = whole * 100 + fraction;
  if (!Number.isSafeInteger(cents)) {
    throw new ClaimgateError("X12_AMOUNT_INVALID", "amount is too large to hold in cents");
  }
  return negative && cents !== 0 ? -cents : cents;
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
