/**
 * A benchmark row. Add rows by dropping a file in bench/cases/ whose default export is an
 * array of BenchCase; bench/run.ts loads every file there.
 */
import type { BenchKind } from "./generate.js";

export interface BenchCase {
  /** Row label, e.g. "tokenize (ours)". */
  readonly name: string;
  /** The generated files it runs on. */
  readonly kinds: readonly BenchKind[];
  /** The row the "vs node-x12" ratio divides by (node-x12's stream parser). */
  readonly baseline?: boolean;
  /** Rows sort by order, then by name (core rows use 0-9). */
  readonly order?: number;
  /** One full pass over the bytes; returns a count of what it read (kept so work is not elided). */
  readonly run: (bytes: Buffer) => number | Promise<number>;
}
