/**
 * The coverage summary: what a biller needs from a 271 for one subscriber or dependent, read
 * on top of the 271 reader (`src/x12/transactions/271.ts`). Whether coverage is active (in
 * all and per service type), plan, group and coverage dates, the cost shares (copay,
 * coinsurance, deductible, out of pocket; in or out of network; totals or what remains),
 * other payers the payer knows of (EB*R with its 2120 NM1) and the AAA errors with their
 * reject reason and follow-up action in plain language. `toEligibilityResult` turns a
 * summary into what the scrubber consumes.
 */
import type {
  Benefit,
  EligibilityResponse,
  MemberEligibility,
  RequestError,
} from "../x12/transactions/271.js";
import type { DatePeriod } from "../x12/transactions/common.js";
import type { EligibilityResult } from "./scrub/types.js";

/** EB01 codes that say coverage is active: 1 active, 2-4 capitated, 5 pending investigation. */
const ACTIVE_CODES = new Set(["1", "2", "3", "4", "5"]);
/** EB01 codes that say coverage is not active: 6 inactive, 7-8 inactive pending. */
const INACTIVE_CODES = new Set(["6", "7", "8"]);
/** EB03 when the EB names no service type: 30 health benefit plan coverage. */
const PLAN_COVERAGE = "30";

export interface ServiceTypeStatus {
  /** EB03 service type code, e.g. 30 plan coverage, 98 professional office visit. */
  readonly code: string;
  readonly active: boolean;
}

/** EB12: Y in network, N out of network, W not applicable (either), U unknown. */
export type Network = "in" | "out" | "either" | "unknown";

/** One copay, coinsurance, deductible or out-of-pocket EB. */
export interface CostShare {
  readonly serviceTypes: readonly string[];
  /** EB02, e.g. IND individual, FAM family. */
  readonly coverageLevel?: string;
  readonly network?: Network;
  /** EB06 29 "remaining" is what is left to meet; any other period is the total for it. */
  readonly basis: "total" | "remaining";
  /** EB06 time period, e.g. 23 calendar year, 27 visit, 29 remaining. */
  readonly timePeriod?: string;
  /** EB07. */
  readonly amountCents?: number;
  /** EB08 in percentage points (EB08 0.2 → 20). */
  readonly percent?: number;
  /** EB05. */
  readonly planDescription?: string;
  /** MSG texts of the EB. */
  readonly messages: readonly string[];
}

/** A payer the 271 says also covers the patient (EB*R, its 2120 NM1). */
export interface OtherPayer {
  /** NM101 of the 2120 loop (PR payer, ...); absent when the EB*R names no entity. */
  readonly entityCode?: string;
  readonly name?: string;
  readonly idQualifier?: string;
  readonly id?: string;
  /** EB04 insurance type, e.g. MB Medicare Part B, C1 commercial. */
  readonly insuranceType?: string;
  readonly coverageLevel?: string;
  readonly serviceTypes: readonly string[];
  readonly planDescription?: string;
  readonly messages: readonly string[];
}

/** Where in the 271 an AAA came from. */
export type ErrorLocation = "payer" | "provider" | "patient" | "benefit";

export interface CoverageError {
  /** AAA03 reject reason code. */
  readonly code: string;
  /** AAA04 follow-up action code. */
  readonly followUp?: string;
  /** AAA01: the payer found the request itself valid. */
  readonly validRequest: boolean;
  readonly location: ErrorLocation;
  /** What went wrong, in plain language. */
  readonly message: string;
  /** What to do next (from AAA04), in plain language. */
  readonly action?: string;
}

export interface CoverageSummary {
  /** Absent for a summary of a 271 that answered no subscriber at all (errors only). */
  readonly level?: "subscriber" | "dependent";
  /** BHT03 of the 271 (echoes the 270's); set by `coverageSummaries`. */
  readonly reference?: string;
  /** TRN02 of the TRN*2 that echoes our 270's trace id. */
  readonly trace?: string;
  /** NM109 of the member (the subscriber's member id). */
  readonly memberId?: string;
  /** Undefined when the 271 gives no coverage status (e.g. only AAA errors). */
  readonly active: boolean | undefined;
  readonly serviceTypes: readonly ServiceTypeStatus[];
  /** EB05 plan description of the coverage status, else REF*18 plan number. */
  readonly plan?: string;
  /** EB04 insurance type of the coverage status. */
  readonly insuranceType?: string;
  /** REF*6P group number. */
  readonly group?: string;
  readonly coverageFrom?: string;
  readonly coverageThrough?: string;
  readonly copay: readonly CostShare[];
  readonly coinsurance: readonly CostShare[];
  readonly deductible: readonly CostShare[];
  readonly outOfPocket: readonly CostShare[];
  readonly otherPayers: readonly OtherPayer[];
  readonly errors: readonly CoverageError[];
}

const NETWORKS: Readonly<Record<string, Network>> = {
  Y: "in",
  N: "out",
  W: "either",
  U: "unknown",
};

/** The object without its undefined properties (one pass, no entry arrays: it runs per benefit). */
function clean<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

function serviceTypesOf(benefit: Benefit): readonly string[] {
  return benefit.serviceTypes.length === 0 ? [PLAN_COVERAGE] : benefit.serviceTypes;
}

/** EB08 0.2 → 20, rounded to thousandths of a point so 0.07 gives 7, not 7.000000000000001. */
function percentPoints(fraction: number | undefined): number | undefined {
  return fraction === undefined ? undefined : Math.round(fraction * 100_000) / 1000;
}

function costShare(benefit: Benefit): CostShare {
  return clean({
    serviceTypes: serviceTypesOf(benefit),
    coverageLevel: benefit.coverageLevel,
    network: benefit.inNetwork === undefined ? undefined : NETWORKS[benefit.inNetwork],
    basis: benefit.timePeriod === "29" ? "remaining" : "total",
    timePeriod: benefit.timePeriod,
    amountCents: benefit.amountCents,
    percent: percentPoints(benefit.percent),
    planDescription: benefit.planDescription,
    messages: benefit.messages,
  });
}

function otherPayers(benefit: Benefit): OtherPayer[] {
  const common = {
    insuranceType: benefit.insuranceType,
    coverageLevel: benefit.coverageLevel,
    serviceTypes: serviceTypesOf(benefit),
    planDescription: benefit.planDescription,
    messages: benefit.messages,
  };
  if (benefit.relatedEntities.length === 0) return [clean(common)];
  return benefit.relatedEntities.map((entity) =>
    clean({
      entityCode: entity.entityCode,
      name: entity.name,
      idQualifier: entity.idQualifier,
      id: entity.id,
      ...common,
    }),
  );
}

function statusBenefits(member: MemberEligibility): Benefit[] {
  return member.benefits.filter(
    (b) => ACTIVE_CODES.has(b.infoCode) || INACTIVE_CODES.has(b.infoCode),
  );
}

function serviceTypeStatuses(statuses: readonly Benefit[]): ServiceTypeStatus[] {
  const byCode = new Map<string, boolean>();
  for (const benefit of statuses) {
    const active = ACTIVE_CODES.has(benefit.infoCode);
    // One active EB for a service type is enough: payers list carve-outs as separate EBs.
    for (const code of serviceTypesOf(benefit))
      byCode.set(code, (byCode.get(code) ?? false) || active);
  }
  return [...byCode].map(([code, active]) => ({ code, active }));
}

/** The plan-level status: the EB for service type 30 if there is one, else any status EB. */
function planStatus(statuses: readonly Benefit[]): Benefit | undefined {
  const plan = statuses.filter((b) => serviceTypesOf(b).includes(PLAN_COVERAGE));
  const pool = plan.length > 0 ? plan : statuses;
  return pool.find((b) => ACTIVE_CODES.has(b.infoCode)) ?? pool[0];
}

const BEGIN_QUALIFIERS = ["346", "356", "348"]; // plan, eligibility, benefit begin
const END_QUALIFIERS = ["347", "357", "349"]; // plan, eligibility, benefit end
const RANGE_QUALIFIERS = ["291", "307"]; // plan, eligibility (RD8)

function coveragePeriod(dates: readonly DatePeriod[]): { from?: string; through?: string } {
  const range = RANGE_QUALIFIERS.map((q) => dates.find((d) => d.qualifier === q && d.to)).find(
    (d) => d !== undefined,
  );
  const first = (qualifiers: readonly string[]) =>
    qualifiers.map((q) => dates.find((d) => d.qualifier === q)?.from).find((d) => d !== undefined);
  return clean({
    from: range?.from ?? first(BEGIN_QUALIFIERS),
    through: range?.to ?? first(END_QUALIFIERS),
  });
}

function reference(member: MemberEligibility, qualifier: string): string | undefined {
  return member.references.find((r) => r.qualifier === qualifier)?.value;
}

/** The coverage summary of one subscriber or dependent of a read 271. */
export function coverageSummary(member: MemberEligibility): CoverageSummary {
  const statuses = statusBenefits(member);
  const plan = planStatus(statuses);
  const memberPeriod = coveragePeriod(member.dates);
  const planPeriod = coveragePeriod(plan?.dates ?? []);
  const shares = (code: string) =>
    member.benefits.filter((b) => b.infoCode === code).map(costShare);
  return clean({
    level: member.level,
    trace: member.traces.find((t) => t.type === "2")?.number,
    memberId: member.member?.id,
    active: plan === undefined ? undefined : ACTIVE_CODES.has(plan.infoCode),
    serviceTypes: serviceTypeStatuses(statuses),
    plan: plan?.planDescription ?? reference(member, "18"),
    insuranceType: plan?.insuranceType,
    group: reference(member, "6P"),
    coverageFrom: memberPeriod.from ?? planPeriod.from,
    coverageThrough: memberPeriod.through ?? planPeriod.through,
    copay: shares("B"),
    coinsurance: shares("A"),
    deductible: shares("C"),
    outOfPocket: shares("G"),
    otherPayers: member.benefits.filter((b) => b.infoCode === "R").flatMap(otherPayers),
    errors: [
      ...errorsAt(member.source?.errors, "payer"),
      ...errorsAt(member.receiver?.errors, "provider"),
      ...errorsAt(member.errors, "patient"),
      ...member.benefits.flatMap((b) => errorsAt(b.errors, "benefit")),
    ],
  });
}

/**
 * A summary per subscriber or dependent of the 271; for a 271 that answers no member (the
 * payer rejected the request at the payer or provider level) one summary of those errors.
 */
export function coverageSummaries(response: EligibilityResponse): CoverageSummary[] {
  const withReference = (s: CoverageSummary) => clean({ ...s, reference: response.reference });
  if (response.members.length > 0) {
    return response.members.map((m) => withReference(coverageSummary(m)));
  }
  const empty: CoverageSummary = {
    active: undefined,
    serviceTypes: [],
    copay: [],
    coinsurance: [],
    deductible: [],
    outOfPocket: [],
    otherPayers: [],
    errors: [
      ...response.sources.flatMap((s) => errorsAt(s.errors, "payer")),
      ...response.receivers.flatMap((r) => errorsAt(r.errors, "provider")),
    ],
  };
  return [withReference(empty)];
}

/**
 * What the scrubber consumes (`ScrubContext.eligibility`); undefined when the 271 gave no
 * coverage status, so an unanswered question never holds a claim as inactive.
 */
export function toEligibilityResult(
  summary: CoverageSummary,
  patientKey: string,
  payerId: string,
): EligibilityResult | undefined {
  if (summary.active === undefined) return undefined;
  return clean({
    patientKey,
    payerId,
    active: summary.active,
    coverageFrom: summary.coverageFrom,
    coverageThrough: summary.coverageThrough,
  });
}

function errorsAt(
  errors: readonly RequestError[] | undefined,
  location: ErrorLocation,
): CoverageError[] {
  return (errors ?? []).map((e) =>
    clean({
      code: e.code,
      followUp: e.followUp,
      validRequest: e.validRequest,
      location,
      message: rejectReasonMessage(e.code),
      action: e.followUp === undefined ? undefined : followUpMessage(e.followUp),
    }),
  );
}

/**
 * AAA03 reject reason codes the 005010X279A1 271 uses (element 901), with what each means for
 * the person who asked. The X12 names are in the comments.
 */
export const REJECT_REASONS: Readonly<Record<string, string>> = {
  "04": "The payer has already answered as many requests as it allows for this.", // Authorized Quantity Exceeded
  "15": "The request lacks information the payer needs to answer it.", // Required application data missing
  "33": "The payer found errors in the request.", // Input Errors
  "35": "The provider is out of the patient's network for this benefit.", // Out of Network
  "41": "The sender is not allowed to ask this payer for eligibility.", // Authorization/Access Restrictions
  "42": "The payer cannot answer right now; ask again later.", // Unable to Respond at Current Time
  "43": "The provider's identifier (NPI) is missing or unknown to the payer.", // Invalid/Missing Provider Identification
  "44": "The provider's name is missing or does not match the payer's records.", // Invalid/Missing Provider Name
  "45": "The provider's specialty is missing or not valid.", // Invalid/Missing Provider Specialty
  "46": "The provider's phone number is missing or not valid.", // Invalid/Missing Provider Phone Number
  "47": "The provider's state is missing or not valid.", // Invalid/Missing Provider State
  "48": "The referring provider's identifier is missing or not valid.", // Invalid/Missing Referring Provider Identification Number
  "49": "The provider is not the patient's primary care physician.", // Provider is Not Primary Care Physician
  "50": "The provider may not send eligibility requests to this payer.", // Provider Ineligible for Inquiries
  "51": "The payer has no record of the provider.", // Provider Not on File
  "52": "The date of service falls outside the provider's enrollment with the plan.", // Service Dates Not Within Provider Plan Enrollment
  "53": "The benefit asked about does not fit the provider's type.", // Inquired Benefit Inconsistent with Provider Type
  "54": "The kind of procedure or service code sent is not appropriate.", // Inappropriate Product/Service ID Qualifier
  "55": "The procedure or service code sent is not appropriate.", // Inappropriate Product/Service ID
  "56": "A date in the request is not appropriate.", // Inappropriate Date
  "57": "The date of service is missing or not valid.", // Invalid/Missing Date(s) of Service
  "58": "The patient's date of birth is missing or not valid.", // Invalid/Missing Date-of-Birth
  "60": "The date of birth sent is after the date of service.", // Date of Birth Follows Date(s) of Service
  "61": "The payer's records show the patient died before the date of service.", // Date of Death Precedes Date(s) of Service
  "62": "The date of service is outside the period the payer answers for.", // Date of Service Not Within Allowable Inquiry Period
  "63": "The date of service is in the future.", // Date of Service in Future
  "64": "The patient's identifier is missing or not valid.", // Invalid/Missing Patient ID
  "65": "The patient's name is missing or does not match the payer's records.", // Invalid/Missing Patient Name
  "66": "The patient's gender is missing or not valid.", // Invalid/Missing Patient Gender Code
  "67": "The payer found no patient with these details.", // Patient Not Found
  "68": "The patient's identifier belongs to more than one person at the payer.", // Duplicate Patient ID Number
  "69": "The service does not fit the patient's age.", // Inconsistent with Patient's Age
  "70": "The service does not fit the patient's gender.", // Inconsistent with Patient's Gender
  "71": "The date of birth does not match the payer's records for this patient.", // Patient Birth Date Does Not Match That for the Patient on the Database
  "72": "The member id is missing or not valid.", // Invalid/Missing Subscriber/Insured ID
  "73": "The subscriber's name is missing or does not match the payer's records.", // Invalid/Missing Subscriber/Insured Name
  "74": "The subscriber's gender is missing or not valid.", // Invalid/Missing Subscriber/Insured Gender Code
  "75": "The payer found no subscriber with these details.", // Subscriber/Insured Not Found
  "76": "The member id belongs to more than one person at the payer.", // Duplicate Subscriber/Insured ID Number
  "77": "The payer found the subscriber but not this dependent under them.", // Subscriber Found, Patient Not Found
  "78": "The subscriber is not in the group or plan named.", // Subscriber/Insured Not in Group/Plan Identified
  "79": "A party named in the request is not a valid participant.", // Invalid Participant Identification
  "80": "The payer's system did not answer; the request was given up.", // No Response received - Transaction Terminated
  "97": "The provider's address is missing or not valid.", // Invalid or Missing Provider Address
  "98": "The service is experimental for this payer.", // Experimental Service or Procedure
  AA: "The payer has no authorization with the number sent.", // Authorization Number Not Found
  AE: "The service needs an authorization from the primary care physician.", // Requires Primary Care Physician Authorization
  AF: "A diagnosis code is missing or not valid.", // Invalid/Missing Diagnosis Code(s)
  AG: "A procedure code is missing or not valid.", // Invalid/Missing Procedure Code(s)
  AO: "The payer needs more about the patient's condition.", // Additional Patient Condition Information Required
  CI: "The certification information does not match the patient.", // Certification Information Does Not Match Patient
  E8: "The service needs a medical review first.", // Requires Medical Review
  IA: "The authorization number is not in the right format.", // Invalid Authorization Number Format
  MA: "The service needs an authorization number, and none was sent.", // Missing Authorization
  T4: "The payer's name or identifier is missing.", // Payer Name or Identifier Missing
};

/** AAA04 follow-up action codes (element 889). */
export const FOLLOW_UP_ACTIONS: Readonly<Record<string, string>> = {
  C: "Correct the request and send it again.", // Please Correct and Resubmit
  N: "Do not send the request again.", // Resubmission Not Allowed
  P: "Send the original request again.", // Please Resubmit Original Transaction
  R: "The request may be sent again.", // Resubmission Allowed
  S: "Do not send it again: the payer has asked a third party.", // Do Not Resubmit; Inquiry Initiated to a Third Party
  W: "Wait 30 days, then send the request again.", // Please Wait 30 Days and Resubmit
  X: "Wait 10 days, then send the request again.", // Please Wait 10 Days and Resubmit
  Y: "Do not send it again: the payer will answer later.", // Do Not Resubmit; We Will Hold Your Request and Respond Again Shortly
};

export function rejectReasonMessage(code: string): string {
  return REJECT_REASONS[code] ?? `The payer rejected the request with reason code ${code}.`;
}

export function followUpMessage(code: string): string {
  return FOLLOW_UP_ACTIONS[code] ?? `The payer gave follow-up action code ${code}.`;
}
