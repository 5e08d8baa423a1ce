/** Which date counts as "the date of service" for each check, in one place. */
import type { CodedEncounter, IsoDate } from "../encounter.js";
import { isValidIsoDate } from "../iso-date.js";
import { linePath } from "./run.js";

export interface DatedPath {
  readonly date: IsoDate;
  readonly path: string;
}

/** Each line's own date of service (837I lines without one take the statement start). */
export function lineServiceDates(encounter: CodedEncounter): (DatedPath | undefined)[] {
  if (encounter.kind === "professional") {
    return encounter.serviceLines.map((line, i) =>
      isValidIsoDate(line.serviceDate)
        ? { date: line.serviceDate, path: linePath(i, "serviceDate") }
        : undefined,
    );
  }
  const from = isValidIsoDate(encounter.statementFrom)
    ? { date: encounter.statementFrom, path: "/statementFrom" }
    : undefined;
  return encounter.serviceLines.map((line, i) =>
    line.serviceDate === undefined
      ? from
      : isValidIsoDate(line.serviceDate)
        ? { date: line.serviceDate, path: linePath(i, "serviceDate") }
        : undefined,
  );
}

/** The earliest valid line date of service. */
export function firstServiceDate(encounter: CodedEncounter): DatedPath | undefined {
  let first: DatedPath | undefined;
  for (const dated of lineServiceDates(encounter)) {
    if (dated && (!first || dated.date < first.date)) first = dated;
  }
  return first;
}

/**
 * The date a claim is counted from: professional, the earliest line (it expires first);
 * institutional, the statement's through date (the discharge, for an inpatient stay). The
 * same date picks the ICD-10-CM release (inpatient codes follow the discharge date).
 */
export function claimDate(encounter: CodedEncounter): DatedPath | undefined {
  if (encounter.kind === "institutional") {
    return isValidIsoDate(encounter.statementThrough)
      ? { date: encounter.statementThrough, path: "/statementThrough" }
      : undefined;
  }
  return firstServiceDate(encounter);
}
