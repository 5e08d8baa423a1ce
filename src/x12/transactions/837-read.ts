/**
 * 837P / 837I → claims in the coded-encounter shape (what the builders write, read back).
 *
 * The loop engine places every segment in its loop (by the set's TR3 spec), and the placed
 * segments are gathered into a tree of loop occurrences. 2000A levels give billing
 * providers, 2000B subscribers and payers, 2000C patients, linked by HL02; each 2300 under
 * them is one claim. Dates go back to ISO, amounts to cents. Segments the builders do not
 * write are skipped. Unreadable dates are left out with a note (never with their value).
 */
import type {
  Address,
  Adjustment,
  Admission,
  Visit,
  ClaimIndicators,
  InstitutionalEncounter,
  ProfessionalEncounter,
  ServiceFacility,
  BillingProvider,
  ClaimFilingIndicator,
  CodedEncounter,
  Diagnosis,
  InstitutionalServiceLine,
  LineAdjudication,
  OtherPayer,
  Patient,
  Payer,
  PayerResponsibility,
  PersonName,
  ProfessionalServiceLine,
  Provider,
  ProviderIdentity,
  Relationship,
  Sex,
  Subscriber,
} from "../../domain/encounter.js";
import { RELATIONSHIP_CODES } from "../../domain/encounter.js";
import { assignLoops } from "../engine.js";
import type { PlacedSegment } from "../engine.js";
import type { TransactionSet } from "../interchange.js";
import type { Delimiters, Segment } from "../segment.js";
import { parseCents } from "../money.js";
import { loadSpec } from "../spec/registry.js";
import { requiredCents } from "./amounts.js";
import {
  components,
  element,
  expectSetId,
  isoFromCcyymmdd,
  optional,
  readDtp,
  readFailed,
  required,
  segmentMisplaced,
} from "./common.js";
import type { ReadNote } from "./common.js";
import type { Kind837 } from "./837-common.js";

export interface Read837Claim {
  /** 2300 REF*D9, the submission id the gateway wrote. */
  readonly submissionId?: string;
  readonly encounter: CodedEncounter;
  /** Position (ST = 1) of the claim's CLM and of its last segment. */
  readonly clmPosition: number;
  readonly lastPosition: number;
}

export interface Read837 {
  readonly kind: Kind837;
  /** ST02. */
  readonly controlNumber: string;
  readonly bhtReference?: string;
  readonly submitter?: { readonly name: string; readonly id?: string };
  readonly receiver?: { readonly name: string; readonly id?: string };
  readonly claims: readonly Read837Claim[];
  readonly notes: readonly ReadNote[];
}

/** One occurrence of a loop with its own segments and its child loops, in file order. */
interface LoopNode {
  readonly id: string;
  readonly segments: Segment[];
  readonly children: LoopNode[];
}

function loopTree(placed: readonly PlacedSegment[]): LoopNode {
  const root: LoopNode = { id: "", segments: [], children: [] };
  const byOccurrence = new Map<number, LoopNode>();
  for (const p of placed) {
    if (p.placement === "unplaced") continue;
    let node = root;
    p.loopIds.forEach((id, depth) => {
      const occurrence = p.occurrences[depth] ?? -1;
      let child = byOccurrence.get(occurrence);
      if (child === undefined) {
        child = { id, segments: [], children: [] };
        byOccurrence.set(occurrence, child);
        node.children.push(child);
      }
      node = child;
    });
    node.segments.push(p.segment);
  }
  return root;
}

function lastPosition(node: LoopNode): number {
  const own = node.segments.at(-1)?.position ?? 0;
  return Math.max(own, ...node.children.map(lastPosition));
}

function find(node: LoopNode | undefined, id: string, qualifier?: string): Segment | undefined {
  return node?.segments.find(
    (s) => s.id === id && (qualifier === undefined || s.elements[0] === qualifier),
  );
}

function child(node: LoopNode, id: string): LoopNode | undefined {
  return node.children.find((c) => c.id === id);
}

/** An element's text, "" when the segment or the element is absent. */
function text(segment: Segment | undefined, position: number): string {
  return segment === undefined ? "" : element(segment, position);
}

function refValue(node: LoopNode | undefined, qualifier: string): string | undefined {
  const ref = find(node, "REF", qualifier);
  return ref === undefined ? undefined : optional(ref, 2);
}

/** The first segment of a loop occurrence, to name it in an error. */
function head(node: LoopNode): Segment {
  return node.segments[0] ?? { id: node.id, elements: [], position: 0, offset: 0 };
}

/** Removes undefined values so read objects compare equal to the encounters they came from. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function personName(nm1: Segment): PersonName {
  return compact({
    lastName: required(nm1, 3),
    firstName: optional(nm1, 4),
    middleName: optional(nm1, 5),
    suffix: optional(nm1, 7),
  });
}

function identity(nm1: Segment): ProviderIdentity {
  if (element(nm1, 2) === "1") return { entity: "person", ...personName(nm1) };
  return { entity: "organization", organizationName: required(nm1, 3) };
}

function provider(node: LoopNode | undefined, prv?: Segment): Provider | undefined {
  const nm1 = find(node, "NM1");
  if (nm1 === undefined) return undefined;
  const taxonomy = prv === undefined ? undefined : optional(prv, 3);
  // NM109 is situational in the provider loops (a provider without an NPI): read as "".
  return compact({ ...identity(nm1), npi: optional(nm1, 9) ?? "", taxonomy });
}

function address(node: LoopNode | undefined): Address | undefined {
  const n3 = find(node, "N3");
  const n4 = find(node, "N4");
  if (n3 === undefined || n4 === undefined) return undefined;
  return compact({
    line1: required(n3, 1),
    line2: optional(n3, 2),
    city: required(n4, 1),
    state: element(n4, 2),
    postalCode: element(n4, 3),
  });
}

function date(
  segment: Segment,
  raw: string,
  position: number,
  notes: ReadNote[],
): string | undefined {
  const iso = isoFromCcyymmdd(raw);
  if (iso === undefined) {
    notes.push({
      segment: segment.id,
      position: segment.position,
      element: `${segment.id}${String(position).padStart(2, "0")}`,
      message: "is not a CCYYMMDD calendar date",
    });
  }
  return iso;
}

const RESPONSIBILITY: Readonly<Record<string, PayerResponsibility>> = {
  P: "primary",
  S: "secondary",
  T: "tertiary",
};

function responsibility(sbr: Segment): PayerResponsibility {
  const value = RESPONSIBILITY[required(sbr, 1)];
  if (value === undefined) throw readFailed(sbr, 1, "is not P, S or T");
  return value;
}

function relationshipOf(code: string | undefined): Relationship | undefined {
  const entry = Object.entries(RELATIONSHIP_CODES).find(([, c]) => c === code);
  return entry?.[0] as Relationship | undefined;
}

function billingProvider(level: LoopNode): BillingProvider {
  const name = child(level, "2010AA");
  const base = provider(name, find(level, "PRV", "BI"));
  const ref = name?.segments.find((s) => s.id === "REF" && ["EI", "SY"].includes(element(s, 1)));
  const addr = address(name);
  if (base === undefined || ref === undefined || addr === undefined) {
    throw segmentMisplaced(head(level), "has no complete 2010AA");
  }
  return {
    ...base,
    taxId: required(ref, 2),
    taxIdType: element(ref, 1) === "EI" ? "EIN" : "SSN",
    address: addr,
  };
}

interface SubscriberLevel {
  readonly subscriber: Subscriber;
  readonly payer: Payer;
  readonly self: boolean;
}

function demographics(node: LoopNode | undefined, notes: ReadNote[]) {
  const dmg = find(node, "DMG");
  if (dmg === undefined) return {};
  return compact({
    birthDate: date(dmg, required(dmg, 2), 2, notes),
    sex: optional(dmg, 3) as Sex | undefined,
  });
}

function subscriberLevel(level: LoopNode, notes: ReadNote[]): SubscriberLevel {
  const sbr = find(level, "SBR");
  const name = child(level, "2010BA");
  const nm1 = find(name, "NM1");
  const payerNode = child(level, "2010BB");
  const payerNm1 = find(payerNode, "NM1");
  if (sbr === undefined || nm1 === undefined || payerNm1 === undefined) {
    throw segmentMisplaced(head(level), "has no SBR, 2010BA or 2010BB");
  }
  const subscriber: Subscriber = compact({
    ...personName(nm1),
    ...demographics(name, notes),
    address: address(name),
    memberId: required(nm1, 9),
    groupNumber: optional(sbr, 3),
    groupName: optional(sbr, 4),
    payerResponsibility: responsibility(sbr),
  });
  const payer: Payer = compact({
    id: required(payerNm1, 9),
    name: required(payerNm1, 3),
    claimFilingIndicator: required(sbr, 9) as ClaimFilingIndicator,
    address: address(payerNode),
  });
  return { subscriber, payer, self: element(sbr, 2) === "18" };
}

function patientLevel(
  level: LoopNode,
  notes: ReadNote[],
): { patient: Patient; relationship: Relationship } {
  const pat = find(level, "PAT");
  const name = child(level, "2010CA");
  const nm1 = find(name, "NM1");
  if (pat === undefined || nm1 === undefined) {
    throw segmentMisplaced(head(level), "has no PAT or 2010CA");
  }
  const relationship = relationshipOf(optional(pat, 1));
  if (relationship === undefined) throw readFailed(pat, 1, "is not a relationship code");
  const patient = compact({
    ...personName(nm1),
    ...demographics(name, notes),
    address: address(name),
  }) as Patient;
  return { patient, relationship };
}

function casAdjustments(segments: readonly Segment[]): Adjustment[] {
  const out: Adjustment[] = [];
  for (const cas of segments.filter((s) => s.id === "CAS")) {
    const group = required(cas, 1) as Adjustment["group"];
    for (let p = 2; p + 1 <= 19 && optional(cas, p) !== undefined; p += 3) {
      const qty = optional(cas, p + 2);
      out.push(
        compact({
          group,
          reason: required(cas, p),
          amountCents: requiredCents(cas, p + 1),
          quantity: qty === undefined ? undefined : Number(qty),
        }),
      );
    }
  }
  return out;
}

function otherPayer(loop: LoopNode, notes: ReadNote[]): OtherPayer {
  const subscriberNm1 = find(child(loop, "2330A"), "NM1");
  const payerNode = child(loop, "2330B");
  const payerNm1 = find(payerNode, "NM1");
  // 2320 is entered by its SBR, so it is always there; a missing 2330A/2330B (the validator
  // reports it) leaves the other subscriber or payer empty rather than losing the claim.
  const sbr = find(loop, "SBR") ?? head(loop);
  const amt = find(loop, "AMT", "D");
  const adjudicated = find(payerNode, "DTP", "573");
  const adjustments = casAdjustments(loop.segments);
  const relationship = relationshipOf(optional(sbr, 2));
  if (relationship === undefined) throw readFailed(sbr, 2, "is not a relationship code");
  return compact({
    payer: { id: text(payerNm1, 9), name: text(payerNm1, 3) },
    payerResponsibility: responsibility(sbr),
    claimFilingIndicator: required(sbr, 9) as ClaimFilingIndicator,
    subscriber: compact({
      ...(subscriberNm1 === undefined ? { lastName: "" } : personName(subscriberNm1)),
      memberId: text(subscriberNm1, 9),
      groupNumber: optional(sbr, 3),
    }),
    relationship,
    paidCents: amt === undefined ? 0 : requiredCents(amt, 2),
    adjudicationDate: adjudicated === undefined ? undefined : readDtp(adjudicated, notes)?.from,
    payerClaimNumber: refValue(payerNode, "F8"),
    adjustments: adjustments.length === 0 ? undefined : adjustments,
  });
}

function lineAdjudication(
  loop: LoopNode,
  delimiters: Delimiters,
  notes: ReadNote[],
): LineAdjudication {
  const svd = find(loop, "SVD") ?? head(loop);
  const dtp = find(loop, "DTP", "573");
  const adjustments = casAdjustments(loop.segments);
  return compact({
    payerId: required(svd, 1),
    paidCents: requiredCents(svd, 2),
    procedureCode: components(element(svd, 3), delimiters)[1] ?? "",
    paidUnits: Number(required(svd, 5)),
    adjudicationDate: (dtp === undefined ? undefined : readDtp(dtp, notes)?.from) ?? "",
    adjustments: adjustments.length === 0 ? undefined : adjustments,
  });
}

interface Context {
  readonly provider: BillingProvider;
  readonly level: SubscriberLevel;
  readonly patient?: { readonly patient: Patient; readonly relationship: Relationship };
}

function facility(node: LoopNode | undefined): ServiceFacility | undefined {
  const nm1 = find(node, "NM1");
  const addr = address(node);
  if (nm1 === undefined || addr === undefined) return undefined;
  return compact({ name: required(nm1, 3), npi: optional(nm1, 9), address: addr });
}

function indicators(clm: Segment, kind: Kind837): ClaimIndicators {
  return {
    // CLM06 is not used in the 837I: the signature is taken as on file.
    providerSignatureOnFile: kind === "837i" || element(clm, 6) === "Y",
    assignment: element(clm, 7) as ClaimIndicators["assignment"],
    benefitsAssigned: element(clm, 8) === "Y",
    releaseOfInformation: element(clm, 9) as ClaimIndicators["releaseOfInformation"],
  };
}

/** The fields both claim kinds share. */
function claimBase(claim: LoopNode, clm: Segment, ctx: Context, kind: Kind837, notes: ReadNote[]) {
  const others = claim.children.filter((c) => c.id === "2320").map((l) => otherPayer(l, notes));
  const facilityLoop = child(claim, kind === "837p" ? "2310C" : "2310E");
  return compact({
    patientControlNumber: required(clm, 1),
    originalPayerClaimNumber: refValue(claim, "F8"),
    payer: ctx.level.payer,
    subscriber: ctx.level.subscriber,
    relationship: ctx.patient?.relationship ?? "self",
    patient: ctx.patient?.patient,
    billingProvider: ctx.provider,
    serviceFacility: facility(facilityLoop),
    priorAuthorizationNumber: refValue(claim, "G1"),
    referralNumber: refValue(claim, "9F"),
    claimIndicators: indicators(clm, kind),
    otherPayers: others.length === 0 ? undefined : others,
    totalChargeCents: requiredCents(clm, 2),
  });
}

/** Each HI composite as its components. */
function hiCodes(claim: LoopNode, delimiters: Delimiters): string[][] {
  return claim.segments
    .filter((s) => s.id === "HI")
    .flatMap((s) => s.elements.filter((e) => e !== "").map((e) => components(e, delimiters)));
}

function adjudications(line: LoopNode, delimiters: Delimiters, notes: ReadNote[]) {
  const list = line.children
    .filter((c) => c.id === "2430")
    .map((l) => lineAdjudication(l, delimiters, notes));
  return list.length === 0 ? undefined : list;
}

function lineDates(line: LoopNode, notes: ReadNote[]) {
  const dtp = find(line, "DTP", "472");
  const period = dtp === undefined ? undefined : readDtp(dtp, notes);
  return { serviceDate: period?.from, serviceDateEnd: period?.to };
}

function procedure(composite: string, delimiters: Delimiters) {
  const [, code, ...modifiers] = components(composite, delimiters);
  const used = modifiers.filter((m) => m !== "");
  return { procedureCode: code, modifiers: used.length === 0 ? undefined : used };
}

function professionalLine(line: LoopNode, delimiters: Delimiters, notes: ReadNote[]) {
  const sv1 = find(line, "SV1") ?? head(line);
  const rendering = child(line, "2420A");
  const pointers = components(element(sv1, 7), delimiters).filter((p) => p !== "");
  const dates = lineDates(line, notes);
  return compact({
    ...procedure(required(sv1, 1), delimiters),
    units: Number(required(sv1, 4)),
    chargeCents: requiredCents(sv1, 2),
    diagnosisPointers: pointers.map(Number),
    serviceDate: dates.serviceDate ?? "",
    serviceDateEnd: dates.serviceDateEnd,
    placeOfService: optional(sv1, 5),
    renderingProvider: provider(rendering, find(rendering, "PRV", "PE")),
    lineControlNumber: refValue(line, "6R"),
    otherPayerAdjudications: adjudications(line, delimiters, notes),
  }) as ProfessionalServiceLine;
}

function professional(
  claim: LoopNode,
  clm: Segment,
  ctx: Context,
  delimiters: Delimiters,
  notes: ReadNote[],
): ProfessionalEncounter {
  const [placeOfService = "", , frequencyCode = ""] = components(element(clm, 5), delimiters);
  const diagnoses = hiCodes(claim, delimiters)
    .filter(([q]) => ["ABK", "ABF", "BK", "BF"].includes(q ?? ""))
    .map(([, code = ""]) => ({ code }));
  const rendering = child(claim, "2310B");
  return compact({
    kind: "professional" as const,
    frequencyCode,
    ...claimBase(claim, clm, ctx, "837p", notes),
    placeOfService,
    diagnoses,
    renderingProvider: provider(rendering, find(rendering, "PRV", "PE")),
    referringProvider: provider(child(claim, "2310A")),
    serviceLines: claim.children
      .filter((c) => c.id === "2400")
      .map((l) => professionalLine(l, delimiters, notes)),
  });
}

function withPoa(code: string, poa: string | undefined): Diagnosis {
  return poa === undefined || poa === "" ? { code } : { code, presentOnAdmission: poa };
}

function institutionalCodes(claim: LoopNode, delimiters: Delimiters, notes: ReadNote[]) {
  const hi = claim.segments.find((s) => s.id === "HI") ?? head(claim);
  const codes = hiCodes(claim, delimiters);
  const of = (...qualifiers: string[]) => codes.filter(([q]) => qualifiers.includes(q ?? ""));
  const [principal] = of("ABK", "BK");
  const [admitting] = of("ABJ", "BJ");
  const reasons = of("APR", "PR").map((c) => ({ code: c[1] ?? "" }));
  const other = of("ABF", "BF").map((c) => withPoa(c[1] ?? "", c[8]));
  const occurrence = of("BH").map((c) => ({
    code: c[1] ?? "",
    date: date(hi, c[3] ?? "", 1, notes) ?? "",
  }));
  const value = of("BE").map((c) => ({ code: c[1] ?? "", amountCents: parseCents(c[4] ?? "") }));
  const condition = of("BG").map((c) => c[1] ?? "");
  return compact({
    principalDiagnosis:
      principal === undefined ? undefined : withPoa(principal[1] ?? "", principal[8]),
    admittingDiagnosis: admitting === undefined ? undefined : { code: admitting[1] ?? "" },
    reasonForVisit: reasons.length === 0 ? undefined : reasons,
    otherDiagnoses: other.length === 0 ? undefined : other,
    conditionCodes: condition.length === 0 ? undefined : condition,
    occurrenceCodes: occurrence.length === 0 ? undefined : occurrence,
    valueCodes: value.length === 0 ? undefined : value,
  });
}

function admission(claim: LoopNode, notes: ReadNote[]): Admission | undefined {
  const dtp = find(claim, "DTP", "435");
  if (dtp === undefined) return undefined;
  const cl1 = find(claim, "CL1");
  const raw = required(dtp, 3);
  const time = element(dtp, 2) === "DT" ? raw.slice(8, 12) : undefined;
  return compact({
    date: date(dtp, raw.slice(0, 8), 3, notes) ?? "",
    time,
    typeCode: cl1 === undefined ? undefined : optional(cl1, 1),
    sourceCode: cl1 === undefined ? undefined : optional(cl1, 2),
  });
}

/** CL101/CL102 of a bill without an admission date (DTP*435): the outpatient visit's. */
function visit(claim: LoopNode): Visit | undefined {
  const cl1 = find(claim, "CL1");
  if (cl1 === undefined || find(claim, "DTP", "435") !== undefined) return undefined;
  const codes = compact({ typeCode: optional(cl1, 1), sourceCode: optional(cl1, 2) });
  return Object.keys(codes).length === 0 ? undefined : codes;
}

function statement(claim: LoopNode, notes: ReadNote[]): { from: string; to: string } {
  const dtp = find(claim, "DTP", "434");
  const period = dtp === undefined ? undefined : readDtp(dtp, notes);
  return { from: period?.from ?? "", to: period?.to ?? period?.from ?? "" };
}

function institutionalLine(line: LoopNode, delimiters: Delimiters, notes: ReadNote[]) {
  const sv2 = find(line, "SV2") ?? head(line);
  const composite = optional(sv2, 2);
  const dates = lineDates(line, notes);
  return compact({
    revenueCode: required(sv2, 1),
    ...(composite === undefined ? {} : procedure(composite, delimiters)),
    units: Number(required(sv2, 5)),
    unitType: required(sv2, 4) as InstitutionalServiceLine["unitType"],
    chargeCents: requiredCents(sv2, 3),
    serviceDate: dates.serviceDate,
    serviceDateEnd: dates.serviceDateEnd,
    lineControlNumber: refValue(line, "6R"),
    otherPayerAdjudications: adjudications(line, delimiters, notes),
  }) as InstitutionalServiceLine;
}

function institutional(
  claim: LoopNode,
  clm: Segment,
  ctx: Context,
  delimiters: Delimiters,
  notes: ReadNote[],
): InstitutionalEncounter {
  const [facilityType = "", , frequencyCode = ""] = components(element(clm, 5), delimiters);
  const attending = child(claim, "2310A");
  const cl1 = find(claim, "CL1");
  const period = statement(claim, notes);
  return compact({
    kind: "institutional" as const,
    frequencyCode,
    ...claimBase(claim, clm, ctx, "837i", notes),
    typeOfBill: `0${facilityType}${frequencyCode}`,
    statementFrom: period.from,
    statementThrough: period.to,
    admission: admission(claim, notes),
    visit: visit(claim),
    patientStatusCode: cl1 === undefined ? "" : element(cl1, 3),
    ...institutionalCodes(claim, delimiters, notes),
    attendingProvider: provider(attending, find(attending, "PRV", "AT")) as Provider,
    operatingProvider: provider(child(claim, "2310B")),
    serviceLines: claim.children
      .filter((c) => c.id === "2400")
      .map((l) => institutionalLine(l, delimiters, notes)),
  });
}

function kindOf(set: TransactionSet): Kind837 {
  if (set.guide.includes("X222")) return "837p";
  if (set.guide.includes("X223")) return "837i";
  const st = set.segments[0] ?? { id: "ST", elements: [], position: 1, offset: 0 };
  throw readFailed(st, 3, "names neither an 837P (X222) nor an 837I (X223) guide");
}

function hlOf(level: LoopNode): { id: string; parent: string; segment: Segment } {
  const hl = find(level, "HL") ?? head(level);
  return { id: required(hl, 1), parent: element(hl, 2), segment: hl };
}

/** Reads the claims of an 837P or 837I transaction set back into the encounter shape. */
export function read837(set: TransactionSet, delimiters: Delimiters): Read837 {
  expectSetId(set.segments, "837", "837");
  const kind = kindOf(set);
  const assignment = assignLoops(loadSpec(set.guide, "837"), set.segments, delimiters);
  const root = loopTree(assignment.segments);
  const notes: ReadNote[] = [];
  // Levels by HL01; a level whose HL02 names no known parent (the validator reports it) is
  // read under the latest parent level instead.
  const providers = new Map<string, BillingProvider>();
  const subscribers = new Map<string, Context>();
  let lastProvider: BillingProvider | undefined;
  let lastSubscriber: Context | undefined;
  const claims: Read837Claim[] = [];
  const readClaims = (level: LoopNode, ctx: Context) => {
    for (const claim of level.children.filter((c) => c.id === "2300")) {
      const clm = find(claim, "CLM") ?? head(claim);
      const encounter =
        kind === "837p"
          ? professional(claim, clm, ctx, delimiters, notes)
          : institutional(claim, clm, ctx, delimiters, notes);
      claims.push(
        compact({
          submissionId: refValue(claim, "D9"),
          encounter,
          clmPosition: clm.position,
          lastPosition: lastPosition(claim),
        }),
      );
    }
  };
  for (const level of root.children) {
    if (!["2000A", "2000B", "2000C"].includes(level.id)) continue;
    const hl = hlOf(level);
    if (level.id === "2000A") {
      lastProvider = billingProvider(level);
      providers.set(hl.id, lastProvider);
      continue;
    }
    if (level.id === "2000B") {
      const provider = providers.get(hl.parent) ?? lastProvider;
      if (provider === undefined) throw segmentMisplaced(hl.segment, "has no 2000A parent (HL02)");
      const ctx = { provider, level: subscriberLevel(level, notes) };
      lastSubscriber = ctx;
      subscribers.set(hl.id, ctx);
      readClaims(level, ctx);
      continue;
    }
    const parent = subscribers.get(hl.parent) ?? lastSubscriber;
    if (parent === undefined) throw segmentMisplaced(hl.segment, "has no 2000B parent (HL02)");
    readClaims(level, { ...parent, patient: patientLevel(level, notes) });
  }
  const bht = find(root, "BHT");
  const party = (node: LoopNode | undefined) => {
    const nm1 = find(node, "NM1");
    return nm1 === undefined
      ? undefined
      : compact({ name: required(nm1, 3), id: optional(nm1, 9) });
  };
  return compact({
    kind,
    controlNumber: set.controlNumber,
    bhtReference: bht === undefined ? undefined : optional(bht, 3),
    submitter: party(child(root, "1000A")),
    receiver: party(child(root, "1000B")),
    claims,
    notes,
  });
}
