/**
 * The coded encounter: what a practice-management system sends once coding is done, and what
 * scrub checks and the 837 builders turn into a claim. `schemas/encounter.schema.json` is the
 * same shape as JSON Schema 2020-12; keep the two in step (a test validates every example).
 *
 * Conventions: money in integer cents (`...Cents`), dates as ISO "YYYY-MM-DD", codes as the
 * code sets write them without punctuation (ICD-10-CM "E119", not "E11.9"). Identifiers and
 * code values are plain strings here on purpose: their content is checked by scrub edits, which
 * route a bad value to the worklist of its owner instead of refusing the whole encounter.
 */

/** ISO calendar date "YYYY-MM-DD". */
export type IsoDate = string;

export type Sex = "F" | "M" | "U";

/** Patient's relationship to the subscriber; `self` means the subscriber is the patient. */
export const RELATIONSHIPS = [
  "self",
  "spouse",
  "child",
  "employee",
  "unknown",
  "organ_donor",
  "cadaver_donor",
  "life_partner",
  "other",
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** Individual relationship codes of the 837 (SBR02 / PAT01). */
export const RELATIONSHIP_CODES: Readonly<Record<Relationship, string>> = {
  self: "18",
  spouse: "01",
  child: "19",
  employee: "20",
  unknown: "21",
  organ_donor: "39",
  cadaver_donor: "40",
  life_partner: "53",
  other: "G8",
};

/** Payer responsibility sequence (SBR01: P, S, T). */
export type PayerResponsibility = "primary" | "secondary" | "tertiary";

/** Claim filing indicator codes (SBR09). */
export const CLAIM_FILING_INDICATORS = [
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
  "17",
  "AM",
  "BL",
  "CH",
  "CI",
  "DS",
  "FI",
  "HM",
  "LM",
  "MA",
  "MB",
  "MC",
  "OF",
  "TV",
  "VA",
  "WC",
  "ZZ",
] as const;
export type ClaimFilingIndicator = (typeof CLAIM_FILING_INDICATORS)[number];

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  /** Two-letter state or province code. */
  state: string;
  /** Five or nine digits, no hyphen. */
  postalCode: string;
}

export interface PersonName {
  lastName: string;
  firstName?: string;
  middleName?: string;
  suffix?: string;
}

export interface Person extends PersonName {
  birthDate?: IsoDate;
  sex?: Sex;
  address?: Address;
}

export interface Payer {
  /** Payer id as the trading partner knows it (2010BB NM109). */
  id: string;
  name: string;
  claimFilingIndicator: ClaimFilingIndicator;
  address?: Address;
}

export interface Subscriber extends Person {
  memberId: string;
  groupNumber?: string;
  groupName?: string;
  payerResponsibility: PayerResponsibility;
}

/** The patient when not the subscriber (2000C / 2010CA). */
export interface Patient extends Person {
  birthDate: IsoDate;
  sex: Sex;
}

export type ProviderIdentity =
  { entity: "organization"; organizationName: string } | ({ entity: "person" } & PersonName);

export type Provider = ProviderIdentity & {
  npi: string;
  /** Health care provider taxonomy code (PRV03). */
  taxonomy?: string;
};

export type BillingProvider = Provider & {
  /** Employer identification number or social security number, nine digits. */
  taxId: string;
  taxIdType: "EIN" | "SSN";
  address: Address;
};

export interface ServiceFacility {
  name: string;
  npi?: string;
  address: Address;
}

/** A claim adjustment as the prior payer reported it (CAS). */
export interface Adjustment {
  group: "CO" | "CR" | "OA" | "PI" | "PR";
  reason: string;
  amountCents: number;
  quantity?: number;
}

/** What a prior payer did with the claim, for a secondary or tertiary claim (2320/2330). */
export interface OtherPayer {
  payer: { id: string; name: string };
  payerResponsibility: PayerResponsibility;
  claimFilingIndicator: ClaimFilingIndicator;
  subscriber: PersonName & { memberId: string; groupNumber?: string };
  /** The patient's relationship to the other payer's subscriber. */
  relationship: Relationship;
  paidCents: number;
  adjudicationDate?: IsoDate;
  payerClaimNumber?: string;
  adjustments?: Adjustment[];
}

/** A prior payer's adjudication of one service line (2430). */
export interface LineAdjudication {
  payerId: string;
  paidCents: number;
  procedureCode: string;
  paidUnits: number;
  adjudicationDate: IsoDate;
  adjustments?: Adjustment[];
}

export interface Diagnosis {
  /** ICD-10-CM code without the dot. */
  code: string;
  /** Present on admission (837I): Y, N, U, W or 1. */
  presentOnAdmission?: string;
}

/** CLM06-CLM09; the builders use the common defaults when absent. */
export interface ClaimIndicators {
  providerSignatureOnFile: boolean;
  /** CLM07: A assigned, B lab services only, C not assigned. */
  assignment: "A" | "B" | "C";
  benefitsAssigned: boolean;
  /** CLM09: I informed consent, Y signed statement on file. */
  releaseOfInformation: "I" | "Y";
}

interface EncounterBase {
  /** The tenant's patient control number (CLM01), unique per claim, at most 20 characters. */
  patientControlNumber: string;
  /** Claim frequency code: 1 original, 7 replacement, 8 void (837I: the type of bill's last digit). */
  frequencyCode: string;
  /** The payer's claim number of the claim being replaced or voided (REF*F8). */
  originalPayerClaimNumber?: string;
  payer: Payer;
  subscriber: Subscriber;
  relationship: Relationship;
  /** Required when `relationship` is not `self`. */
  patient?: Patient;
  billingProvider: BillingProvider;
  serviceFacility?: ServiceFacility;
  priorAuthorizationNumber?: string;
  referralNumber?: string;
  claimIndicators?: ClaimIndicators;
  /** Other payers for a secondary or tertiary claim (coordination of benefits). */
  otherPayers?: OtherPayer[];
  /** The sender's claim total; when present it must equal the sum of the line charges. */
  totalChargeCents?: number;
}

export interface ProfessionalServiceLine {
  /** CPT (five digits, or four digits and F/T/U) or HCPCS Level II (letter and four digits). */
  procedureCode: string;
  modifiers?: string[];
  units: number;
  chargeCents: number;
  /** One-based indexes into `diagnoses`, at most 4, the first the primary. */
  diagnosisPointers: number[];
  serviceDate: IsoDate;
  serviceDateEnd?: IsoDate;
  /** When the line's place differs from the claim's. */
  placeOfService?: string;
  renderingProvider?: Provider;
  /** Line item control number (REF*6R), unique within the claim. */
  lineControlNumber?: string;
  otherPayerAdjudications?: LineAdjudication[];
}

export interface ProfessionalEncounter extends EncounterBase {
  kind: "professional";
  /** CMS place of service code (CLM05-1). */
  placeOfService: string;
  /** ICD-10-CM diagnoses; the first is the principal (ABK), up to 12. */
  diagnoses: Diagnosis[];
  renderingProvider?: Provider;
  referringProvider?: Provider;
  serviceLines: ProfessionalServiceLine[];
}

export interface InstitutionalServiceLine {
  /** Four-digit revenue code. */
  revenueCode: string;
  procedureCode?: string;
  modifiers?: string[];
  units: number;
  unitType: "UN" | "DA";
  chargeCents: number;
  serviceDate?: IsoDate;
  serviceDateEnd?: IsoDate;
  lineControlNumber?: string;
  otherPayerAdjudications?: LineAdjudication[];
}

export interface Admission {
  date: IsoDate;
  /** Hour and minute "HHMM" when known. */
  time?: string;
  /** Priority (type) of admission, CL101. */
  typeCode?: string;
  /** Point of origin (source) of admission, CL102. */
  sourceCode?: string;
}

/**
 * An outpatient visit's priority (type) and point of origin (CL101, CL102) on a bill without an
 * admission; a bill with an admission gives them in `admission`.
 */
export interface Visit {
  /** Priority (type) of visit, CL101 (NUBC: 1 emergency, 2 urgent, 3 elective ...). */
  typeCode?: string;
  /** Point of origin for the visit, CL102. */
  sourceCode?: string;
}

export interface InstitutionalEncounter extends EncounterBase {
  kind: "institutional";
  /** Type of bill: leading 0, facility type (2), classification... ending in the frequency. */
  typeOfBill: string;
  statementFrom: IsoDate;
  statementThrough: IsoDate;
  admission?: Admission;
  visit?: Visit;
  /** Patient discharge status (CL103). */
  patientStatusCode: string;
  principalDiagnosis?: Diagnosis;
  admittingDiagnosis?: { code: string };
  /** Patient's reason for visit (HI*APR, up to 3): unscheduled outpatient visits. */
  reasonForVisit?: { code: string }[];
  otherDiagnoses?: Diagnosis[];
  conditionCodes?: string[];
  occurrenceCodes?: { code: string; date: IsoDate }[];
  valueCodes?: { code: string; amountCents: number }[];
  attendingProvider: Provider;
  operatingProvider?: Provider;
  serviceLines: InstitutionalServiceLine[];
}

export type CodedEncounter = ProfessionalEncounter | InstitutionalEncounter;

/** The person the care was for: the subscriber when `self`, else the patient (if given). */
export function patientOf(encounter: CodedEncounter): Person | undefined {
  return encounter.relationship === "self" ? encounter.subscriber : encounter.patient;
}

/** Every diagnosis of the encounter with its JSON pointer, in claim order. */
export function diagnosesOf(
  encounter: CodedEncounter,
): { diagnosis: Diagnosis; path: string; principal: boolean }[] {
  if (encounter.kind === "professional") {
    return encounter.diagnoses.map((diagnosis, i) => ({
      diagnosis,
      path: `/diagnoses/${i}`,
      principal: i === 0,
    }));
  }
  const all: { diagnosis: Diagnosis; path: string; principal: boolean }[] = [];
  if (encounter.principalDiagnosis) {
    all.push({
      diagnosis: encounter.principalDiagnosis,
      path: "/principalDiagnosis",
      principal: true,
    });
  }
  if (encounter.admittingDiagnosis) {
    all.push({
      diagnosis: encounter.admittingDiagnosis,
      path: "/admittingDiagnosis",
      principal: false,
    });
  }
  (encounter.reasonForVisit ?? []).forEach((diagnosis, i) =>
    all.push({ diagnosis, path: `/reasonForVisit/${i}`, principal: false }),
  );
  (encounter.otherDiagnoses ?? []).forEach((diagnosis, i) =>
    all.push({ diagnosis, path: `/otherDiagnoses/${i}`, principal: false }),
  );
  return all;
}
