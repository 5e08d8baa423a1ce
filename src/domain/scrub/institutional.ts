/**
 * 837I-only checks: the type of bill (leading 0, facility type and classification, frequency
 * last) agrees with the frequency code, and inpatient bills carry their admission data.
 */
import type { InstitutionalEncounter } from "../encounter.js";
import type { ScrubRun } from "./run.js";

const TYPE_OF_BILL = /^0\d{2}[0-9A-Z]$/;
/** Inpatient types of bill (first three characters) that need admission date, type and source. */
export const INPATIENT_BILL_TYPES: readonly string[] = ["011", "018", "021"];

export function institutionalEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.kind !== "institutional") return;
  const tob = encounter.typeOfBill;
  if (!TYPE_OF_BILL.test(tob)) {
    run.add(
      "TYPE_OF_BILL_FORMAT",
      "/typeOfBill",
      "The type of bill must be 4 characters: 0, facility type, bill classification, frequency (for example 0111).",
    );
    return;
  }
  if (tob[3] !== encounter.frequencyCode) {
    run.add(
      "TYPE_OF_BILL_FREQUENCY_MISMATCH",
      "/typeOfBill",
      "The type of bill's last character must equal the claim frequency code.",
    );
  }
  if (INPATIENT_BILL_TYPES.includes(tob.slice(0, 3))) admissionEdits(run, encounter);
}

function admissionEdits(run: ScrubRun, encounter: InstitutionalEncounter): void {
  const admission = encounter.admission;
  if (!admission?.date) {
    run.add(
      "ADMISSION_DATE_MISSING",
      "/admission/date",
      "An inpatient bill needs the admission date.",
    );
  }
  if (!admission?.typeCode) {
    run.add(
      "ADMISSION_TYPE_MISSING",
      "/admission/typeCode",
      "An inpatient bill needs the priority (type) of admission.",
    );
  }
  if (!admission?.sourceCode) {
    run.add(
      "ADMISSION_SOURCE_MISSING",
      "/admission/sourceCode",
      "An inpatient bill needs the point of origin (source) of admission.",
    );
  }
}
