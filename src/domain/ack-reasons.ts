/**
 * Why a partner refused what we sent, in plain language: TA1 interchange note codes (TA105),
 * 999 set and group syntax error codes (IK502..IK506, AK905..AK909), segment and element
 * error codes (IK304, IK403). The code lists are the X12 005010 ones (TA1 and 005010X231A1).
 * Used where a rejection must reach a caller as a reason, not a code: eligibility requests
 * whose 270 was rejected (or never answered).
 */
import type { EligibilityFailure } from "./eligibility.js";
import type {
  AckStatus,
  GroupAcknowledgment,
  SegmentError,
  SetAcknowledgment,
} from "../x12/transactions/999.js";

export const TA1_NOTE_CODES: Readonly<Record<string, string>> = {
  "000": "No error",
  "001": "The interchange control numbers in the header and trailer do not match",
  "002": "This standard as noted in the control standards identifier is not supported",
  "003": "This version of the controls is not supported",
  "004": "The segment terminator is invalid",
  "005": "Invalid interchange id qualifier for the sender",
  "006": "Invalid interchange sender id",
  "007": "Invalid interchange id qualifier for the receiver",
  "008": "Invalid interchange receiver id",
  "009": "Unknown interchange receiver id",
  "010": "Invalid authorization information qualifier value",
  "011": "Invalid authorization information value",
  "012": "Invalid security information qualifier value",
  "013": "Invalid security information value",
  "014": "Invalid interchange date value",
  "015": "Invalid interchange time value",
  "016": "Invalid interchange standards identifier value",
  "017": "Invalid interchange version id value",
  "018": "Invalid interchange control number value",
  "019": "Invalid acknowledgment requested value",
  "020": "Invalid test indicator value",
  "021": "Invalid number of included groups value",
  "022": "Invalid control structure",
  "023": "Improper (premature) end of file",
  "024": "Invalid interchange content (e.g. an invalid GS segment)",
  "025": "Duplicate interchange control number",
  "026": "Invalid data element separator",
  "027": "Invalid component element separator",
  "028": "Invalid delivery date in deferred delivery request",
  "029": "Invalid delivery time in deferred delivery request",
  "030": "Invalid delivery time code in deferred delivery request",
  "031": "Invalid grade of service code",
};

/** IK501 / AK901 acknowledgment codes. */
export const ACK_STATUSES: Readonly<Record<AckStatus, string>> = {
  A: "accepted",
  E: "accepted, but errors were noted",
  M: "rejected: message authentication code failed",
  P: "partially accepted: at least one transaction set was rejected",
  R: "rejected",
  W: "rejected: failed validity tests",
  X: "rejected: content after decryption could not be analyzed",
};

/** IK502..IK506 transaction set syntax error codes. */
export const SET_ERROR_CODES: Readonly<Record<string, string>> = {
  "1": "Transaction set not supported",
  "2": "Transaction set trailer missing",
  "3": "Transaction set control number in header and trailer do not match",
  "4": "Number of included segments does not match actual count",
  "5": "One or more segments in error",
  "6": "Missing or invalid transaction set identifier",
  "7": "Missing or invalid transaction set control number",
  "8": "Authentication key name unknown",
  "9": "Encryption key name unknown",
  "10": "Requested service (authentication or encryption) not available",
  "11": "Unknown security recipient",
  "12": "Incorrect message length (encryption only)",
  "13": "Message authentication code failed",
  "15": "Unknown security originator",
  "16": "Syntax error in decrypted text",
  "17": "Security not supported",
  "18": "Transaction set not in functional group",
  "19": "Invalid transaction set implementation convention reference",
  "23": "Transaction set control number not unique within the functional group",
  "24": "S3E security end segment missing for S3S security start segment",
  "25": "S3S security start segment missing for S3E security end segment",
  "26": "S4E security end segment missing for S4S security start segment",
  "27": "S4S security start segment missing for S4E security end segment",
  I5: "Implementation: one or more segments in error",
  I6: "Implementation convention not supported",
};

/** AK905..AK909 functional group syntax error codes. */
export const GROUP_ERROR_CODES: Readonly<Record<string, string>> = {
  "1": "Functional group not supported",
  "2": "Functional group version not supported",
  "3": "Functional group trailer missing",
  "4": "Group control number in the functional group header and trailer do not agree",
  "5": "Number of included transaction sets does not match actual count",
  "6": "Group control number violates syntax",
  "10": "Authentication key name unknown",
  "11": "Encryption key name unknown",
  "12": "Requested service (authentication or encryption) not available",
  "13": "Unknown security recipient",
  "14": "Unknown security originator",
  "15": "Syntax error in decrypted text",
  "16": "Security not supported",
  "17": "Incorrect message length (encryption only)",
  "18": "Message authentication code failed",
  "19": "Functional group control number not unique within interchange",
  "23": "S3E security end segment missing for S3S security start segment",
  "24": "S3S security start segment missing for S3E security end segment",
  "25": "S4E security end segment missing for S4S security start segment",
  "26": "S4S security start segment missing for S4E security end segment",
};

/** IK304 implementation segment syntax error codes. */
export const SEGMENT_ERROR_CODES: Readonly<Record<string, string>> = {
  "1": "Unrecognized segment id",
  "2": "Unexpected segment",
  "3": "Required segment missing",
  "4": "Loop occurs over maximum times",
  "5": "Segment exceeds maximum use",
  "6": "Segment not in defined transaction set",
  "7": "Segment not in proper sequence",
  "8": "Segment has data element errors",
  I4: 'Implementation "not used" segment present',
  I6: "Implementation dependent segment missing",
  I7: "Implementation loop occurs under minimum times",
  I8: "Implementation segment below minimum use",
  I9: 'Implementation dependent "not used" segment present',
};

/** IK403 implementation data element syntax error codes. */
export const ELEMENT_ERROR_CODES: Readonly<Record<string, string>> = {
  "1": "Required data element missing",
  "2": "Conditional required data element missing",
  "3": "Too many data elements",
  "4": "Data element too short",
  "5": "Data element too long",
  "6": "Invalid character in data element",
  "7": "Invalid code value",
  "8": "Invalid date",
  "9": "Invalid time",
  "10": "Exclusion condition violated",
  "12": "Too many repetitions",
  "13": "Too many components",
  I6: "Code value not used in implementation",
  I9: "Implementation dependent data element missing",
  I10: 'Implementation "not used" data element present',
  I11: "Implementation too few repetitions",
  I12: "Implementation pattern match failure",
  I13: 'Implementation dependent "not used" data element present',
};

const named = (table: Readonly<Record<string, string>>, code: string) =>
  table[code] ?? `code ${code}`;

export function ta1NoteMessage(noteCode: string): string {
  return `The partner rejected the interchange (TA1 note ${noteCode}): ${named(TA1_NOTE_CODES, noteCode)}.`;
}

/** One IK3 and its IK4s, e.g. "NM1 at segment 8 (loop 2100C): Segment has data element errors; element 9: Invalid code value". */
function segmentErrorText(error: SegmentError): string {
  const where = `${error.segmentId} at segment ${error.position}${error.loop ? ` (loop ${error.loop})` : ""}`;
  const parts = [
    ...(error.code === undefined ? [] : [named(SEGMENT_ERROR_CODES, error.code)]),
    ...error.elementErrors.map(
      (e) => `element ${e.position}: ${named(ELEMENT_ERROR_CODES, e.code)}`,
    ),
  ];
  return parts.length === 0 ? where : `${where}: ${parts.join("; ")}`;
}

/** Why a 999 rejected one transaction set: IK501, its IK502.. codes and its IK3/IK4 errors. */
export function setRejectionMessage(set: SetAcknowledgment): string {
  const codes = set.errorCodes.map((c) => named(SET_ERROR_CODES, c));
  const segments = set.segmentErrors.map(segmentErrorText);
  const why = [...codes, ...segments];
  return `The partner's 999 ${ACK_STATUSES[set.status]} the transaction set (IK5 ${set.status})${
    why.length === 0 ? "" : `: ${why.join(". ")}`
  }.`;
}

/** Why a 999 rejected a whole functional group (AK9 R with no answer for the set itself). */
export function groupRejectionMessage(group: GroupAcknowledgment): string {
  const status = group.status ?? "R";
  const why = group.errorCodes.map((c) => named(GROUP_ERROR_CODES, c));
  return `The partner's 999 ${ACK_STATUSES[status]} the functional group (AK9 ${status})${
    why.length === 0 ? "" : `: ${why.join(". ")}`
  }.`;
}

/** An eligibility request whose 270 interchange a TA1 rejected. */
export function ta1Failure(noteCode: string): EligibilityFailure {
  return {
    reason: "rejected",
    source: "TA1",
    code: `TA1_${noteCode}`,
    message: ta1NoteMessage(noteCode),
    codes: [noteCode],
  };
}

/** An eligibility request whose 270 transaction set a 999 rejected (IK5 M, R, W or X). */
export function setFailure(set: SetAcknowledgment): EligibilityFailure {
  return {
    reason: "rejected",
    source: "999",
    code: `999_IK5_${set.status}`,
    message: setRejectionMessage(set),
    codes: set.errorCodes,
    errors: set.segmentErrors.map((e) => ({
      segment: e.segmentId,
      position: e.position,
      ...(e.loop === undefined ? {} : { loop: e.loop }),
      ...(e.code === undefined ? {} : { code: e.code }),
      elements: e.elementErrors.map((x) => ({ position: x.position, code: x.code })),
    })),
  };
}

/** An eligibility request whose set a 999 did not name, in a group it rejected (AK9). */
export function groupFailure(group: GroupAcknowledgment): EligibilityFailure {
  return {
    reason: "rejected",
    source: "999",
    code: `999_AK9_${group.status ?? "R"}`,
    message: groupRejectionMessage(group),
    codes: group.errorCodes,
  };
}

/** An eligibility request with no 271 by the partner's deadline. */
export function timedOutFailure(dueHours: number): EligibilityFailure {
  return {
    reason: "timed_out",
    source: "followup",
    code: "TIMED_OUT",
    message: `No 271 answer came within ${dueHours} hours of sending the 270 (the partner's deadline).`,
  };
}
