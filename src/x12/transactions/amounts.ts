/**
 * Monetary amounts for the transaction readers: element text to integer cents through
 * money.ts, failing with X12_READ_FAILED (segment, position, element; never the value).
 */
import { parseCents } from "../money.js";
import type { Segment } from "../segment.js";
import { optional, readFailed, required } from "./common.js";

/** Amount text to integer cents; throws X12_READ_FAILED when it is not a decimal amount. */
function toCents(segment: Segment, position: number, raw: string, componentIndex?: number): number {
  let cents: number;
  try {
    cents = parseCents(raw);
  } catch {
    throw readFailed(segment, position, "is not a decimal amount", componentIndex);
  }
  if (!Number.isSafeInteger(cents)) {
    throw readFailed(segment, position, "is not a decimal amount", componentIndex);
  }
  return cents;
}

/** Required monetary amount in cents. */
export function requiredCents(segment: Segment, position: number): number {
  return toCents(segment, position, required(segment, position));
}

/** Optional monetary amount in cents (undefined when empty). */
export function optionalCents(segment: Segment, position: number): number | undefined {
  const raw = optional(segment, position);
  return raw === undefined ? undefined : toCents(segment, position, raw);
}

/** AMT*qualifier*amount (in cents). */
export interface Amount {
  readonly qualifier: string;
  readonly amountCents: number;
}

export function readAmt(segment: Segment): Amount {
  return { qualifier: required(segment, 1), amountCents: requiredCents(segment, 2) };
}
