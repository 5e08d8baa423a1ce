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
  buildParts,
  claimReferences,
  claimTotal,
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

/** The guide's limits: 12 diagnoses in one HI, 50 lines, 4 pointers and 4 modifiers a line. */
export const MAX_PROFESSIONAL_DIAGNOSES = 12;
export const MAX_PROFESSIONAL_LINES = 50;

function claimSegment(out: SegmentOut, encounter: ProfessionalEncounter): void {
  const ind = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  out.add("CLM", [
    encounter.patientControlNumber,
    amount(claimTotal(encounter)),
    "",
    "",
    [encounter.placeOfService, "B", encounter.frequencyCode],
    yesNo(ind.providerSignatureOnFile),
    ind.assignment,
    yesNo(ind.benefitsAssigned),
    ind.releaseOfInformation,
  ]);
}

function diagnosisSegment(out: SegmentOut, encounter: ProfessionalEncounter): void {
  const { diagnoses } = encounter;
  if (diagnoses.length === 0 || diagnoses.length > MAX_PROFESSIONAL_DIAGNOSES) {
    throw buildInvalid(`837P needs 1 to ${MAX_PROFESSIONAL_DIAGNOSES} diagnoses`);
  }
  const elements: string[][] = [];
  for (let i = 0; i < diagnoses.length; i++) {
    elements.push([i === 0 ? "ABK" : "ABF", (diagnoses[i] as { code: string }).code]);
  }
  out.add("HI", elements);
}

function personProvider(out: SegmentOut, code: string, provider: Provider, loop: string): void {
  if (provider.entity !== "person") throw buildInvalid(`${loop} provider must be a person`);
  putPersonNm1(out, code, provider, "XX", provider.npi);
}

/** Rendering provider (2310B or 2420A): NM1*82 and PRV*PE with the taxonomy. */
function renderingSegments(out: SegmentOut, provider: Provider): void {
  if (provider.entity === "person") putPersonNm1(out, "82", provider, "XX", provider.npi);
  else putOrganizationNm1(out, "82", provider.organizationName, "XX", provider.npi);
  if (provider.taxonomy !== undefined) out.add("PRV", ["PE", "PXC", provider.taxonomy]);
}

function providerLoops(out: SegmentOut, encounter: ProfessionalEncounter): void {
  if (encounter.referringProvider !== undefined) {
    personProvider(out, "DN", encounter.referringProvider, "2310A referring");
  }
  if (encounter.renderingProvider !== undefined) {
    renderingSegments(out, encounter.renderingProvider);
  }
  const facility = encounter.serviceFacility;
  if (facility !== undefined) {
    putOrganizationNm1(out, "77", facility.name, "XX", facility.npi);
    pushAddress(out, facility.address);
  }
}

function serviceLine(
  out: SegmentOut,
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
  const procedure = ["HC", line.procedureCode];
  for (let i = 0; i < modifiers.length; i++) procedure.push(modifiers[i] as string);
  const pointerTexts: string[] = [];
  for (let i = 0; i < pointers.length; i++) pointerTexts.push(String(pointers[i]));
  const charge = amount(line.chargeCents);
  const units = quantity(line.units, "serviceLines.units");
  const period = datePeriod(line.serviceDate, line.serviceDateEnd, "serviceLines.serviceDate");
  out.add("LX", [String(index + 1)]);
  out.add("SV1", [procedure, charge, "UN", units, line.placeOfService ?? "", "", pointerTexts]);
  out.add("DTP", ["472", period[0] as string, period[1] as string]);
  if (controlNumber !== undefined) out.add("REF", ["6R", controlNumber]);
  if (line.renderingProvider !== undefined) renderingSegments(out, line.renderingProvider);
  const adjudications = line.otherPayerAdjudications;
  if (adjudications !== undefined) {
    for (const adjudication of adjudications) lineAdjudicationLoop(out, adjudication, []);
  }
}

/** The 2300 claim loop with its 2310x, 2320/2330 and 2400 loops. */
function claimLoop(out: SegmentOut, encounter: ProfessionalEncounter, ids: ClaimIds): void {
  const lines = encounter.serviceLines;
  if (lines.length === 0 || lines.length > MAX_PROFESSIONAL_LINES) {
    throw buildInvalid(`837P needs 1 to ${MAX_PROFESSIONAL_LINES} service lines`);
  }
  const controls = lineControlNumbers(lines, ids);
  const indicators = encounter.claimIndicators ?? DEFAULT_INDICATORS;
  claimSegment(out, encounter);
  claimReferences(out, encounter, ids.submissionId);
  diagnosisSegment(out, encounter);
  providerLoops(out, encounter);
  const others = encounter.otherPayers;
  if (others !== undefined) for (const other of others) otherPayerLoop(out, other, indicators);
  for (let i = 0; i < lines.length; i++) {
    serviceLine(out, lines[i] as ProfessionalServiceLine, i, controls[i]);
  }
}

/** One professional claim as hierarchy parts for `build837Transaction`. */
export function claimParts837p(encounter: ProfessionalEncounter, ids: ClaimIds): ClaimParts {
  return listParts(encounter, ids, "837p", claimLoop);
}

/** One professional claim's parts into `sink` (the batcher's text path). */
export function claimInto837p<P>(
  encounter: ProfessionalEncounter,
  ids: ClaimIds,
  sink: PartsSink<P>,
): BuiltParts<P> {
  return buildParts(encounter, ids, "837p", sink, claimLoop);
}

/** One professional claim's 2000A..2400 subtree, HL numbered from 1. */
export function build837p(encounter: ProfessionalEncounter, ids: ClaimIds): SegmentInput[] {
  return hierarchy([claimParts837p(encounter, ids)]).body;
}
