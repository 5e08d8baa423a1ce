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

interface DateAt {
  readonly value: IsoDate | undefined;
  readonly path: string;
  readonly role: DateRole;
}

interface RangeAt {
  readonly from: IsoDate | undefined;
  readonly through: IsoDate | undefined;
  readonly path: string;
  readonly name: string;
}

function lineDates(encounter: CodedEncounter): { dates: DateAt[]; ranges: RangeAt[] } {
  const dates: DateAt[] = [];
  const ranges: RangeAt[] = [];
  const lines: readonly { serviceDate?: IsoDate; serviceDateEnd?: IsoDate }[] =
    encounter.serviceLines;
  lines.forEach((line, i) => {
    dates.push({ value: line.serviceDate, path: linePath(i, "serviceDate"), role: "service" });
    dates.push({
      value: line.serviceDateEnd,
      path: linePath(i, "serviceDateEnd"),
      role: "service",
    });
    ranges.push({
      from: line.serviceDate,
      through: line.serviceDateEnd,
      path: linePath(i, "serviceDateEnd"),
      name: `${lineName(i)} dates of service`,
    });
    encounter.serviceLines[i]?.otherPayerAdjudications?.forEach((a, j) =>
      dates.push({
        value: a.adjudicationDate,
        path: `${linePath(i, "otherPayerAdjudications")}/${j}/adjudicationDate`,
        role: "other",
      }),
    );
  });
  return { dates, ranges };
}

/** Every date of the encounter with its pointer and role, and the ranges that must be ordered. */
function datesOf(encounter: CodedEncounter): { dates: DateAt[]; ranges: RangeAt[] } {
  const { dates, ranges } = lineDates(encounter);
  dates.push({
    value: encounter.subscriber.birthDate,
    path: "/subscriber/birthDate",
    role: "birth",
  });
  dates.push({ value: encounter.patient?.birthDate, path: "/patient/birthDate", role: "birth" });
  encounter.otherPayers?.forEach((other, i) =>
    dates.push({
      value: other.adjudicationDate,
      path: `/otherPayers/${i}/adjudicationDate`,
      role: "other",
    }),
  );
  if (encounter.kind === "institutional") {
    dates.push({ value: encounter.statementFrom, path: "/statementFrom", role: "service" });
    dates.push({ value: encounter.statementThrough, path: "/statementThrough", role: "service" });
    dates.push({ value: encounter.admission?.date, path: "/admission/date", role: "service" });
    encounter.occurrenceCodes?.forEach((o, i) =>
      dates.push({ value: o.date, path: `/occurrenceCodes/${i}/date`, role: "other" }),
    );
    ranges.push({
      from: encounter.statementFrom,
      through: encounter.statementThrough,
      path: "/statementThrough",
      name: "The statement period",
    });
  }
  return { dates, ranges };
}

export function dateEdits(run: ScrubRun): void {
  const { dates, ranges } = datesOf(run.encounter);
  const birth = patientOf(run.encounter)?.birthDate;
  const knownBirth = isValidIsoDate(birth) ? birth : undefined;
  for (const { value, path, role } of dates) {
    if (value === undefined) continue;
    if (!isValidIsoDate(value)) {
      run.add(
        "DATE_INVALID",
        path,
        "This date is not a real calendar date in the form YYYY-MM-DD.",
      );
      continue;
    }
    if (role !== "other" && value > run.context.today) {
      run.add(
        "DATE_IN_FUTURE",
        path,
        `This ${role === "birth" ? "birth date" : "date of service"} is after today.`,
      );
    }
    if (role === "service" && knownBirth && value < knownBirth) {
      run.add(
        "DATE_BEFORE_BIRTH",
        path,
        "This date of service is before the patient's date of birth.",
      );
    }
  }
  for (const { from, through, path, name } of ranges) {
    if (isValidIsoDate(from) && isValidIsoDate(through) && through < from) {
      run.add("DATE_RANGE_REVERSED", path, `${name} end before they start.`);
    }
  }
  statementEnclosesService(run);
}

function statementEnclosesService(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.kind !== "institutional") return;
  const { statementFrom: from, statementThrough: through } = encounter;
  if (!isValidIsoDate(from) || !isValidIsoDate(through)) return;
  encounter.serviceLines.forEach((line, i) => {
    for (const field of ["serviceDate", "serviceDateEnd"] as const) {
      const value = line[field];
      if (isValidIsoDate(value) && (value < from || value > through)) {
        run.add(
          "STATEMENT_DATES_EXCLUDE_SERVICE",
          linePath(i, field),
          `${lineName(i)} date of service is outside the statement period (statement from/through).`,
        );
      }
    }
  });
}
