/**
 * Every scrub edit code with its owner and severity, in one table: owners and severities are
 * data, so worklists and reports can rely on them, and a test checks each edit against it.
 */
import type { EditOwner, EditSeverity } from "./types.js";

interface EditDefinition {
  readonly owner: EditOwner;
  readonly severity: EditSeverity;
  readonly summary: string;
}

function def(owner: EditOwner, severity: EditSeverity, summary: string): EditDefinition {
  return { owner, severity, summary };
}

export const EDIT_CATALOG = {
  NPI_CHECK_DIGIT: def("payer_setup", "error", "An NPI is not 10 digits with a valid check digit."),
  TIN_FORMAT: def("payer_setup", "error", "The tax id is not 9 digits, or is all zeros."),
  PAYER_UNKNOWN: def("payer_setup", "error", "No trading partner routes the payer id."),
  ZIP_NOT_NINE_DIGITS: def(
    "payer_setup",
    "error",
    "A billing provider or service facility ZIP code is not nine digits.",
  ),
  CODESET_UNAVAILABLE: def(
    "coding",
    "warning",
    "A code set is not loaded for the date of service: codes were not checked against it.",
  ),
  DIAGNOSIS_MISSING: def("coding", "error", "The claim has no diagnosis."),
  PRINCIPAL_DIAGNOSIS_MISSING: def(
    "coding",
    "error",
    "The institutional claim has no principal diagnosis.",
  ),
  ICD10_UNKNOWN: def(
    "coding",
    "error",
    "A diagnosis is not an ICD-10-CM code on the date of service.",
  ),
  ICD10_NOT_BILLABLE: def(
    "coding",
    "error",
    "A diagnosis is a category header, not a billable code.",
  ),
  POA_INVALID: def("coding", "error", "A present-on-admission indicator is not Y, N, U, W or 1."),
  DIAGNOSIS_POINTER_MISSING: def("coding", "error", "A service line points at no diagnosis."),
  DIAGNOSIS_POINTER_INVALID: def(
    "coding",
    "error",
    "A diagnosis pointer points past the diagnoses.",
  ),
  DIAGNOSIS_POINTER_TOO_MANY: def(
    "coding",
    "error",
    "A service line has more than 4 diagnosis pointers.",
  ),
  PROCEDURE_CODE_FORMAT: def(
    "coding",
    "error",
    "A procedure code is neither CPT nor HCPCS Level II in shape.",
  ),
  HCPCS_UNKNOWN: def("coding", "error", "A HCPCS Level II code is not in the HCPCS code set."),
  HCPCS_NOT_EFFECTIVE: def(
    "coding",
    "error",
    "A HCPCS Level II code is not in effect on the date of service.",
  ),
  MODIFIER_FORMAT: def("coding", "error", "A modifier is not two letters or digits."),
  MODIFIER_TOO_MANY: def("coding", "error", "A service line has more than 4 modifiers."),
  REVENUE_CODE_FORMAT: def("coding", "error", "A revenue code is not 4 digits."),
  PLACE_OF_SERVICE_INVALID: def(
    "submission",
    "error",
    "The place of service is not a CMS place of service code.",
  ),
  UNITS_NOT_POSITIVE: def("submission", "error", "A service line has no units (zero or less)."),
  LINE_CHARGE_NOT_POSITIVE: def("submission", "error", "A service line charge is zero or less."),
  CLAIM_TOTAL_MISMATCH: def(
    "submission",
    "error",
    "The claim total is not the sum of the line charges.",
  ),
  DATE_INVALID: def("submission", "error", "A date is not a real calendar date (YYYY-MM-DD)."),
  DATE_IN_FUTURE: def("submission", "error", "A date of service or birth is after today."),
  DATE_BEFORE_BIRTH: def("submission", "error", "A date of service is before the patient's birth."),
  DATE_RANGE_REVERSED: def("submission", "error", "A date range ends before it starts."),
  STATEMENT_DATES_EXCLUDE_SERVICE: def(
    "submission",
    "error",
    "A service date falls outside the statement period.",
  ),
  PATIENT_MISSING: def(
    "submission",
    "error",
    "The patient is not the subscriber, and the patient is missing.",
  ),
  ORIGINAL_CLAIM_NUMBER_MISSING: def(
    "submission",
    "error",
    "A replacement or void has no original payer claim number.",
  ),
  OTHER_PAYER_MISSING: def(
    "submission",
    "error",
    "A secondary or tertiary claim has no prior payer information.",
  ),
  COB_UNBALANCED: def(
    "submission",
    "error",
    "A prior payer's payment and adjustments do not balance to the claim charge.",
  ),
  DUPLICATE_CLAIM: def("submission", "error", "The same services were already claimed."),
  TYPE_OF_BILL_FORMAT: def(
    "submission",
    "error",
    "The type of bill is not 4 characters with a leading 0.",
  ),
  TYPE_OF_BILL_FREQUENCY_MISMATCH: def(
    "submission",
    "error",
    "The type of bill's last character differs from the claim frequency code.",
  ),
  REASON_FOR_VISIT_MISSING: def(
    "coding",
    "error",
    "An unscheduled outpatient visit has no patient's reason for visit.",
  ),
  ADMISSION_DATE_MISSING: def("submission", "error", "An inpatient bill has no admission date."),
  ADMISSION_TYPE_MISSING: def("submission", "error", "An inpatient bill has no admission type."),
  ADMISSION_SOURCE_MISSING: def(
    "submission",
    "error",
    "An inpatient bill has no admission source.",
  ),
  COVERAGE_INACTIVE: def("eligibility", "error", "Coverage is not active on the date of service."),
  AUTHORIZATION_MISSING: def("authorization", "error", "The payer requires a prior authorization."),
  TIMELY_FILING_NEAR: def("timely_filing", "warning", "The payer's filing limit is close."),
  TIMELY_FILING_EXPIRED: def("timely_filing", "error", "The payer's filing limit has passed."),
} as const satisfies Record<string, EditDefinition>;

export type EditCode = keyof typeof EDIT_CATALOG;
export const EDIT_CODES = Object.keys(EDIT_CATALOG) as EditCode[];
