/** Keyset paging shared by the list routes: `limit` and an opaque `cursor`. */
import { ApiProblem } from "./problem.js";

/** The cursor is opaque to clients: base64url of "createdAt|id" of the last claim of a page. */
export function parseCursor(raw: string | undefined) {
  if (raw === undefined) return undefined;
  const [at = "", id = ""] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at);
  if (id === "" || Number.isNaN(createdAt.getTime())) {
    throw new ApiProblem("VALIDATION_FAILED", "cursor is not one this API returned.");
  }
  return { createdAt, id };
}

export const cursorOf = (claim: { createdAt: Date; id: string }) =>
  Buffer.from(`${claim.createdAt.toISOString()}|${claim.id}`).toString("base64url");

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new ApiProblem("VALIDATION_FAILED", "limit must be an integer from 1 to 1000.");
  }
  return n;
}

/** The next page's cursor: set when the page is full. */
export function nextCursor<T extends { createdAt: Date; id: string }>(
  items: readonly T[],
  limit: number,
): string | null {
  const last = items.at(-1);
  return items.length === limit && last ? cursorOf(last) : null;
}
