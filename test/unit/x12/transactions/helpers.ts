/**
 * Test-only helpers: build a TransactionSet from a short X12 text by hand (no tokenizer), and
 * locate the shared public corpus in place.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { ClaimgateError } from "../../../../src/errors.js";
import type { TransactionSet } from "../../../../src/x12/interchange.js";
import type { Delimiters, Segment } from "../../../../src/x12/segment.js";

export const DELIMS: Delimiters = { element: "*", repetition: "^", component: ":", segment: "~" };

/** Segments from "ST*835*1~BPR*...~SE*...": positions count from the first segment = 1. */
export function segmentsOf(text: string, delimiters: Delimiters = DELIMS): Segment[] {
  const segments: Segment[] = [];
  let offset = 0;
  for (const raw of text.split(delimiters.segment)) {
    const trimmed = raw.trim();
    if (trimmed !== "") {
      const [id = "", ...elements] = trimmed.split(delimiters.element);
      segments.push({ id, elements, position: segments.length + 1, offset });
    }
    offset += raw.length + 1;
  }
  return segments;
}

/** A transaction set from hand-written text starting at ST. */
export function setOf(text: string, delimiters: Delimiters = DELIMS): TransactionSet {
  const segments = segmentsOf(text, delimiters);
  const st = segments[0]!;
  return {
    id: st.elements[0] ?? "",
    controlNumber: st.elements[1] ?? "",
    guide: st.elements[2] ?? "",
    segments,
    findings: [],
  };
}

/** The shared corpus, read in place (never copied into the project). */
export const CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../../shared/corpus",
);

/**
 * Runs `read` and asserts it throws X12_READ_FAILED naming `where` (e.g. "CLP04") and the
 * segment position, without quoting `secret` (the offending value).
 */
export function expectReadFailure(
  read: () => unknown,
  where: string,
  position: number,
  secret?: string,
): ClaimgateError {
  let caught: unknown;
  try {
    read();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ClaimgateError);
  const error = caught as ClaimgateError;
  expect(error.code).toBe("X12_READ_FAILED");
  expect(error.message).toContain(where);
  expect(error.message).toContain(`position ${position}`);
  if (secret !== undefined) expect(error.message).not.toContain(secret);
  return error;
}
