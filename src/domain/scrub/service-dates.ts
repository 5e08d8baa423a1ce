/** Which date counts as "the date of service" for each check, in one place. */
import type { CodedEncounter, IsoDate } from "../encounter.js";
import { isValidIsoDate } from "../iso-date.js";
import { linePath } from "./run.js";
import type { ScrubRun } from "./run.js";

export interface DatedPath {
  readonly date: IsoDate;
  readonly path: string;
}

/** A line's own date of service; its pointer is made only when an edit needs it. */
class LineDate implements DatedPath {
  constructor(
    readonly date: IsoDate,
    private readonly index: number,
  ) {}

  get path(): string {
    return linePath(this.index, "serviceDate");
  }
}

/** Each line's own date of service (837I lines without one take the statement start). */
export function lineServiceDates(encounter: CodedEncounter): (DatedPath | undefined)[] {
  const out: (DatedPath | undefined)[] = [];
  if (encounter.kind === "professional") {
    encounter.serviceLines.forEach((line, i) => {
      out.push(isValidIsoDate(line.serviceDate) ? new LineDate(line.serviceDate, i) : undefined);
    });
    return out;
  }
  const from = isValidIsoDate(encounter.statementFrom)
    ? { date: encounter.statementFrom, path: "/statementFrom" }
    : undefined;
  encounter.serviceLines.forEach((line, i) => {
    const date = line.serviceDate;
    if (date === undefined) out.push(from);
    else out.push(isValidIsoDate(date) ? new LineDate(date, i) : undefined);
  });
  return out;
}

/** `lineServiceDates` of the run's encounter, made on the run's first ask. */
export function runLineDates(run: ScrubRun): readonly (DatedPath | undefined)[] {
  run.lineDates ??= lineServiceDates(run.encounter);
  return run.lineDates;
}

function earliest(dates: readonly (DatedPath | undefined)[]): DatedPath | undefined {
  let first: DatedPath | undefined;
  for (const dated of dates) {
    if (dated && (!first || dated.date < first.date)) first = dated;
  }
  return first;
}

/** The earliest valid line date of service. */
export function firstServiceDate(encounter: CodedEncounter): DatedPath | undefined {
  return earliest(lineServiceDates(encounter));
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

/** `claimDate` of the run's encounter, its line dates worked out once per scrub. */
export function runClaimDate(run: ScrubRun): DatedPath | undefined {
  const encounter = run.encounter;
  if (encounter.kind === "institutional") return claimDate(encounter);
  return earliest(runLineDates(run));
}
