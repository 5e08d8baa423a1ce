/**
 * 837P professional claim (005010X222A1) from a coded professional encounter.
 *
 * 2300: CLM (CLM05 = place of service : B : frequency), REF*9F/G1/F8/D9, HI with ABK then
 * ABF (at most 12 diagnoses), 2310A referring (DN), 2310B rendering (82 + PRV*PE), 2310C
 * service facility (77), 2320/2330A/2330B per other payer. 2400 per line: LX, SV1 (procedure
 * with modifiers, charge, UN units, place of service when the line's differs, diagnosis
 * pointers), DTP*472, REF*6R, 2420A line rendering provider, 2430 per prior adjudication.
 */
import type {
  ProfessionalEncounter,
  ProfessionalServiceLine,
  Provider,
} from "../../domain/encounter.js";
import type { SegmentInput } from "../segment.js";
import {
  DEFAULT_INDICATORS,
  amount,
  buildInvalid,
  claimHead,
  claimReferences,
  claimTotal,
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

/** The guide's limits: 12 diagnoses in one HI, 50 lines, 4 pointers and 4 modifiers a line. */
export const MAX_PROFESSIONAL_DIAGNOSES = 12;
export const MAX_PROFESSIONAL_LINES = 50;

function claimSegment(encounter: ProfessionalEncounter): SegmentInput {
  const ind = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  return seg(
    "CLM",
    encounter.patientControlNumber,
    amount(claimTotal(encounter)),
    "",
    "",
    [encounter.placeOfService, "B", encounter.frequencyCode],
    yesNo(ind.providerSignatureOnFile),
    ind.assignment,
    yesNo(ind.benefitsAssigned),
    ind.releaseOfInformation,
  );
}

function diagnosisSegment(encounter: ProfessionalEncounter): SegmentInput {
  const { diagnoses } = encounter;
  if (diagnoses.length === 0 || diagnoses.length > MAX_PROFESSIONAL_DIAGNOSES) {
    throw buildInvalid(`837P needs 1 to ${MAX_PROFESSIONAL_DIAGNOSES} diagnoses`);
  }
  return seg("HI", ...diagnoses.map((d, i) => [i === 0 ? "ABK" : "ABF", d.code]));
}

function personProvider(code: string, provider: Provider, loop: string): SegmentInput {
  if (provider.entity !== "person") throw buildInvalid(`${loop} provider must be a person`);
  return nm1(code, identityElements(provider), "XX", provider.npi);
}

/** Rendering provider (2310B or 2420A): NM1*82 and PRV*PE with the taxonomy. */
function renderingSegments(provider: Provider): SegmentInput[] {
  const out = [nm1("82", identityElements(provider), "XX", provider.npi)];
  if (provider.taxonomy !== undefined) out.push(seg("PRV", "PE", "PXC", provider.taxonomy));
  return out;
}

function providerLoops(out: SegmentInput[], encounter: ProfessionalEncounter): void {
  if (encounter.referringProvider !== undefined) {
    out.push(personProvider("DN", encounter.referringProvider, "2310A referring"));
  }
  if (encounter.renderingProvider !== undefined) {
    pushAll(out, renderingSegments(encounter.renderingProvider));
  }
  const facility = encounter.serviceFacility;
  if (facility !== undefined) {
    out.push(nm1("77", ["2", facility.name, "", "", "", ""], "XX", facility.npi));
    pushAddress(out, facility.address);
  }
}

function serviceLine(
  out: SegmentInput[],
  line: ProfessionalServiceLine,
  index: number,
  controlNumber: string | undefined,
): void {
  const modifiers = line.modifiers ?? [];
  const pointers = line.diagnosisPointers;
  if (modifiers.length > 4) throw buildInvalid("a service line has more than 4 modifiers");
  if (pointers.length === 0 || pointers.length > 4) {
    throw buildInvalid("a service line needs 1 to 4 diagnosis pointers");
  }
  out.push(
    seg("LX", String(index + 1)),
    seg(
      "SV1",
      ["HC", line.procedureCode, ...modifiers],
      amount(line.chargeCents),
      "UN",
      quantity(line.units, "serviceLines.units"),
      line.placeOfService ?? "",
      "",
      pointers.map(String),
    ),
    seg(
      "DTP",
      "472",
      ...datePeriod(line.serviceDate, line.serviceDateEnd, "serviceLines.serviceDate"),
    ),
  );
  if (controlNumber !== undefined) out.push(seg("REF", "6R", controlNumber));
  if (line.renderingProvider !== undefined) pushAll(out, renderingSegments(line.renderingProvider));
  for (const adjudication of line.otherPayerAdjudications ?? []) {
    pushAll(out, lineAdjudicationLoop(adjudication, []));
  }
}

/** The 2300 claim loop with its 2310x, 2320/2330 and 2400 loops. */
function claimLoop(encounter: ProfessionalEncounter, ids: ClaimIds): SegmentInput[] {
  const lines = encounter.serviceLines;
  if (lines.length === 0 || lines.length > MAX_PROFESSIONAL_LINES) {
    throw buildInvalid(`837P needs 1 to ${MAX_PROFESSIONAL_LINES} service lines`);
  }
  const controls = lineControlNumbers(lines, ids);
  const indicators = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  const out = [claimSegment(encounter)];
  pushAll(out, claimReferences(encounter, ids.submissionId));
  out.push(diagnosisSegment(encounter));
  providerLoops(out, encounter);
  for (const other of encounter.otherPayers ?? []) pushAll(out, otherPayerLoop(other, indicators));
  lines.forEach((line, i) => serviceLine(out, line, i, controls[i]));
  return out;
}

/** One professional claim as hierarchy parts for `build837Transaction`. */
export function claimParts837p(encounter: ProfessionalEncounter, ids: ClaimIds): ClaimParts {
  return { ...claimHead(encounter, ids, "837p"), claim: claimLoop(encounter, ids) };
}

/** One professional claim's 2000A..2400 subtree, HL numbered from 1. */
export function build837p(encounter: ProfessionalEncounter, ids: ClaimIds): SegmentInput[] {
  return hierarchy([claimParts837p(encounter, ids)]).body;
}
