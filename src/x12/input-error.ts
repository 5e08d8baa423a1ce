/**
 * The one error the X12 readers throw: the input cannot be read as X12 at all (no ISA,
 * unusable delimiters, a runaway segment). Everything else about a file is a finding.
 */
import { ClaimgateError, type ErrorCode } from "../errors.js";

export class X12InputError extends ClaimgateError {
  /** Byte offset in the input where reading stopped. */
  readonly offset: number;

  constructor(code: ErrorCode, message: string, offset: number) {
    super(code, `${message} (at byte ${offset})`);
    this.offset = offset;
  }
}
