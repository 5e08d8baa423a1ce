/**
 * HCPCS Level II from the CMS quarterly file (`HCPC<year>_<MON>_ANWEB*.txt`), fixed-width
 * records of the published record layout. The columns read here (1-based, inclusive):
 *
 *   1-5 HCPCS code, 6-10 sequence number, 11 record identification code (3 procedure, 4 its
 *   continuation, 7 modifier, 8 its continuation), 12-91 long description, 92-119 short
 *   description, 269-276 code added date, 277-284 action effective date, 285-292 termination
 *   date (dates CCYYMMDD, blank when none), 293 action code.
 *
 * Continuation records only extend the long description. A code is in effect from its added
 * date through its termination date.
 */
import type { IsoDate } from "../encounter.js";
import { codesetInvalid, numberedLines } from "./lines.js";
import type { CodeSetVersion, HcpcsCodeSet, HcpcsStatus } from "./types.js";
import { compactDate, versionFor } from "./versions.js";

const KIND = "HCPCS record file";

export interface HcpcsEntry {
  readonly shortDescription: string;
  longDescription: string;
  readonly added?: IsoDate;
  readonly terminated?: IsoDate;
  readonly actionCode: string;
}

export interface HcpcsRelease extends CodeSetVersion {
  readonly codes: ReadonlyMap<string, HcpcsEntry>;
  readonly modifiers: ReadonlyMap<string, HcpcsEntry>;
}

function dateAt(line: string, from: number, to: number, number: number, what: string) {
  const value = compactDate(line.slice(from - 1, to));
  if (value === null) throw codesetInvalid(KIND, number, `${what} is not a CCYYMMDD date`);
  return value;
}

function entryOf(line: string, number: number): HcpcsEntry {
  const added = dateAt(line, 269, 276, number, "added date");
  const terminated = dateAt(line, 285, 292, number, "termination date");
  return {
    longDescription: line.slice(11, 91).trim(),
    shortDescription: line.slice(91, 119).trim(),
    ...(added ? { added } : {}),
    ...(terminated ? { terminated } : {}),
    actionCode: line.slice(292, 293).trim(),
  };
}

/**
 * Parses the record file. Lines whose record identification code is not 3, 4, 7 or 8 (a title
 * line, say) are skipped; a record with a malformed code or date throws CODESET_INVALID.
 */
export function parseHcpcsRecords(
  text: string,
  version: CodeSetVersion = { label: "HCPCS", validFrom: "0001-01-01" },
): HcpcsRelease {
  const codes = new Map<string, HcpcsEntry>();
  const modifiers = new Map<string, HcpcsEntry>();
  for (const { line, number } of numberedLines(text)) {
    const recordId = line.slice(10, 11);
    if (!["3", "4", "7", "8"].includes(recordId)) continue;
    const isModifier = recordId === "7" || recordId === "8";
    const code = line.slice(0, 5).trimEnd();
    const shape = isModifier ? /^[0-9A-Z]{2}$/ : /^[A-Z][0-9]{4}$/;
    if (!shape.test(code)) throw codesetInvalid(KIND, number, "code does not have its shape");
    const target = isModifier ? modifiers : codes;
    const existing = target.get(code);
    if (recordId === "4" || recordId === "8") {
      if (!existing) throw codesetInvalid(KIND, number, "continuation before its first record");
      existing.longDescription = `${existing.longDescription} ${line.slice(11, 91).trim()}`.trim();
      continue;
    }
    target.set(code, entryOf(line, number));
  }
  if (codes.size === 0) throw codesetInvalid(KIND, 1, "the file has no procedure records");
  return { ...version, codes, modifiers };
}

const QUARTERS = ["JAN", "APR", "JUL", "OCT"];

/**
 * Release dates from a CMS file name such as HCPC2026_JAN_ANWEB_v2.txt: the file applies to
 * dates of service of its calendar year (it lists the codes terminated that year with their
 * termination dates). `quarter` (1-4) orders several files of one year: keep the latest.
 */
export function hcpcsVersionFromFileName(
  fileName: string,
): (CodeSetVersion & { year: number; quarter: number }) | undefined {
  const m = /^HCPC(\d{4})_(JAN|APR|JUL|OCT)/i.exec(fileName);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2]!.toUpperCase();
  return {
    label: `${year}-${month}`,
    validFrom: `${year}-01-01`,
    validThrough: `${year}-12-31`,
    year,
    quarter: QUARTERS.indexOf(month) + 1,
  };
}

export function hcpcsCodeSet(releases: readonly HcpcsRelease[]): HcpcsCodeSet {
  const status = (code: string, date: IsoDate): HcpcsStatus => {
    const release = versionFor(releases, date);
    if (!release) return "unavailable";
    const entry = release.codes.get(code.trim().toUpperCase());
    if (!entry) return "unknown";
    if (entry.added && date < entry.added) return "not_yet_effective";
    if (entry.terminated && date > entry.terminated) return "terminated";
    return "active";
  };
  return {
    versions: releases.map(({ label, validFrom, validThrough }) => ({
      label,
      validFrom,
      ...(validThrough === undefined ? {} : { validThrough }),
    })),
    covers: (date) => versionFor(releases, date) !== undefined,
    status,
    exists: (code, date) => status(code, date) === "active",
    modifierExists: (modifier) =>
      releases.some((r) => r.modifiers.has(modifier.trim().toUpperCase())),
    shortDescription: (code, date) =>
      versionFor(releases, date)?.codes.get(code.trim().toUpperCase())?.shortDescription,
  };
}
