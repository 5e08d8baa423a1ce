/** Picking the release of a code set that applies to a date of service. */
import type { IsoDate } from "../encounter.js";
import { isValidIsoDate } from "../iso-date.js";
import type { CodeSetVersion } from "./types.js";

export function versionCovers(version: CodeSetVersion, date: IsoDate): boolean {
  return (
    version.validFrom <= date &&
    (version.validThrough === undefined || date <= version.validThrough)
  );
}

/** The release in effect on the date: of those covering it, the one that started last. */
export function versionFor<V extends CodeSetVersion>(
  versions: readonly V[],
  date: IsoDate,
): V | undefined {
  let best: V | undefined;
  for (const version of versions) {
    if (!versionCovers(version, date)) continue;
    if (!best || version.validFrom > best.validFrom) best = version;
  }
  return best;
}

/** US federal fiscal year N runs from October 1 of N-1 through September 30 of N. */
export function fiscalYearRange(fiscalYear: number): { validFrom: IsoDate; validThrough: IsoDate } {
  return { validFrom: `${fiscalYear - 1}-10-01`, validThrough: `${fiscalYear}-09-30` };
}

/** "20260131" -> "2026-01-31"; blank -> undefined; anything else -> null (malformed). */
export function compactDate(text: string): IsoDate | undefined | null {
  const t = text.trim();
  if (t === "") return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  return isValidIsoDate(iso) ? iso : null;
}

/** "2026-01-31" or "01/31/2026" -> "2026-01-31"; blank -> undefined; else null. */
export function listDate(text: string): IsoDate | undefined | null {
  const t = text.trim();
  if (t === "") return undefined;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = m ? `${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}` : t;
  return isValidIsoDate(iso) ? iso : null;
}
