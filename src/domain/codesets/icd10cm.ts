/**
 * ICD-10-CM from the CMS/CDC order file (`icd10cm-order-YYYY.txt`), fixed width:
 *
 *   cols 1-5 order number (zero-padded), 6 space, 7-13 code without the dot (left-justified),
 *   14 space, 15 billable flag (1 billable, 0 header), 16 space, 17-76 short description,
 *   77 space, 78- long description.
 *
 * Each release applies to one fiscal year of dates of service (October 1 - September 30);
 * several releases can be loaded side by side so older dates of service are checked against
 * the codes valid then.
 */
import type { IsoDate } from "../encounter.js";
import { codesetInvalid, numberedLines } from "./lines.js";
import type { CodeSetVersion, Icd10CmCodeSet, Icd10Status } from "./types.js";
import { fiscalYearRange, versionFor } from "./versions.js";

const KIND = "ICD-10-CM order file";

export interface Icd10CmEntry {
  readonly billable: boolean;
  readonly shortDescription: string;
  readonly longDescription: string;
}

export interface Icd10CmRelease extends CodeSetVersion {
  readonly codes: ReadonlyMap<string, Icd10CmEntry>;
}

export type ReleaseDates = { fiscalYear: number } | { validFrom: IsoDate; validThrough?: IsoDate };

function datesOf(dates: ReleaseDates): { validFrom: IsoDate; validThrough?: IsoDate } {
  return "fiscalYear" in dates ? fiscalYearRange(dates.fiscalYear) : dates;
}

/** Parses an order file. Throws CODESET_INVALID (with the line number) on a malformed line. */
export function parseIcd10CmOrderFile(
  text: string,
  dates: ReleaseDates,
  label = "fiscalYear" in dates ? `FY${dates.fiscalYear}` : "ICD-10-CM",
): Icd10CmRelease {
  const codes = new Map<string, Icd10CmEntry>();
  for (const { line, number } of numberedLines(text)) {
    if (line.trim() === "") continue;
    const order = line.slice(0, 5);
    const code = line.slice(6, 13).trimEnd();
    const flag = line.slice(14, 15);
    if (!/^\d{5}$/.test(order)) throw codesetInvalid(KIND, number, "order number is not 5 digits");
    if (line[5] !== " " || line[13] !== " ") {
      throw codesetInvalid(KIND, number, "fields are not at their fixed columns");
    }
    if (!/^[A-Z][0-9][0-9A-Z]{1,5}$/.test(code)) {
      throw codesetInvalid(KIND, number, "code is not an ICD-10-CM code of 3 to 7 characters");
    }
    if (flag !== "0" && flag !== "1") throw codesetInvalid(KIND, number, "billable flag not 0/1");
    codes.set(code, {
      billable: flag === "1",
      shortDescription: line.slice(16, 76).trim(),
      longDescription: line.slice(77).trim(),
    });
  }
  if (codes.size === 0) throw codesetInvalid(KIND, 1, "the file has no codes");
  return { label, ...datesOf(dates), codes };
}

/** "E11.9", "e119 " -> "E119": the order file writes codes upper case without the dot. */
export function normalizeIcd10(code: string): string {
  return code.trim().replace(".", "").toUpperCase();
}

/** One lookup over any number of releases; each date of service uses the release in effect. */
export function icd10CmCodeSet(releases: readonly Icd10CmRelease[]): Icd10CmCodeSet {
  const entry = (code: string, date: IsoDate): Icd10CmEntry | undefined | "unavailable" => {
    const release = versionFor(releases, date);
    return release ? release.codes.get(normalizeIcd10(code)) : "unavailable";
  };
  const status = (code: string, date: IsoDate): Icd10Status => {
    const found = entry(code, date);
    if (found === "unavailable") return "unavailable";
    if (!found) return "unknown";
    return found.billable ? "billable" : "header";
  };
  return {
    versions: releases.map(({ label, validFrom, validThrough }) => ({
      label,
      validFrom,
      ...(validThrough === undefined ? {} : { validThrough }),
    })),
    covers: (date) => versionFor(releases, date) !== undefined,
    status,
    isBillable: (code, date) => status(code, date) === "billable",
    exists: (code, date) => {
      const s = status(code, date);
      return s === "billable" || s === "header";
    },
    shortDescription: (code, date) => {
      const found = entry(code, date);
      return found === "unavailable" ? undefined : found?.shortDescription;
    },
  };
}
