/**
 * Loads the public code sets from the project's `codesets/` folder (see codesets/README.md for
 * what goes there and where it comes from). Call once at start; look up in memory afterwards.
 * A file that is not there leaves its set out: scrub then warns CODESET_UNAVAILABLE.
 *
 * Reading these static data files is the one file read the domain core is allowed.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { projectPath } from "../project-files.js";
import { parseAdjustmentCodeList } from "./adjustment-codes.js";
import { hcpcsCodeSet, hcpcsVersionFromFileName, parseHcpcsRecords } from "./hcpcs.js";
import type { HcpcsRelease } from "./hcpcs.js";
import { icd10CmCodeSet, parseIcd10CmOrderFile } from "./icd10cm.js";
import type { Icd10CmRelease } from "./icd10cm.js";
import { parsePlaceOfServiceList } from "./place-of-service.js";
import type { CodeSets } from "./types.js";

export const CODESET_FILES = {
  /** icd10cm-order-2026.txt: the fiscal year is taken from the name. */
  icd10: /^icd10cm-order-(\d{4})\.txt$/i,
  /** HCPC2026_JAN_ANWEB.txt (as CMS names it); the latest quarter of each year is used. */
  hcpcs: /^HCPC\d{4}_(JAN|APR|JUL|OCT)\w*\.txt$/i,
  carc: "carc.csv",
  rarc: "rarc.csv",
  pos: "place-of-service.csv",
} as const;

export function defaultCodesetsDir(): string {
  return projectPath("codesets");
}

/**
 * The fixed-width CMS files are read one character per byte (latin1), so a non-ASCII byte in
 * a description can never shift the columns after it; CSV files are read as UTF-8.
 */
function read(dir: string, name: string, encoding: "latin1" | "utf8" = "utf8"): string {
  return readFileSync(path.join(dir, name), encoding);
}

function icd10Releases(dir: string, files: readonly string[]): Icd10CmRelease[] {
  return files.flatMap((name) => {
    const m = CODESET_FILES.icd10.exec(name);
    return m
      ? [parseIcd10CmOrderFile(read(dir, name, "latin1"), { fiscalYear: Number(m[1]) })]
      : [];
  });
}

function hcpcsReleases(dir: string, files: readonly string[]): HcpcsRelease[] {
  const latest = new Map<number, { name: string; quarter: number }>();
  for (const name of files) {
    const version = CODESET_FILES.hcpcs.test(name) ? hcpcsVersionFromFileName(name) : undefined;
    if (!version) continue;
    const seen = latest.get(version.year);
    if (!seen || version.quarter > seen.quarter) latest.set(version.year, { name, ...version });
  }
  return [...latest.values()].map(({ name }) => {
    const { label, validFrom, validThrough } = hcpcsVersionFromFileName(name)!;
    return parseHcpcsRecords(read(dir, name, "latin1"), { label, validFrom, validThrough });
  });
}

/** Every code set whose files are in `dir` (default: the project's codesets/ folder). */
export function loadCodeSets(dir: string = defaultCodesetsDir()): CodeSets {
  if (!existsSync(dir)) return {};
  const files = readdirSync(dir).sort();
  const has = (name: string) => files.includes(name);
  const icd10 = icd10Releases(dir, files);
  const hcpcs = hcpcsReleases(dir, files);
  return {
    ...(icd10.length > 0 ? { icd10: icd10CmCodeSet(icd10) } : {}),
    ...(hcpcs.length > 0 ? { hcpcs: hcpcsCodeSet(hcpcs) } : {}),
    ...(has(CODESET_FILES.pos)
      ? { pos: parsePlaceOfServiceList(read(dir, CODESET_FILES.pos)) }
      : {}),
    ...(has(CODESET_FILES.carc)
      ? { carc: parseAdjustmentCodeList(read(dir, CODESET_FILES.carc), "CARC") }
      : {}),
    ...(has(CODESET_FILES.rarc)
      ? { rarc: parseAdjustmentCodeList(read(dir, CODESET_FILES.rarc), "RARC") }
      : {}),
  };
}
