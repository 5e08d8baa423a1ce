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
  claimHead,
  claimReferences,
  claimTotal,
  d8,
  datePeriod,
  hierarchy,
  identityElements,
  lineAdjudicationLoop,
  lineControlNumbers,
  nm1,
  otherPayerLoop,
  pushAddress,
  pushAll,
  quantity,
  seg,
  yesNo,
} from "./837-common.js";
import type { ClaimIds, ClaimParts } from "./837-common.js";

export const MAX_INSTITUTIONAL_LINES = 999;
/** Codes per HI segment, and HI segments per qualifier (ABF, BH, BE, BG) the guide allows. */
const CODES_PER_HI = 12;
const HI_REPEAT = 2;

/** CLM05-1: the type of bill's facility type and classification ("0111" → "11"). */
export function facilityTypeCode(typeOfBill: string): string {
  const match = /^0?(\d{2})\d$/.exec(typeOfBill);
  if (match?.[1] === undefined) throw buildInvalid("typeOfBill must be 3 or 4 digits");
  return match[1];
}

function claimSegment(encounter: InstitutionalEncounter): SegmentInput {
  const ind = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  if (!encounter.typeOfBill.endsWith(encounter.frequencyCode)) {
    throw buildInvalid("typeOfBill must end in the frequencyCode");
  }
  const facility = [facilityTypeCode(encounter.typeOfBill), "A", encounter.frequencyCode];
  return seg(
    "CLM",
    encounter.patientControlNumber,
    amount(claimTotal(encounter)),
    "",
    "",
    facility,
    "",
    ind.assignment,
    yesNo(ind.benefitsAssigned),
    ind.releaseOfInformation,
  );
}

function dateSegments(encounter: InstitutionalEncounter): SegmentInput[] {
  const from = d8(encounter.statementFrom, "statementFrom");
  const through = d8(encounter.statementThrough, "statementThrough");
  const out = [seg("DTP", "434", "RD8", `${from}-${through}`)];
  const admission = encounter.admission;
  if (admission !== undefined) {
    const date = d8(admission.date, "admission.date");
    if (admission.time !== undefined && !/^\d{4}$/.test(admission.time)) {
      throw buildInvalid("admission.time must be HHMM");
    }
    out.push(
      admission.time === undefined
        ? seg("DTP", "435", "D8", date)
        : seg("DTP", "435", "DT", date + admission.time),
    );
  }
  out.push(
    seg("CL1", admission?.typeCode ?? "", admission?.sourceCode ?? "", encounter.patientStatusCode),
  );
  return out;
}

/** HI segments of one qualifier: 12 codes a segment, at most two segments. */
function hiSegments(items: readonly ElementInput[], what: string): SegmentInput[] {
  if (items.length > CODES_PER_HI * HI_REPEAT) {
    throw buildInvalid(`more than ${CODES_PER_HI * HI_REPEAT} ${what} codes`);
  }
  const out: SegmentInput[] = [];
  for (let i = 0; i < items.length; i += CODES_PER_HI) {
    out.push(seg("HI", ...items.slice(i, i + CODES_PER_HI)));
  }
  return out;
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

function healthCareCodes(encounter: InstitutionalEncounter): SegmentInput[] {
  const principal = encounter.principalDiagnosis;
  if (principal === undefined) throw buildInvalid("837I needs a principal diagnosis (HI ABK)");
  const out = [seg("HI", withPoa("ABK", principal))];
  if (encounter.admittingDiagnosis !== undefined) {
    out.push(seg("HI", ["ABJ", encounter.admittingDiagnosis.code]));
  }
  const reasons = encounter.reasonForVisit ?? [];
  if (reasons.length > 0) out.push(seg("HI", ...reasons.map((r) => ["APR", r.code])));
  const other = (encounter.otherDiagnoses ?? []).map((d) => withPoa("ABF", d));
  const occurrence = (encounter.occurrenceCodes ?? []).map((o) => [
    "BH",
    o.code,
    "D8",
    d8(o.date, "occurrenceCodes.date"),
  ]);
  const value = (encounter.valueCodes ?? []).map((v) => [
    "BE",
    v.code,
    "",
    "",
    amount(v.amountCents),
  ]);
  const condition = (encounter.conditionCodes ?? []).map((c) => ["BG", c]);
  out.push(...hiSegments(other, "other diagnosis"), ...hiSegments(occurrence, "occurrence"));
  out.push(...hiSegments(value, "value"), ...hiSegments(condition, "condition"));
  return out;
}

function personProvider(code: string, provider: Provider, loop: string): SegmentInput {
  if (provider.entity !== "person") throw buildInvalid(`${loop} provider must be a person`);
  return nm1(code, identityElements(provider), "XX", provider.npi);
}

function providerLoops(encounter: InstitutionalEncounter): SegmentInput[] {
  const attending = encounter.attendingProvider;
  const out = [personProvider("71", attending, "2310A attending")];
  if (attending.taxonomy !== undefined) out.push(seg("PRV", "AT", "PXC", attending.taxonomy));
  if (encounter.operatingProvider !== undefined) {
    out.push(personProvider("72", encounter.operatingProvider, "2310B operating"));
  }
  const facility = encounter.serviceFacility;
  if (facility !== undefined) {
    out.push(nm1("77", ["2", facility.name, "", "", "", ""], "XX", facility.npi));
    pushAddress(out, facility.address);
  }
  return out;
}

function serviceLine(
  out: SegmentInput[],
  line: InstitutionalServiceLine,
  index: number,
  controlNumber: string | undefined,
): void {
  const modifiers = line.modifiers ?? [];
  if (modifiers.length > 4) throw buildInvalid("a service line has more than 4 modifiers");
  const procedure =
    line.procedureCode === undefined ? "" : ["HC", line.procedureCode, ...modifiers];
  out.push(
    seg("LX", String(index + 1)),
    seg(
      "SV2",
      line.revenueCode,
      procedure,
      amount(line.chargeCents),
      line.unitType,
      quantity(line.units, "serviceLines.units"),
    ),
  );
  if (line.serviceDate !== undefined) {
    const period = datePeriod(line.serviceDate, line.serviceDateEnd, "serviceLines.serviceDate");
    out.push(seg("DTP", "472", ...period));
  }
  if (controlNumber !== undefined) out.push(seg("REF", "6R", controlNumber));
  for (const adjudication of line.otherPayerAdjudications ?? []) {
    pushAll(out, lineAdjudicationLoop(adjudication, [], line.revenueCode));
  }
}

function claimLoop(encounter: InstitutionalEncounter, ids: ClaimIds): SegmentInput[] {
  const lines = encounter.serviceLines;
  if (lines.length === 0 || lines.length > MAX_INSTITUTIONAL_LINES) {
    throw buildInvalid(`837I needs 1 to ${MAX_INSTITUTIONAL_LINES} service lines`);
  }
  const controls = lineControlNumbers(lines, ids);
  const indicators = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  const out = [claimSegment(encounter)];
  pushAll(out, dateSegments(encounter));
  pushAll(out, claimReferences(encounter, ids.submissionId));
  pushAll(out, healthCareCodes(encounter));
  pushAll(out, providerLoops(encounter));
  for (const other of encounter.otherPayers ?? []) pushAll(out, otherPayerLoop(other, indicators));
  lines.forEach((line, i) => serviceLine(out, line, i, controls[i]));
  return out;
}

/** One institutional claim as hierarchy parts for `build837Transaction`. */
export function claimParts837i(encounter: InstitutionalEncounter, ids: ClaimIds): ClaimParts {
  return { ...claimHead(encounter, ids, "837i"), claim: claimLoop(encounter, ids) };
}

/** One institutional claim's 2000A..2400 subtree, HL numbered from 1. */
export function build837i(encounter: InstitutionalEncounter, ids: ClaimIds): SegmentInput[] {
  return hierarchy([claimParts837i(encounter, ids)]).body;
}
