import { createHash } from "node:crypto";

/** A stable 63-bit advisory-lock id for a lock name (PostgreSQL takes a bigint). */
export function lockId(name: string): string {
  const digest = createHash("sha256").update(name).digest();
  return (digest.readBigInt64BE(0) & 0x7fffffffffffffffn).toString();
}
