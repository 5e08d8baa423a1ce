/**
 * The public code sets scrub edits look codes up in. Each is loaded once from the data files
 * in `codesets/` (see its README) and then looked up in memory. A set that is not loaded, or
 * that does not cover a date, answers "unavailable": scrub then warns instead of passing.
 */
import type { IsoDate } from "../encounter.js";

/** A release of a code set and the dates of service it applies to (inclusive). */
export interface CodeSetVersion {
  readonly label: string;
  readonly validFrom: IsoDate;
  /** Open-ended when absent. */
  readonly validThrough?: IsoDate;
}

export type Icd10Status = "billable" | "header" | "unknown" | "unavailable";

export interface Icd10CmCodeSet {
  readonly versions: readonly CodeSetVersion[];
  /** Whether a loaded release applies to the date of service. */
  covers(dateOfService: IsoDate): boolean;
  /** `header` is a category that has children: it exists but cannot be billed. */
  status(code: string, dateOfService: IsoDate): Icd10Status;
  isBillable(code: string, dateOfService: IsoDate): boolean;
  exists(code: string, dateOfService: IsoDate): boolean;
  shortDescription(code: string, dateOfService: IsoDate): string | undefined;
}

export type HcpcsStatus = "active" | "not_yet_effective" | "terminated" | "unknown" | "unavailable";

export interface HcpcsCodeSet {
  readonly versions: readonly CodeSetVersion[];
  covers(dateOfService: IsoDate): boolean;
  status(code: string, dateOfService: IsoDate): HcpcsStatus;
  exists(code: string, dateOfService: IsoDate): boolean;
  /** HCPCS Level II modifiers (record identification codes 7 and 8). */
  modifierExists(modifier: string): boolean;
  shortDescription(code: string, dateOfService: IsoDate): string | undefined;
}

export interface PlaceOfServiceCodeSet {
  exists(code: string): boolean;
  name(code: string): string | undefined;
}

/** CARC or RARC: codes with start and stop dates (a code can be retired). */
export interface AdjustmentCodeSet {
  exists(code: string): boolean;
  /** In use on the date: on or after its start, and on or before its stop when it has one. */
  isActive(code: string, date: IsoDate): boolean;
  description(code: string): string | undefined;
}

/** What scrub is given. A set left out is treated as unavailable, never as "all valid". */
export interface CodeSets {
  readonly icd10?: Icd10CmCodeSet;
  readonly hcpcs?: HcpcsCodeSet;
  readonly pos?: PlaceOfServiceCodeSet;
  readonly carc?: AdjustmentCodeSet;
  readonly rarc?: AdjustmentCodeSet;
}
