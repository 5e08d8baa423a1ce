/**
 * System faults as typed errors with stable codes, defined in one place.
 *
 * Validation problems are not errors: they are data (findings, scrub edits) with a
 * code, position and owner. These classes are for faults: bad configuration, a file
 * that cannot be read at all, a store or transport failure. Messages carry codes and
 * positions, never element values or other PHI.
 *
 * Add a code here (with a one-line meaning) before throwing it anywhere.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: "A configuration key is missing or malformed.",
  X12_NOT_INTERCHANGE:
    "The input does not start with an ISA segment of the fixed 106-character form.",
  X12_TRUNCATED: "The input ends inside an interchange, group or transaction set.",
  X12_SPEC_UNKNOWN: "No TR3 spec is known for the transaction set and guide version.",
  X12_SPEC_INVALID: "A TR3 spec file does not have the expected structure.",
  LIFECYCLE_ILLEGAL_TRANSITION: "A claim event is not allowed in the claim's current state.",
  STORE_MIGRATION_FAILED: "A SQL migration failed; nothing of it was applied.",
  STORE_QUERY_FAILED: "A store query failed.",
  STORE_CONTROL_NUMBERS_EXHAUSTED: "A partner's control-number sequence reached its maximum.",
  STORE_NOT_FOUND: "The record does not exist for this tenant.",
  STORE_CONFLICT: "The record already exists, or changed meanwhile.",
  SFTP_HOST_KEY_MISMATCH: "The server's host key does not match the pinned fingerprint.",
  SFTP_TIMEOUT: "An SFTP operation did not finish within its time limit.",
  SFTP_FAILED: "An SFTP operation failed.",
  X12_READ_FAILED:
    "A transaction reader met a segment it cannot read (required element missing, bad amount or date).",
  X12_AMOUNT_INVALID:
    "An amount is not a decimal with at most two places, or does not fit in cents.",
  X12_WRITE_INVALID:
    "A value to write contains a delimiter of the interchange or does not fit its envelope field.",
  X12_SEGMENT_TOO_LONG: "A segment runs past the reader's length limit without a terminator.",
  SFTP_REMOTE_CONFLICT:
    "The partner's server holds a different file under the name an upload needs.",
  TRANSMIT_NOT_SENDABLE:
    "An outbound file cannot be transmitted: wrong direction or partner, no content, or a failed state.",
  X12_BUILD_INVALID:
    "An encounter cannot be built into an 837: a part the guide requires is missing or a guide limit is exceeded.",
  CODESET_INVALID:
    "A public code set file (ICD-10-CM, HCPCS, CARC/RARC, place of service) does not have its published format.",
  ROOT_CAUSE_MAP_INVALID:
    "A root-cause mapping file (schemas/root-cause/) does not have the expected rows or values.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ClaimgateError extends Error {
  readonly code: ErrorCode;
  /** Whether retrying the same work may succeed (transient fault) or not (bad input, bad setup). */
  readonly transient: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; transient?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.transient = options.transient ?? false;
  }
}
