/**
 * 837I institutional claim (005010X223A2) from a coded institutional encounter.
 *
 * 2300: CLM (CLM05 = facility type code : A : frequency; CLM06 is not used in the 837I),
 * DTP*434 statement period, DTP*435 admission (DT when the hour is known), CL1, REF*9F/G1/F8/
 * D9, HI in the guide's order: ABK principal (with POA), ABJ admitting, APR reason for visit,
 * ABF other (with POA),
 * BH occurrence, BE value, BG condition codes (12 a segment, 2 segments each at most),
 * 2310A attending (71 + PRV*AT), 2310B operating (72), 2310E service facility (77),
 * 2320/2330A/2330B. 2400 per line: LX, SV2 (revenue code, procedure, charge, UN/DA units),
 * DTP*472, REF*6R, 2430 (SVD04 carries the line's revenue code).
 */
import type {
  Diagnosis,
  InstitutionalEncounter,
  InstitutionalServiceLine,
  Provider,
} from "../../domain/encounter.js";
import type { ElementInput, SegmentInput } from "../segment.js";
import {
  DEFAULT_INDICATORS,
  amount,
  buildInvalid,
  buildParts,
  claimReferences,
  claimTotal,
  d8,
  datePeriod,
  hierarchy,
  lineAdjudicationLoop,
  lineControlNumbers,
  listParts,
  otherPayerLoop,
  pushAddress,
  putOrganizationNm1,
  putPersonNm1,
  quantity,
  yesNo,
} from "./837-common.js";
import type { BuiltParts, ClaimIds, ClaimParts, PartsSink, SegmentOut } from "./837-common.js";

export const MAX_INSTITUTIONAL_LINES = 999;
/** Codes per HI segment, and HI segments per qualifier (ABF, BH, BE, BG) the guide allows. */
const CODES_PER_HI = 12;
const HI_REPEAT = 2;

const TYPE_OF_BILL = /^0?(\d{2})\d$/;
const HHMM = /^\d{4}$/;

/** CLM05-1: the type of bill's facility type and classification ("0111" → "11"). */
export function facilityTypeCode(typeOfBill: string): string {
  const match = TYPE_OF_BILL.exec(typeOfBill);
  if (match?.[1] === undefined) throw buildInvalid("typeOfBill must be 3 or 4 digits");
  return match[1];
}

function claimSegment(out: SegmentOut, encounter: InstitutionalEncounter): void {
  const ind = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  if (!encounter.typeOfBill.endsWith(encounter.frequencyCode)) {
    throw buildInvalid("typeOfBill must end in the frequencyCode");
  }
  const facility = [facilityTypeCode(encounter.typeOfBill), "A", encounter.frequencyCode];
  out.add("CLM", [
    encounter.patientControlNumber,
    amount(claimTotal(encounter)),
    "",
    "",
    facility,
    "",
    ind.assignment,
    yesNo(ind.benefitsAssigned),
    ind.releaseOfInformation,
  ]);
}

function dateSegments(out: SegmentOut, encounter: InstitutionalEncounter): void {
  const from = d8(encounter.statementFrom, "statementFrom");
  const through = d8(encounter.statementThrough, "statementThrough");
  const admission = encounter.admission;
  let admissionDate: string | undefined;
  if (admission !== undefined) {
    admissionDate = d8(admission.date, "admission.date");
    if (admission.time !== undefined && !HHMM.test(admission.time)) {
      throw buildInvalid("admission.time must be HHMM");
    }
  }
  out.add("DTP", ["434", "RD8", `${from}-${through}`]);
  if (admission !== undefined && admissionDate !== undefined) {
    if (admission.time === undefined) out.add("DTP", ["435", "D8", admissionDate]);
    else out.add("DTP", ["435", "DT", admissionDate + admission.time]);
  }
  // CL101/CL102 from the admission, or from the visit on a bill without one.
  const codes = admission ?? encounter.visit;
  out.add("CL1", [codes?.typeCode ?? "", codes?.sourceCode ?? "", encounter.patientStatusCode]);
}

/** HI segments of one qualifier: 12 codes a segment, at most two segments. */
function hiSegments(out: SegmentOut, items: readonly ElementInput[]): void {
  for (let i = 0; i < items.length; i += CODES_PER_HI) {
    out.add("HI", items.slice(i, i + CODES_PER_HI));
  }
}

/** The count check `hiSegments` needs, made before any HI of the claim is written. */
function checkHiCount(items: readonly ElementInput[], what: string): void {
  if (items.length > CODES_PER_HI * HI_REPEAT) {
    throw buildInvalid(`more than ${CODES_PER_HI * HI_REPEAT} ${what} codes`);
  }
}

/**
 * A diagnosis composite with its present-on-admission indicator in component 9. "1" (exempt
 * from POA reporting) is the UB-04 paper value; in the 5010 837I an exempt code carries none.
 */
function withPoa(qualifier: string, diagnosis: Diagnosis): string[] {
  const poa = diagnosis.presentOnAdmission;
  return poa === undefined || poa === "1"
    ? [qualifier, diagnosis.code]
    : [qualifier, diagnosis.code, "", "", "", "", "", "", poa];
}

const NONE: readonly never[] = [];

function healthCareCodes(out: SegmentOut, encounter: InstitutionalEncounter): void {
  const principal = encounter.principalDiagnosis;
  if (principal === undefined) throw buildInvalid("837I needs a principal diagnosis (HI ABK)");
  out.add("HI", [withPoa("ABK", principal)]);
  if (encounter.admittingDiagnosis !== undefined) {
    out.add("HI", [["ABJ", encounter.admittingDiagnosis.code]]);
  }
  const reasons = encounter.reasonForVisit ?? NONE;
  if (reasons.length > 0) {
    const elements: string[][] = [];
    for (const r of reasons) elements.push(["APR", r.code]);
    out.add("HI", elements);
  }
  const other: string[][] = [];
  for (const d of encounter.otherDiagnoses ?? NONE) other.push(withPoa("ABF", d));
  const occurrence: string[][] = [];
  for (const o of encounter.occurrenceCodes ?? NONE) {
    occurrence.push(["BH", o.code, "D8", d8(o.date, "occurrenceCodes.date")]);
  }
  const value: string[][] = [];
  for (const v of encounter.valueCodes ?? NONE) {
    value.push(["BE", v.code, "", "", amount(v.amountCents)]);
  }
  const condition: string[][] = [];
  for (const c of encounter.conditionCodes ?? NONE) condition.push(["BG", c]);
  checkHiCount(other, "other diagnosis");
  checkHiCount(occurrence, "occurrence");
  checkHiCount(value, "value");
  checkHiCount(condition, "condition");
  hiSegments(out, other);
  hiSegments(out, occurrence);
  hiSegments(out, value);
  hiSegments(out, condition);
}

function personProvider(out: SegmentOut, code: string, provider: Provider, loop: string): void {
  if (provider.entity !== "person") throw buildInvalid(`${loop} provider must be a person`);
  putPersonNm1(out, code, provider, "XX", provider.npi);
}

function providerLoops(out: SegmentOut, encounter: InstitutionalEncounter): void {
  const attending = encounter.attendingProvider;
  personProvider(out, "71", attending, "2310A attending");
  if (attending.taxonomy !== undefined) out.add("PRV", ["AT", "PXC", attending.taxonomy]);
  if (encounter.operatingProvider !== undefined) {
    personProvider(out, "72", encounter.operatingProvider, "2310B operating");
  }
  const facility = encounter.serviceFacility;
  if (facility !== undefined) {
    putOrganizationNm1(out, "77", facility.name, "XX", facility.npi);
    pushAddress(out, facility.address);
  }
}

function serviceLine(
  out: SegmentOut,
  line: InstitutionalServiceLine,
  index: number,
  controlNumber: string | undefined,
): void {
  const modifiers = line.modifiers ?? NONE;
  if (modifiers.length > 4) throw buildInvalid("a service line has more than 4 modifiers");
  let procedure: ElementInput = "";
  if (line.procedureCode !== undefined) {
    const composite = ["HC", line.procedureCode];
    for (let i = 0; i < modifiers.length; i++) composite.push(modifiers[i] as string);
    procedure = composite;
  }
  const charge = amount(line.chargeCents);
  const units = quantity(line.units, "serviceLines.units");
  out.add("LX", [String(index + 1)]);
  out.add("SV2", [line.revenueCode, procedure, charge, line.unitType, units]);
  if (line.serviceDate !== undefined) {
    const period = datePeriod(line.serviceDate, line.serviceDateEnd, "serviceLines.serviceDate");
    out.add("DTP", ["472", period[0] as string, period[1] as string]);
  }
  if (controlNumber !== undefined) out.add("REF", ["6R", controlNumber]);
  const adjudications = line.otherPayerAdjudications;
  if (adjudications !== undefined) {
    for (const adjudication of adjudications) {
      lineAdjudicationLoop(out, adjudication, NONE, line.revenueCode);
    }
  }
}

function claimLoop(out: SegmentOut, encounter: InstitutionalEncounter, ids: ClaimIds): void {
  const lines = encounter.serviceLines;
  if (lines.length === 0 || lines.length > MAX_INSTITUTIONAL_LINES) {
    throw buildInvalid(`837I needs 1 to ${MAX_INSTITUTIONAL_LINES} service lines`);
  }
  const controls = lineControlNumbers(lines, ids);
  const indicators = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  claimSegment(out, encounter);
  dateSegments(out, encounter);
  claimReferences(out, encounter, ids.submissionId);
  healthCareCodes(out, encounter);
  providerLoops(out, encounter);
  const others = encounter.otherPayers;
  if (others !== undefined) for (const other of others) otherPayerLoop(out, other, indicators);
  for (let i = 0; i < lines.length; i++) {
    serviceLine(out, lines[i] as InstitutionalServiceLine, i, controls[i]);
  }
}

/** One institutional claim as hierarchy parts for `build837Transaction`. */
export function claimParts837i(encounter: InstitutionalEncounter, ids: ClaimIds): ClaimParts {
  return listParts(encounter, ids, "837i", claimLoop);
}

/** One institutional claim's parts into `sink` (the batcher's text path). */
export function claimInto837i<P>(
  encounter: InstitutionalEncounter,
  ids: ClaimIds,
  sink: PartsSink<P>,
): BuiltParts<P> {
  return buildParts(encounter, ids, "837i", sink, claimLoop);
}

/** One institutional claim's 2000A..2400 subtree, HL numbered from 1. */
export function build837i(encounter: InstitutionalEncounter, ids: ClaimIds): SegmentInput[] {
  return hierarchy([claimParts837i(encounter, ids)]).body;
}
