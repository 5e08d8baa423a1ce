/**
 * 837I-only checks: the type of bill (leading 0, facility type and classification, frequency
 * last) agrees with the frequency code, and inpatient bills carry their admission data.
 */
import type { InstitutionalEncounter } from "../encounter.js";
import type { ScrubRun } from "./run.js";

const TYPE_OF_BILL = /^0\d{2}[0-9A-Z]$/;
/** Inpatient types of bill (first three characters) that need admission date, type and source. */
export const INPATIENT_BILL_TYPES: readonly string[] = ["011", "018", "021"];
/**
 * Unscheduled outpatient visits need the patient's reason for visit (837I 2300 HI*APR): bill
 * types 013x, 078x and 085x with an emergency, urgent or trauma admission type (1, 2, 5) or an
 * emergency room, urgent care or clinic revenue code (045x, 0516, 0526, 0762).
 */
const VISIT_BILL_TYPES: readonly string[] = ["013", "078", "085"];
const VISIT_ADMISSION_TYPES: readonly string[] = ["1", "2", "5"];
const VISIT_REVENUE = /^(045\d|0516|0526|0762)$/;

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
  if (VISIT_BILL_TYPES.includes(tob.slice(0, 3))) reasonForVisitEdits(run, encounter);
}

function reasonForVisitEdits(run: ScrubRun, encounter: InstitutionalEncounter): void {
  if ((encounter.reasonForVisit ?? []).length > 0) return;
  const unscheduled =
    VISIT_ADMISSION_TYPES.includes(
      encounter.admission?.typeCode ?? encounter.visit?.typeCode ?? "",
    ) || encounter.serviceLines.some((line) => VISIT_REVENUE.test(line.revenueCode));
  if (!unscheduled) return;
  run.add(
    "REASON_FOR_VISIT_MISSING",
    "/reasonForVisit",
    "An unscheduled outpatient visit needs the patient's reason for visit (ICD-10-CM, up to 3).",
  );
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
