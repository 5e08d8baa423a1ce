/**
 * Structured logging (pino). JSON lines by default; pretty output only when asked.
 *
 * PHI must never reach a log line. Code should log ids and codes, not encounter data, but
 * the redaction list is the safety net: any field below with one of these names, at any
 * depth up to REDACT_DEPTH, is replaced before the line is written.
 */
import pino from "pino";
import type { DestinationStream, Logger, LoggerOptions } from "pino";
import type { LogLevel } from "../config/index.js";

export type { Logger } from "pino";

/** Whole objects that hold a person's data. */
const PHI_OBJECTS = ["patient", "subscriber", "insured", "dependent", "encounter", "demographics"];

/** Leaf fields that identify a person, and fields that carry raw X12 or request bodies. */
const PHI_FIELDS = [
  "firstName",
  "lastName",
  "middleName",
  "fullName",
  "patientName",
  "subscriberName",
  "memberId",
  "subscriberId",
  "ssn",
  "dateOfBirth",
  "dob",
  "birthDate",
  "address",
  "address1",
  "address2",
  "street",
  "city",
  "postalCode",
  "zip",
  "phone",
  "email",
  "groupNumber",
  "raw",
  "rawX12",
  "x12",
  "payload",
  "content",
  "body",
  "segments",
];

const REDACT_DEPTH = 4;

/** The pino redact paths: each key at the top level and under up to REDACT_DEPTH-1 wildcards. */
export function phiRedactPaths(): string[] {
  const paths: string[] = [];
  for (const key of [...PHI_OBJECTS, ...PHI_FIELDS]) {
    for (let depth = 0; depth < REDACT_DEPTH; depth++) {
      paths.push([...Array<string>(depth).fill("*"), key].join("."));
    }
  }
  return paths;
}

export const REDACTED = "[REDACTED]";

export interface LoggerSettings {
  readonly level: LogLevel;
  readonly pretty?: boolean;
  /** Where lines go; stdout when omitted. Tests pass a stream to read lines back. */
  readonly destination?: DestinationStream;
  readonly name?: string;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: phiRedactPaths(), censor: REDACTED },
    base: { name: settings.name ?? "claimgate" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (settings.pretty && !settings.destination) {
    // pino-pretty is a dev dependency: pretty output is for people at a terminal only.
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return settings.destination ? pino(options, settings.destination) : pino(options);
}
