/**
 * Control numbers (ISA13, GS06, ST02) per tenant, partner and kind, allocated in the store:
 * never from memory or the clock, never reused. One statement increments and returns the
 * range, so concurrent allocators never get the same number.
 */
import { ClaimgateError } from "../errors.js";
import type { Queryable } from "./database.js";

export type ControlNumberKind = "isa" | "gs" | "st";

/** ISA13 is nine digits; GS06 and ST02 allow nine as well in 005010 (GS06 up to 9, ST02 4-9). */
export const CONTROL_NUMBER_MAX = 999_999_999;

export interface ControlNumberRange {
  readonly first: number;
  readonly last: number;
}

export async function allocateControlNumbers(
  db: Queryable,
  tenantId: string,
  partnerId: string,
  kind: ControlNumberKind,
  count = 1,
): Promise<ControlNumberRange> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError("count must be >= 1");
  const { rows } = await db.query<{ last_value: string }>(
    `insert into control_numbers (tenant_id, partner_id, kind, last_value)
     values ($1, $2, $3, $4)
     on conflict (tenant_id, partner_id, kind)
     do update set last_value = control_numbers.last_value + excluded.last_value
     returning last_value::text as last_value`,
    [tenantId, partnerId, kind, count],
  );
  const last = Number(rows[0]?.last_value);
  if (!Number.isSafeInteger(last) || last > CONTROL_NUMBER_MAX) {
    throw new ClaimgateError(
      "STORE_CONTROL_NUMBERS_EXHAUSTED",
      `control numbers of kind ${kind} for partner ${partnerId} are exhausted`,
    );
  }
  return { first: last - count + 1, last };
}

/** ISA13 is written as nine digits, zero padded. */
export function formatIsaControlNumber(n: number): string {
  return String(n).padStart(9, "0");
}
