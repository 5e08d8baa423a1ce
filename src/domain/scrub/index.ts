/**
 * scrub(encounter, context): every edit that applies, in a stable order (by group, then by
 * position in the encounter). Pure: the clock, code sets, payer rules, prior claims and
 * eligibility answers all come from the caller.
 */
import { ClaimgateError } from "../../errors.js";
import type { CodedEncounter } from "../encounter.js";
import { isValidIsoDate } from "../iso-date.js";
import { addressEdits } from "./addresses.js";
import { amountEdits } from "./amounts.js";
import { claimEdits } from "./claim.js";
import { coordinationEdits } from "./coordination.js";
import { authorizationEdits, coverageEdits } from "./coverage.js";
import { dateEdits } from "./dates.js";
import { diagnosisEdits } from "./diagnoses.js";
import { duplicateEdits } from "./duplicates.js";
import { identifierEdits } from "./identifiers.js";
import { institutionalEdits } from "./institutional.js";
import { procedureEdits } from "./procedures.js";
import { ScrubRun } from "./run.js";
import { timelyFilingEdits } from "./timely-filing.js";
import type { ScrubContext, ScrubEdit } from "./types.js";

const GROUPS: readonly ((run: ScrubRun) => void)[] = [
  identifierEdits,
  addressEdits,
  claimEdits,
  coordinationEdits,
  diagnosisEdits,
  procedureEdits,
  amountEdits,
  dateEdits,
  institutionalEdits,
  timelyFilingEdits,
  duplicateEdits,
  coverageEdits,
  authorizationEdits,
];

export function scrub(encounter: CodedEncounter, context: ScrubContext): ScrubEdit[] {
  if (!isValidIsoDate(context.today)) {
    throw new ClaimgateError("CONFIG_INVALID", "Scrub needs today as a YYYY-MM-DD date.");
  }
  const run = new ScrubRun(encounter, context);
  for (const group of GROUPS) group(run);
  return run.edits;
}

/** Whether the edits hold the claim (any error); warnings let it go. */
export function holdsClaim(edits: readonly ScrubEdit[]): boolean {
  return edits.some((edit) => edit.severity === "error");
}

export { EDIT_CATALOG, EDIT_CODES } from "./catalog.js";
export type { EditCode } from "./catalog.js";
export { claimFingerprint, patientKey } from "./duplicates.js";
export { isValidNpi } from "./identifiers.js";
export { procedureKind } from "./procedures.js";
export { DEFAULT_TIMELY_FILING_DAYS } from "./timely-filing.js";
export { EDIT_OWNERS } from "./types.js";
export type * from "./types.js";
