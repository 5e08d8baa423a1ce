/**
 * Dates: real calendar dates, none of service or birth after today, none of service before
 * the patient's birth, ranges in order, and 837I service dates inside the statement period.
 */
import { patientOf } from "../encounter.js";
import type { CodedEncounter, IsoDate } from "../encounter.js";
import { isValidIsoDate } from "../iso-date.js";
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";

type DateRole = "birth" | "service" | "other";

/**
 * `field` under item `index` of the list at `list` ("/serviceLines/2/serviceDate"), or
 * `field` itself when `index` is -1. Pointers are made only for an edit: scrub checks every
 * date of every claim, and most are fine.
 */
function pointer(list: string, index: number, field: string): string {
  return index < 0 ? field : `${list}/${index}/${field}`;
}

/** Checks each date where it is found, in the order the edits are reported. */
class DateCheck {
  private readonly knownBirth: IsoDate | undefined;

  constructor(private readonly run: ScrubRun) {
    const birth = patientOf(run.encounter)?.birthDate;
    this.knownBirth = isValidIsoDate(birth) ? birth : undefined;
  }

  date(value: IsoDate | undefined, role: DateRole, list: string, index: number, field: string) {
    if (value === undefined) return;
    const run = this.run;
    if (!isValidIsoDate(value)) {
      run.add(
        "DATE_INVALID",
        pointer(list, index, field),
        "This date is not a real calendar date in the form YYYY-MM-DD.",
      );
      return;
    }
    if (role !== "other" && value > run.context.today) {
      run.add(
        "DATE_IN_FUTURE",
        pointer(list, index, field),
        `This ${role === "birth" ? "birth date" : "date of service"} is after today.`,
      );
    }
    if (role === "service" && this.knownBirth && value < this.knownBirth) {
      run.add(
        "DATE_BEFORE_BIRTH",
        pointer(list, index, field),
        "This date of service is before the patient's date of birth.",
      );
    }
  }

  /** A static pointer, e.g. "/subscriber/birthDate". */
  at(value: IsoDate | undefined, role: DateRole, path: string) {
    this.date(value, role, "", -1, path);
  }
}

const LINES = "/serviceLines";

/** Every date of the encounter, lines first, in the order the edits are reported. */
function checkDates(check: DateCheck, encounter: CodedEncounter): void {
  const lines: readonly {
    serviceDate?: IsoDate;
    serviceDateEnd?: IsoDate;
    otherPayerAdjudications?: readonly { adjudicationDate: IsoDate }[];
  }[] = encounter.serviceLines;
  let i = -1;
  for (const line of lines) {
    i++;
    check.date(line.serviceDate, "service", LINES, i, "serviceDate");
    check.date(line.serviceDateEnd, "service", LINES, i, "serviceDateEnd");
    const adjudications = line.otherPayerAdjudications;
    if (adjudications === undefined) continue;
    let j = -1;
    for (const a of adjudications) {
      j++;
      const field = `otherPayerAdjudications/${j}/adjudicationDate`;
      check.date(a.adjudicationDate, "other", LINES, i, field);
    }
  }
  check.at(encounter.subscriber.birthDate, "birth", "/subscriber/birthDate");
  check.at(encounter.patient?.birthDate, "birth", "/patient/birthDate");
  const others = encounter.otherPayers;
  if (others !== undefined) {
    let n = -1;
    for (const other of others) {
      n++;
      check.date(other.adjudicationDate, "other", "/otherPayers", n, "adjudicationDate");
    }
  }
  if (encounter.kind === "institutional") {
    check.at(encounter.statementFrom, "service", "/statementFrom");
    check.at(encounter.statementThrough, "service", "/statementThrough");
    check.at(encounter.admission?.date, "service", "/admission/date");
    const occurrences = encounter.occurrenceCodes;
    if (occurrences !== undefined) {
      let n = -1;
      for (const o of occurrences) {
        n++;
        check.date(o.date, "other", "/occurrenceCodes", n, "date");
      }
    }
  }
}

function reversed(from: IsoDate | undefined, through: IsoDate | undefined): boolean {
  return isValidIsoDate(from) && isValidIsoDate(through) && through < from;
}

/** Ranges that must be in order: each line's dates of service, then the statement period. */
function checkRanges(run: ScrubRun): void {
  const encounter = run.encounter;
  const lines: readonly { serviceDate?: IsoDate; serviceDateEnd?: IsoDate }[] =
    encounter.serviceLines;
  let i = -1;
  for (const line of lines) {
    i++;
    if (line.serviceDateEnd !== undefined && reversed(line.serviceDate, line.serviceDateEnd)) {
      run.add(
        "DATE_RANGE_REVERSED",
        linePath(i, "serviceDateEnd"),
        `${lineName(i)} dates of service end before they start.`,
      );
    }
  }
  if (encounter.kind === "institutional") {
    if (reversed(encounter.statementFrom, encounter.statementThrough)) {
      run.add(
        "DATE_RANGE_REVERSED",
        "/statementThrough",
        "The statement period end before they start.",
      );
    }
  }
}

export function dateEdits(run: ScrubRun): void {
  checkDates(new DateCheck(run), run.encounter);
  checkRanges(run);
  statementEnclosesService(run);
}

/** Whether `value` is a valid date outside [from, through]. */
function outside(value: IsoDate | undefined, from: IsoDate, through: IsoDate): boolean {
  return value !== undefined && isValidIsoDate(value) && (value < from || value > through);
}

function statementEnclosesService(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.kind !== "institutional") return;
  const { statementFrom: from, statementThrough: through } = encounter;
  if (!isValidIsoDate(from) || !isValidIsoDate(through)) return;
  let i = -1;
  for (const line of encounter.serviceLines) {
    i++;
    if (outside(line.serviceDate, from, through)) outsideEdit(run, i, "serviceDate");
    if (outside(line.serviceDateEnd, from, through)) outsideEdit(run, i, "serviceDateEnd");
  }
}

function outsideEdit(run: ScrubRun, i: number, field: "serviceDate" | "serviceDateEnd"): void {
  run.add(
    "STATEMENT_DATES_EXCLUDE_SERVICE",
    linePath(i, field),
    `${lineName(i)} date of service is outside the statement period (statement from/through).`,
  );
}
