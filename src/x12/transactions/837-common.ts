/**
 * What the 837P (005010X222A1) and 837I (005010X223A2) builders share: element formatting,
 * the loops both guides lay out alike (1000A/B, 2000A/2010AA, 2000B/2010BA/2010BB, 2000C/
 * 2010CA, 2320/2330A/2330B, 2430) and the HL hierarchy that puts claims into one ST..SE.
 *
 * A claim is built as parts (billing provider, subscriber, patient, claim) without HL
 * segments, each put into a `SegmentOut`: a segment list here (`ClaimParts`), text on the
 * batcher's path (837-written.ts). `build837Transaction` numbers the hierarchy: one 2000A per billing provider, and
 * per claim its own 2000B (and 2000C when the patient is not the subscriber). Each claim's
 * segment range within the set is recorded so a 999 IK3 position maps back to its claim.
 */
import { ClaimgateError } from "../../errors.js";
import type {
  Address,
  Adjustment,
  BillingProvider,
  ClaimIndicators,
  CodedEncounter,
  LineAdjudication,
  OtherPayer,
  Patient,
  PayerResponsibility,
  PersonName,
  ProviderIdentity,
} from "../../domain/encounter.js";
import { RELATIONSHIP_CODES } from "../../domain/encounter.js";
import { formatAmount } from "../money.js";
import type { ElementInput, SegmentInput } from "../segment.js";
import type { TransactionSetInput } from "../writer.js";

export type Kind837 = "837p" | "837i";

export const GUIDES: Readonly<Record<Kind837, string>> = {
  "837p": "005010X222A1",
  "837i": "005010X223A2",
};

/** CLM01 limit the gateway keeps (the guide allows 38; payers truncate past 20). */
export const MAX_PATIENT_CONTROL_NUMBER = 20;
/** REF*6R line item control number limit (REF02 allows 50; 30 is the guide's note). */
export const MAX_LINE_CONTROL_NUMBER = 30;

/** The builder's identifiers for one claim. */
export interface ClaimIds {
  /** The gateway's unique submission id, written to 2300 REF*D9 (comes back on the 277CA). */
  readonly submissionId: string;
  /** Line item control numbers by line index (REF*6R); each overrides the line's own. */
  readonly lineControlNumbers?: readonly (string | undefined)[];
}

/** One claim built into its hierarchy parts, HL segments left to the transaction builder. */
export interface ClaimParts {
  readonly kind: Kind837;
  readonly patientControlNumber: string;
  readonly submissionId: string;
  /** Claims with equal keys share one 2000A billing provider level. */
  readonly billingProviderKey: string;
  /** 2000A after its HL: PRV and 2010AA. */
  readonly billingProvider: readonly SegmentInput[];
  /** 2000B after its HL: SBR, 2010BA, 2010BB. */
  readonly subscriber: readonly SegmentInput[];
  /** 2000C after its HL (PAT, 2010CA), when the patient is not the subscriber. */
  readonly patient?: readonly SegmentInput[];
  /** 2300 through the last 2400/2430. */
  readonly claim: readonly SegmentInput[];
}

export function buildInvalid(message: string): ClaimgateError {
  return new ClaimgateError("X12_BUILD_INVALID", message);
}

/** A composite with trailing empty components dropped: one left is written as plain text. */
function trimComponents(element: readonly string[]): ElementInput {
  let n = element.length;
  while (n > 0 && element[n - 1] === "") n--;
  return n === 1 ? (element[0] ?? "") : element.slice(0, n);
}

/**
 * A segment with trailing empty elements (and trailing empty components) dropped. Every
 * segment of every claim is made here: it reuses its own rest array and copies a composite once.
 */
export function seg(id: string, ...elements: ElementInput[]): SegmentInput {
  return ownSeg(id, elements);
}

/** `seg` over an elements list the caller made for it (trimmed in place, not copied). */
function ownSeg(id: string, elements: ElementInput[]): SegmentInput {
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] as ElementInput;
    if (typeof element !== "string") elements[i] = trimComponents(element);
  }
  let n = elements.length;
  // A trimmed composite is empty only when no component is left.
  while (n > 0 && (elements[n - 1] as ElementInput).length === 0) n--;
  if (n !== elements.length) elements.length = n;
  return { id, elements };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** ISO "YYYY-MM-DD" → CCYYMMDD; `field` names the encounter field in the error. */
export function d8(iso: string, field: string): string {
  if (!ISO_DATE.test(iso)) throw buildInvalid(`${field} is not a YYYY-MM-DD date`);
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8);
}

/** Single date (D8) or range (RD8) for a DTP. */
export function datePeriod(from: string, to: string | undefined, field: string): string[] {
  return to === undefined
    ? ["D8", d8(from, field)]
    : ["RD8", `${d8(from, field)}-${d8(to, field)}`];
}

/**
 * Cents as an X12 R amount ("123.45", "100", "0.5", "-0.05"): `formatAmount`'s text, made
 * with integer arithmetic instead of a fixed-decimal string and a regex (a few per claim).
 */
export function amount(cents: number): string {
  if (!Number.isSafeInteger(cents)) return formatAmount(cents); // throws its error
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  if (fraction % 10 === 0) return `${sign}${whole}.${fraction / 10}`;
  return `${sign}${whole}.${fraction < 10 ? "0" : ""}${fraction}`;
}

/** A quantity (units) as an X12 R value. */
export function quantity(value: number, field: string): string {
  if (!Number.isFinite(value) || value < 0) throw buildInvalid(`${field} is not a quantity`);
  return String(value);
}

/**
 * Where a builder puts its segments, in order: a list of segments (`SegmentList`, for
 * `build837Transaction`) or the batcher's text (837-written.ts), which writes each segment as
 * it comes so a batch makes no segment objects. `elements` is the builder's own list, made
 * for this call: an out may keep it or trim it in place. Trailing empty elements and
 * trailing empty components are the out's to drop, as `seg` drops them.
 */
export interface SegmentOut {
  add(id: string, elements: ElementInput[]): void;
}

/** Segments kept as `seg` makes them. */
export class SegmentList implements SegmentOut {
  readonly segments: SegmentInput[] = [];

  add(id: string, elements: ElementInput[]): void {
    this.segments.push(ownSeg(id, elements));
  }
}

/** NM108/NM109 appended to an NM1's elements when there is an id. */
function pushId(elements: ElementInput[], qualifier?: string, id?: string): ElementInput[] {
  if (id !== undefined && id !== "") elements.push(qualifier ?? "", id);
  return elements;
}

/** NM1 of an entity with NM102..NM107 given, and an optional id (NM108/NM109). */
export function nm1(code: string, names: string[], qualifier?: string, id?: string): SegmentInput {
  const elements: ElementInput[] = [code];
  for (let i = 0; i < names.length; i++) elements.push(names[i] as string);
  return ownSeg("NM1", pushId(elements, qualifier, id));
}

/** NM1 of a person (NM102 = 1) into `out`. */
export function putPersonNm1(
  out: SegmentOut,
  code: string,
  name: PersonName,
  qualifier?: string,
  id?: string,
): void {
  const elements: ElementInput[] = [
    code,
    "1",
    name.lastName,
    name.firstName ?? "",
    name.middleName ?? "",
    "",
    name.suffix ?? "",
  ];
  out.add("NM1", pushId(elements, qualifier, id));
}

/** NM1 of an organization (NM102 = 2) into `out`. */
export function putOrganizationNm1(
  out: SegmentOut,
  code: string,
  name: string,
  qualifier?: string,
  id?: string,
): void {
  out.add("NM1", pushId([code, "2", name, "", "", "", ""], qualifier, id));
}

/** NM1 of a provider identity (person or organization) into `out`. */
export function putIdentityNm1(
  out: SegmentOut,
  code: string,
  identity: ProviderIdentity,
  qualifier?: string,
  id?: string,
): void {
  if (identity.entity === "person") putPersonNm1(out, code, identity, qualifier, id);
  else putOrganizationNm1(out, code, identity.organizationName, qualifier, id);
}

/** N3 and N4 into `out`. */
export function pushAddress(out: SegmentOut, address: Address): void {
  out.add("N3", [address.line1, address.line2 ?? ""]);
  out.add("N4", [address.city, address.state, address.postalCode]);
}

const RESPONSIBILITY: Readonly<Record<PayerResponsibility, string>> = {
  primary: "P",
  secondary: "S",
  tertiary: "T",
};

export function responsibilityCode(responsibility: PayerResponsibility): string {
  return RESPONSIBILITY[responsibility];
}

export const DEFAULT_INDICATORS: ClaimIndicators = {
  providerSignatureOnFile: true,
  assignment: "A",
  benefitsAssigned: true,
  releaseOfInformation: "Y",
};

export function yesNo(value: boolean): string {
  return value ? "Y" : "N";
}

/** 2000A (after HL) and 2010AA of the billing provider. */
export function billingProviderLoop(
  out: SegmentOut,
  provider: BillingProvider,
  kind: Kind837,
): void {
  if (kind === "837i" && (provider.entity !== "organization" || provider.taxIdType !== "EIN")) {
    throw buildInvalid("837I billing provider must be an organization with an EIN (2010AA)");
  }
  if (provider.taxonomy !== undefined) out.add("PRV", ["BI", "PXC", provider.taxonomy]);
  putIdentityNm1(out, "85", provider, "XX", provider.npi);
  pushAddress(out, provider.address);
  out.add("REF", [provider.taxIdType === "EIN" ? "EI" : "SY", provider.taxId]);
}

/** 2000B (after HL): SBR, 2010BA subscriber, 2010BB payer. */
export function subscriberLoop(out: SegmentOut, encounter: CodedEncounter): void {
  const { subscriber, payer } = encounter;
  const self = encounter.relationship === "self";
  out.add("SBR", [
    responsibilityCode(subscriber.payerResponsibility),
    self ? "18" : "",
    subscriber.groupNumber ?? "",
    subscriber.groupName ?? "",
    "",
    "",
    "",
    "",
    payer.claimFilingIndicator,
  ]);
  putPersonNm1(out, "IL", subscriber, "MI", subscriber.memberId);
  if (subscriber.address !== undefined) pushAddress(out, subscriber.address);
  // DMG is sent only when the subscriber is the patient (the guides say: do not send otherwise).
  if (self && subscriber.birthDate !== undefined) {
    const birthDate = d8(subscriber.birthDate, "subscriber.birthDate");
    out.add("DMG", ["D8", birthDate, subscriber.sex ?? "U"]);
  }
  putOrganizationNm1(out, "PR", payer.name, "PI", payer.id);
  if (payer.address !== undefined) pushAddress(out, payer.address);
}

/** 2000C (after HL) and 2010CA, for a patient who is not the subscriber. */
export function patientLoop(out: SegmentOut, encounter: CodedEncounter): void {
  const patient: Patient | undefined = encounter.patient;
  if (patient === undefined)
    throw buildInvalid("patient is required when relationship is not self");
  // N3/N4 are required in 2010CA; a dependent without an address lives at the subscriber's.
  const address = patient.address ?? encounter.subscriber.address;
  if (address === undefined) throw buildInvalid("patient.address is required for 2010CA");
  out.add("PAT", [RELATIONSHIP_CODES[encounter.relationship]]);
  putPersonNm1(out, "QC", patient);
  pushAddress(out, address);
  out.add("DMG", ["D8", d8(patient.birthDate, "patient.birthDate"), patient.sex]);
}

/** CAS segments: one per group code (in order of first use), at most 6 triples each. */
export function casSegments(out: SegmentOut, adjustments: readonly Adjustment[] | undefined): void {
  if (adjustments === undefined || adjustments.length === 0) return;
  const byGroup = new Map<string, Adjustment[]>();
  for (const a of adjustments) {
    const list = byGroup.get(a.group);
    if (list === undefined) byGroup.set(a.group, [a]);
    else list.push(a);
  }
  // Every amount is formatted (and may throw) before the count is checked, then they go out.
  const segments: ElementInput[][] = [];
  for (const [group, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      const elements: ElementInput[] = [group];
      for (const a of list.slice(i, i + 6)) {
        const paid = amount(a.amountCents);
        const units = a.quantity === undefined ? "" : quantity(a.quantity, "adjustment quantity");
        elements.push(a.reason, paid, units);
      }
      segments.push(elements);
    }
  }
  if (segments.length > 5) throw buildInvalid("more than 5 CAS segments in one adjudication loop");
  for (const elements of segments) out.add("CAS", elements);
}

/** 2320 other subscriber information with its 2330A and 2330B. */
export function otherPayerLoop(
  out: SegmentOut,
  other: OtherPayer,
  indicators: ClaimIndicators,
): void {
  out.add("SBR", [
    responsibilityCode(other.payerResponsibility),
    RELATIONSHIP_CODES[other.relationship],
    other.subscriber.groupNumber ?? "",
    "",
    "",
    "",
    "",
    "",
    other.claimFilingIndicator,
  ]);
  casSegments(out, other.adjustments);
  out.add("AMT", ["D", amount(other.paidCents)]);
  const benefits = yesNo(indicators.benefitsAssigned);
  out.add("OI", ["", "", benefits, "", "", indicators.releaseOfInformation]);
  putPersonNm1(out, "IL", other.subscriber, "MI", other.subscriber.memberId);
  putOrganizationNm1(out, "PR", other.payer.name, "PI", other.payer.id);
  if (other.adjudicationDate !== undefined) {
    out.add("DTP", ["573", "D8", d8(other.adjudicationDate, "otherPayers.adjudicationDate")]);
  }
  if (other.payerClaimNumber !== undefined) out.add("REF", ["F8", other.payerClaimNumber]);
}

/**
 * 2430 line adjudication: SVD, CAS, DTP*573. `revenueCode` is SVD04 (837I); the 837P
 * leaves it out.
 */
export function lineAdjudicationLoop(
  out: SegmentOut,
  adjudication: LineAdjudication,
  modifiers: readonly string[],
  revenueCode?: string,
): void {
  out.add("SVD", [
    adjudication.payerId,
    amount(adjudication.paidCents),
    ["HC", adjudication.procedureCode, ...modifiers],
    revenueCode ?? "",
    quantity(adjudication.paidUnits, "otherPayerAdjudications.paidUnits"),
  ]);
  casSegments(out, adjudication.adjustments);
  out.add("DTP", ["573", "D8", d8(adjudication.adjudicationDate, "adjudicationDate")]);
}

/** The claim-level REFs both guides place in this order: 9F, G1, F8, D9. */
export function claimReferences(
  out: SegmentOut,
  encounter: CodedEncounter,
  submissionId: string,
): void {
  if (encounter.referralNumber !== undefined) out.add("REF", ["9F", encounter.referralNumber]);
  if (encounter.priorAuthorizationNumber !== undefined) {
    out.add("REF", ["G1", encounter.priorAuthorizationNumber]);
  }
  const replaces = encounter.frequencyCode === "7" || encounter.frequencyCode === "8";
  if (replaces && encounter.originalPayerClaimNumber === undefined) {
    throw buildInvalid("originalPayerClaimNumber is required for frequency codes 7 and 8");
  }
  if (encounter.originalPayerClaimNumber !== undefined) {
    out.add("REF", ["F8", encounter.originalPayerClaimNumber]);
  }
  if (submissionId === "" || submissionId.length > 50) {
    throw buildInvalid("submissionId must be 1 to 50 characters (REF*D9)");
  }
  out.add("REF", ["D9", submissionId]);
}

/** CLM02: the sum of the lines, checked against the sender's total when given. */
export function claimTotal(encounter: CodedEncounter): number {
  const lines: readonly { chargeCents: number }[] = encounter.serviceLines;
  let total = 0;
  for (let i = 0; i < lines.length; i++) total += (lines[i] as { chargeCents: number }).chargeCents;
  if (encounter.totalChargeCents !== undefined && encounter.totalChargeCents !== total) {
    throw buildInvalid("totalChargeCents does not equal the sum of the line charges");
  }
  return total;
}

export function checkPatientControlNumber(value: string): void {
  if (value === "" || value.length > MAX_PATIENT_CONTROL_NUMBER) {
    throw buildInvalid(
      `patientControlNumber must be 1 to ${MAX_PATIENT_CONTROL_NUMBER} characters`,
    );
  }
}

/** Each line's control number (ids override the line's own), checked unique and short. */
export function lineControlNumbers(
  lines: readonly { lineControlNumber?: string }[],
  ids: ClaimIds,
): (string | undefined)[] {
  const numbers = lines.map((line, i) => ids.lineControlNumbers?.[i] ?? line.lineControlNumber);
  let seen: Set<string> | undefined;
  for (const n of numbers) {
    if (n === undefined) continue;
    if (n === "" || n.length > MAX_LINE_CONTROL_NUMBER) {
      throw buildInvalid(`line control numbers must be 1 to ${MAX_LINE_CONTROL_NUMBER} characters`);
    }
    seen ??= new Set<string>();
    if (seen.has(n)) throw buildInvalid("line control numbers must be unique within the claim");
    seen.add(n);
  }
  return numbers;
}

/**
 * A key equal for equal segment lists only: each text is written with its length first, so no
 * value can run into the next, whatever characters it holds. (JSON.stringify did the same job
 * at several times the cost, once per claim.)
 */
export function segmentsKey(segments: readonly SegmentInput[]): string {
  let key = "";
  for (const { id, elements } of segments) {
    key += `${id.length}:${id}${elements.length}[`;
    for (const element of elements) {
      if (typeof element === "string") {
        key += `${element.length}:${element}`;
      } else {
        key += `${element.length}(`;
        for (const part of element) key += `${part.length}:${part}`;
      }
    }
  }
  return key;
}

/**
 * Where a claim's parts go: `start` gives the out for the next part's segments and `finish`
 * ends that part. `key` gives a billing provider part's key (equal for equal segment lists
 * only), or undefined when the part cannot tell (then its segments' `segmentsKey` is used).
 */
export interface PartsSink<P> {
  start(): SegmentOut;
  finish(): P;
  key(part: P): string | undefined;
}

/** A claim's parts as a sink made them (`patient` undefined when the patient is the subscriber). */
export interface BuiltParts<P> {
  readonly kind: Kind837;
  readonly patientControlNumber: string;
  readonly submissionId: string;
  readonly billingProviderKey: string;
  readonly billingProvider: P;
  readonly subscriber: P;
  readonly patient: P | undefined;
  readonly claim: P;
}

/** Parts as segment lists, keyed by `segmentsKey`. */
class ListParts implements PartsSink<SegmentInput[]> {
  private list = new SegmentList();

  start(): SegmentOut {
    this.list = new SegmentList();
    return this.list;
  }

  finish(): SegmentInput[] {
    return this.list.segments;
  }

  key(part: SegmentInput[]): string {
    return segmentsKey(part);
  }
}

/**
 * One claim's parts into `sink`, built in this order (so build errors come in it): billing
 * provider, patient (when not the subscriber), subscriber, then `claimLoop`'s 2300 onwards.
 */
export function buildParts<E extends CodedEncounter, P>(
  encounter: E,
  ids: ClaimIds,
  kind: Kind837,
  sink: PartsSink<P>,
  claimLoop: (out: SegmentOut, encounter: E, ids: ClaimIds) => void,
): BuiltParts<P> {
  checkPatientControlNumber(encounter.patientControlNumber);
  billingProviderLoop(sink.start(), encounter.billingProvider, kind);
  const billingProvider = sink.finish();
  let patient: P | undefined;
  if (encounter.relationship !== "self") {
    patientLoop(sink.start(), encounter);
    patient = sink.finish();
  }
  subscriberLoop(sink.start(), encounter);
  const subscriber = sink.finish();
  claimLoop(sink.start(), encounter, ids);
  const claim = sink.finish();
  let billingProviderKey = sink.key(billingProvider);
  if (billingProviderKey === undefined) {
    // A text key starts with a segment id, a segmentsKey with a digit: they never meet.
    const list = new SegmentList();
    billingProviderLoop(list, encounter.billingProvider, kind);
    billingProviderKey = segmentsKey(list.segments);
  }
  return {
    kind,
    patientControlNumber: encounter.patientControlNumber,
    submissionId: ids.submissionId,
    billingProviderKey,
    billingProvider,
    subscriber,
    patient,
    claim,
  };
}

/** `buildParts` into segment lists, as `ClaimParts` (no `patient` key for the subscriber). */
export function listParts<E extends CodedEncounter>(
  encounter: E,
  ids: ClaimIds,
  kind: Kind837,
  claimLoop: (out: SegmentOut, encounter: E, ids: ClaimIds) => void,
): ClaimParts {
  const { patient, ...parts } = buildParts(encounter, ids, kind, new ListParts(), claimLoop);
  return patient === undefined ? parts : { ...parts, patient };
}

/** A submitter (1000A): NM1*41 and one PER contact (phone and/or email). */
export interface Submitter {
  readonly name: string;
  /** NM109 (ETIN) as the receiver assigned it. */
  readonly id: string;
  /** "2" organization (default) or "1" person (then `name` is the last name). */
  readonly entityType?: "1" | "2";
  readonly firstName?: string;
  readonly contactName?: string;
  readonly phone?: string;
  readonly email?: string;
}

/** A receiver (1000B): NM1*40. */
export interface Receiver {
  readonly name: string;
  readonly id: string;
}

export interface TransactionHeader {
  readonly kind: Kind837;
  /** ST02 (4 to 9 characters). */
  readonly controlNumber: string;
  readonly submitter: Submitter;
  readonly receiver: Receiver;
  /** BHT03 originator application transaction id. */
  readonly bhtReference: string;
  /** BHT04 CCYYMMDD. */
  readonly date: string;
  /** BHT05 HHMM or HHMMSS. */
  readonly time: string;
  /** BHT02: "00" original (default) or "18" reissue. */
  readonly purpose?: "00" | "18";
  /** BHT06: "CH" chargeable claims (default) or "RP" encounters reporting. */
  readonly claimOrEncounter?: "CH" | "RP";
}

/** Where one claim lies in its ST..SE, counted as 999 IK302 counts (ST = 1). */
export interface ClaimRange {
  readonly submissionId: string;
  readonly patientControlNumber: string;
  /** The claim's 2000B HL (its subtree starts there). */
  readonly segmentFrom: number;
  /** The claim's last segment (last of its 2400/2430 loops). */
  readonly segmentTo: number;
  /** The shared 2000A it sits under: its HL through the segment before its first 2000B. */
  readonly billingProviderFrom: number;
  readonly billingProviderTo: number;
}

export interface Built837Transaction {
  /** For `buildInterchange`: ST02, guide and the body between ST and SE. */
  readonly set: TransactionSetInput;
  /** ST..SE with SE01 counted (made on first read). */
  readonly segments: readonly SegmentInput[];
  /** SE01: segments ST through SE. */
  readonly segmentCount: number;
  readonly claims: readonly ClaimRange[];
}

/** BHT, 1000A and 1000B of a set, after checking ST02 and the submitter's contact. */
export function transactionHead(header: TransactionHeader): SegmentInput[] {
  if (!/^\d{4,9}$/.test(header.controlNumber)) {
    throw buildInvalid("ST02 control number must be 4 to 9 digits");
  }
  const s = header.submitter;
  if (s.phone === undefined && s.email === undefined) {
    throw buildInvalid("submitter needs a phone or an email (1000A PER)");
  }
  const contact = [
    ...(s.phone === undefined ? [] : ["TE", s.phone]),
    ...(s.email === undefined ? [] : ["EM", s.email]),
  ];
  const type = s.entityType ?? "2";
  return [
    seg(
      "BHT",
      "0019",
      header.purpose ?? "00",
      header.bhtReference,
      header.date,
      header.time,
      header.claimOrEncounter ?? "CH",
    ),
    nm1("41", [type, s.name, type === "1" ? (s.firstName ?? "") : "", "", "", ""], "46", s.id),
    seg("PER", "IC", s.contactName ?? "", ...contact),
    nm1("40", ["2", header.receiver.name, "", "", "", ""], "46", header.receiver.id),
  ];
}

/** `segments` appended to `out` one by one (no spread, no intermediate list). */
function pushAll(out: SegmentInput[], segments: readonly SegmentInput[]): void {
  for (let i = 0; i < segments.length; i++) out.push(segments[i] as SegmentInput);
}

/** Claims grouped by billing provider, in order of first appearance (stable). */
function byBillingProvider(claims: readonly ClaimParts[]): ClaimParts[][] {
  const groups = new Map<string, ClaimParts[]>();
  for (const c of claims) {
    const group = groups.get(c.billingProviderKey);
    if (group === undefined) groups.set(c.billingProviderKey, [c]);
    else group.push(c);
  }
  return [...groups.values()];
}

/**
 * The HL hierarchy of `claims`: consecutive HL01 from 1, HL02 parent links, HL04 child codes.
 * `firstPosition` is the position of the first returned segment (ST = 1). The segments are
 * appended to `body` when given (they are returned in it either way).
 */
export function hierarchy(
  claims: readonly ClaimParts[],
  firstPosition = 1,
  body: SegmentInput[] = [],
): { body: SegmentInput[]; claims: ClaimRange[] } {
  const ranges: ClaimRange[] = [];
  let hl = 0;
  // Position of the next segment: body may already hold segments before the hierarchy.
  const offset = firstPosition - body.length;
  for (const group of byBillingProvider(claims)) {
    const [first] = group;
    if (first === undefined) continue;
    const providerHl = String(++hl);
    const billingProviderFrom = offset + body.length;
    body.push(seg("HL", providerHl, "", "20", "1"));
    pushAll(body, first.billingProvider);
    const billingProviderTo = offset + body.length - 1;
    for (const claim of group) {
      const segmentFrom = offset + body.length;
      const subscriberHl = String(++hl);
      const hasPatient = claim.patient !== undefined;
      body.push(seg("HL", subscriberHl, providerHl, "22", hasPatient ? "1" : "0"));
      pushAll(body, claim.subscriber);
      if (claim.patient !== undefined) {
        body.push(seg("HL", String(++hl), subscriberHl, "23", "0"));
        pushAll(body, claim.patient);
      }
      pushAll(body, claim.claim);
      ranges.push({
        submissionId: claim.submissionId,
        patientControlNumber: claim.patientControlNumber,
        segmentFrom,
        segmentTo: offset + body.length - 1,
        billingProviderFrom,
        billingProviderTo,
      });
    }
  }
  return { body, claims: ranges };
}

/** One ST..SE 837 of `claims` (all of `header.kind`), grouped by billing provider. */
export function build837Transaction(
  claims: readonly ClaimParts[],
  header: TransactionHeader,
): Built837Transaction {
  if (claims.length === 0) throw buildInvalid("an 837 transaction set needs at least one claim");
  if (claims.some((c) => c.kind !== header.kind)) {
    throw buildInvalid(`every claim of an ${header.kind.toUpperCase()} set must be of that kind`);
  }
  const body = transactionHead(header);
  // Positions: ST = 1, then the header, then the hierarchy (appended to the header's list).
  const tree = hierarchy(claims, 2 + body.length, body);
  const guide = GUIDES[header.kind];
  const set: TransactionSetInput = { id: "837", controlNumber: header.controlNumber, guide, body };
  let segments: SegmentInput[] | undefined;
  return {
    set,
    segmentCount: body.length + 2,
    // ST..SE as a list only when asked for: the batcher needs the count alone.
    get segments() {
      segments ??= [
        seg("ST", "837", header.controlNumber, guide),
        ...body,
        seg("SE", String(body.length + 2), header.controlNumber),
      ];
      return segments;
    },
    claims: tree.claims,
  };
}
