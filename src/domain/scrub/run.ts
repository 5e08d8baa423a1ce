/** The state of one scrub: the encounter, its context and the edits found so far. */
import type { CodedEncounter } from "../encounter.js";
import { EDIT_CATALOG } from "./catalog.js";
import type { EditCode } from "./catalog.js";
import type { DatedPath } from "./service-dates.js";
import type { ScrubContext, ScrubEdit } from "./types.js";

export type CodeSetName = "ICD-10-CM" | "HCPCS" | "place of service";

export class ScrubRun {
  readonly edits: ScrubEdit[] = [];
  private readonly unavailableSets = new Set<CodeSetName>();
  /** Each line's date of service, worked out once per scrub (see service-dates.ts). */
  lineDates: readonly (DatedPath | undefined)[] | undefined;

  constructor(
    readonly encounter: CodedEncounter,
    readonly context: ScrubContext,
  ) {}

  add(code: EditCode, path: string, message: string): void {
    const { owner, severity } = EDIT_CATALOG[code];
    this.edits.push({ code, owner, severity, path, message });
  }

  /** Warns once per code set that codes could not be checked: never a silent pass. */
  unavailable(set: CodeSetName, path: string, why: string): void {
    if (this.unavailableSets.has(set)) return;
    this.unavailableSets.add(set);
    this.add(
      "CODESET_UNAVAILABLE",
      path,
      `The ${set} code set is ${why}, so codes were not checked against it; check them by hand.`,
    );
  }
}

/** JSON pointer to a service line field. */
export function linePath(index: number, field?: string): string {
  return field === undefined ? `/serviceLines/${index}` : `/serviceLines/${index}/${field}`;
}

/** "line 3" for index 2: billers count lines from 1. */
export function lineName(index: number): string {
  return `Service line ${index + 1}`;
}
