/**
 * 835 health care claim payment/advice (005010X221A1) → typed Remittance.
 *
 * A small explicit state machine walks the segments: header (BPR, TRN, REF, DTM), payer and
 * payee N1 loops, LX header numbers, CLP claim payments with their CAS, NM1, MIA/MOA, DTM,
 * REF, AMT, then SVC service lines with their own CAS, DTM, REF, AMT and LQ, and finally PLB.
 * Claim-level and line-level adjustments are kept apart; all money is integer cents.
 *
 * PLB sign convention (TR3 and WEDI guidance): a positive PLB amount reduces the payment (a
 * withholding or recoupment, e.g. WO overpayment recovery); a negative one increases it (e.g. L6
 * interest paid). Hence BPR02 = Σ CLP04 − Σ PLB amounts.
 */
import type { TransactionSet } from "../interchange.js";
import { keepShape } from "../scanned-segment.js";
import type { Delimiters, Segment } from "../segment.js";
import { optionalCents, readAmt, requiredCents } from "./amounts.js";
import type { Amount } from "./amounts.js";
import {
  components,
  element,
  expectSetId,
  optional,
  optionalDate,
  optionalDecimal,
  readDtm,
  readFailed,
  readNm1,
  readRef,
  readTrn,
  required,
  segmentMisplaced,
} from "./common.js";
import type { DatePeriod, Party, ReadNote, Reference, Trace } from "./common.js";

/** CAS group codes: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction. */
export type AdjustmentGroup = "CO" | "PR" | "OA" | "PI" | "CR";

/** One CAS triple: group, CARC reason, amount (cents) and optional quantity. */
export interface Adjustment {
  readonly group: AdjustmentGroup;
  readonly reason: string;
  readonly amountCents: number;
  readonly quantity?: number;
}

/** A remittance advice remark code (RARC) or other remark, with where it came from. */
export interface RemarkCode {
  readonly code: string;
  /** LQ (service line, qualifier HE or RX), MOA (outpatient) or MIA (inpatient). */
  readonly source: "LQ" | "MOA" | "MIA";
  /** LQ01 code list qualifier: "HE" RARC, "RX" NCPDP reject reason. */
  readonly qualifier?: string;
}

/** SVC01 / SVC06 composite: product/service id qualifier, code and modifiers. */
export interface Procedure {
  /** e.g. "HC" HCPCS/CPT, "NU" revenue code, "N4" NDC. */
  readonly qualifier: string;
  readonly code?: string;
  readonly modifiers: readonly string[];
  readonly description?: string;
}

export interface ServicePayment {
  /** Position of the SVC segment in the transaction set. */
  readonly position: number;
  readonly procedure: Procedure;
  /** SVC02 line charge. */
  readonly chargeCents: number;
  /** SVC03 line paid. */
  readonly paidCents: number;
  /** SVC04 NUBC revenue code. */
  readonly revenueCode?: string;
  /** SVC05 units paid. */
  readonly units?: number;
  /** SVC06 procedure as submitted, when the payer adjudicated a different one. */
  readonly submittedProcedure?: Procedure;
  /** SVC07 units as submitted. */
  readonly submittedUnits?: number;
  /** DTM*472 (or 150 start). */
  readonly serviceDate?: string;
  /** DTM*151 end of a service period. */
  readonly serviceDateTo?: string;
  readonly adjustments: readonly Adjustment[];
  readonly remarks: readonly RemarkCode[];
  /** AMT*B6 allowed amount. */
  readonly allowedCents?: number;
  readonly amounts: readonly Amount[];
  /** REF*6R line item control number from the 837. */
  readonly lineControlNumber?: string;
  readonly references: readonly Reference[];
}

export interface ClaimPayment {
  /** Position of the CLP segment in the transaction set. */
  readonly position: number;
  /** LX01 of the header number loop the claim belongs to, if any. */
  readonly headerNumber?: string;
  /** CLP01: the 837's CLM01. */
  readonly patientControlNumber: string;
  /** CLP02: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 22 reversal, … */
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  /** CLP05; 0 when absent. */
  readonly patientResponsibilityCents: number;
  /** CLP06 claim filing indicator. */
  readonly filingIndicator?: string;
  /** CLP07 payer claim control number (the 277CA's REF*1K). */
  readonly payerClaimControlNumber?: string;
  /** CLP08 facility type / place of service. */
  readonly facilityCode?: string;
  /** CLP09 claim frequency type code. */
  readonly frequencyCode?: string;
  /** CLP11 DRG code. */
  readonly drgCode?: string;
  /** CLP02 = 22: this claim payment reverses a prior one (amounts negated). */
  readonly isReversal: boolean;
  /** Claim-level CAS only; service lines keep theirs. */
  readonly adjustments: readonly Adjustment[];
  /** MOA / MIA remark codes. */
  readonly remarks: readonly RemarkCode[];
  readonly patient?: Party;
  readonly insured?: Party;
  readonly renderingProvider?: Party;
  /** Every NM1 of the claim (QC, IL, 74, 82, TT, PR, GB, …). */
  readonly parties: readonly Party[];
  /** DTM*232 statement from. */
  readonly statementFrom?: string;
  /** DTM*233 statement to. */
  readonly statementTo?: string;
  /** DTM*050 date the payer received the claim. */
  readonly receivedDate?: string;
  readonly dates: readonly DatePeriod[];
  readonly amounts: readonly Amount[];
  readonly references: readonly Reference[];
  readonly services: readonly ServicePayment[];
}

/** One PLB adjustment pair (PLB03/04, 05/06, … 13/14). */
export interface ProviderAdjustment {
  readonly position: number;
  /** PLB01 provider identifier as the payer knows it. */
  readonly providerId: string;
  /** PLB02 last day of the provider's fiscal period. */
  readonly fiscalPeriodDate?: string;
  /** PLB03-1 reason code, e.g. "WO" overpayment recovery, "L6" interest, "FB" forward balance. */
  readonly reasonCode: string;
  /** PLB03-2 reference, e.g. the payer claim control number recouped. */
  readonly reference?: string;
  /** Positive reduces the payment, negative increases it (see the file comment). */
  readonly amountCents: number;
}

/** N1 party of the header (payer PR, payee PE) with its REFs. */
export interface RemittanceParty {
  readonly entityCode: string;
  readonly name?: string;
  readonly idQualifier?: string;
  readonly id?: string;
  readonly references: readonly Reference[];
}

/** BPR: the money movement. */
export interface Payment {
  /** Position of the BPR segment. */
  readonly position: number;
  /** BPR01: C payment with remittance, I remittance information only, H notification only, … */
  readonly handlingCode: string;
  /** BPR02 total actual provider payment. */
  readonly totalCents: number;
  /** BPR03: C credit, D debit. */
  readonly creditDebit: string;
  /** BPR04: ACH, CHK, BOP, FWT, NON. */
  readonly method?: string;
  /** BPR05 payment format, e.g. CCP, CTX. */
  readonly format?: string;
  /** BPR16 check issue or EFT effective date. */
  readonly date?: string;
}

export interface Remittance {
  /** ST02. */
  readonly controlNumber: string;
  readonly guide: string;
  readonly payment: Payment;
  /** TRN: TRN02 is the check or EFT trace number (with the payer, the duplicate key). */
  readonly trace?: Trace;
  /** The payer's identifier: TRN03, else N1*PR N104, else REF*2U of the payer. */
  readonly payerId?: string;
  readonly payer?: RemittanceParty;
  readonly payee?: RemittanceParty;
  /** REF*EV receiver identifier. */
  readonly receiverId?: string;
  /** DTM*405 production date. */
  readonly productionDate?: string;
  readonly claims: readonly ClaimPayment[];
  readonly providerAdjustments: readonly ProviderAdjustment[];
  /** Elements left out because they could not be read (e.g. a date that is not a date). */
  readonly notes: readonly ReadNote[];
}

const GROUPS: ReadonlySet<string> = new Set(["CO", "PR", "OA", "PI", "CR"]);

/** Reads CAS01 and its up to six reason/amount/quantity triples. */
export function readCas(segment: Segment): Adjustment[] {
  return readCasInto(segment, []);
}

/** readCas, appending to `adjustments` (the claim's or line's list); returns it. */
function readCasInto(segment: Segment, adjustments: Adjustment[]): Adjustment[] {
  const group = required(segment, 1);
  if (!GROUPS.has(group)) throw readFailed(segment, 1, "is not a CAS group code");
  const count = adjustments.length;
  // Triples past the last element are all empty: stop there.
  const last = Math.min(17, segment.elements.length);
  for (let p = 2; p <= last; p += 3) {
    const reason = optional(segment, p);
    const amount = optional(segment, p + 1);
    if (reason === undefined) {
      if (amount !== undefined || optional(segment, p + 2) !== undefined) {
        throw readFailed(segment, p, "is required when the amount or quantity after it is sent");
      }
      continue;
    }
    if (amount === undefined) throw readFailed(segment, p + 1, "is required with a reason code");
    const quantity = optionalDecimal(segment, p + 2);
    const amountCents = requiredCents(segment, p + 1);
    adjustments.push(
      quantity === undefined
        ? { group: group as AdjustmentGroup, reason, amountCents }
        : { group: group as AdjustmentGroup, reason, amountCents, quantity },
    );
  }
  if (adjustments.length === count) throw readFailed(segment, 2, "is required (no CAS triple)");
  return adjustments;
}

function readProcedure(raw: string, delimiters: Delimiters): Procedure {
  const parts = components(raw, delimiters);
  const modifiers: string[] = [];
  // Components 3-6 are the modifiers; empty ones are left out.
  for (let i = 2; i < 6 && i < parts.length; i++) {
    const modifier = parts[i] as string;
    if (modifier !== "") modifiers.push(modifier);
  }
  return {
    qualifier: parts[0] ?? "",
    code: parts[1] || undefined,
    modifiers,
    description: parts[6] || undefined,
  };
}

function readPlb(
  segment: Segment,
  delimiters: Delimiters,
  notes: ReadNote[],
): ProviderAdjustment[] {
  const providerId = required(segment, 1);
  required(segment, 2);
  const fiscalPeriodDate = optionalDate(segment, 2, notes);
  const pairs: ProviderAdjustment[] = [];
  for (let p = 3; p <= 13; p += 2) {
    const identifier = optional(segment, p);
    if (identifier === undefined) {
      if (optional(segment, p + 1) !== undefined) {
        throw readFailed(segment, p, "is required with an adjustment amount");
      }
      continue;
    }
    const [reasonCode = "", reference] = components(identifier, delimiters);
    if (reasonCode === "") throw readFailed(segment, p, "is required", 1);
    pairs.push({
      position: segment.position,
      providerId,
      fiscalPeriodDate,
      reasonCode,
      reference: reference || undefined,
      amountCents: requiredCents(segment, p + 1),
    });
  }
  if (pairs.length === 0) throw readFailed(segment, 3, "is required");
  return pairs;
}

function readRemark(segment: Segment, positions: readonly number[], source: "MOA" | "MIA") {
  const remarks: RemarkCode[] = [];
  for (const p of positions) {
    const code = optional(segment, p);
    if (code !== undefined) remarks.push({ code, source });
  }
  return remarks;
}

/** MOA03–MOA07 and MIA05, MIA20–MIA23 carry claim payment remark codes. */
const MOA_REMARKS = [3, 4, 5, 6, 7];
const MIA_REMARKS = [5, 20, 21, 22, 23];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ServiceDraft = Mutable<ServicePayment> & {
  adjustments: Adjustment[];
  remarks: RemarkCode[];
  amounts: Amount[];
  references: Reference[];
};
type ClaimDraft = Mutable<ClaimPayment> & {
  adjustments: Adjustment[];
  remarks: RemarkCode[];
  parties: Party[];
  dates: DatePeriod[];
  amounts: Amount[];
  references: Reference[];
  services: ServiceDraft[];
};
type PartyDraft = Mutable<RemittanceParty> & { references: Reference[] };

function readClp(segment: Segment, headerNumber: string | undefined): ClaimDraft {
  const statusCode = required(segment, 2);
  return {
    position: segment.position,
    headerNumber,
    patientControlNumber: required(segment, 1),
    statusCode,
    chargeCents: requiredCents(segment, 3),
    paidCents: requiredCents(segment, 4),
    patientResponsibilityCents: optionalCents(segment, 5) ?? 0,
    filingIndicator: optional(segment, 6),
    payerClaimControlNumber: optional(segment, 7),
    facilityCode: optional(segment, 8),
    frequencyCode: optional(segment, 9),
    drgCode: optional(segment, 11),
    isReversal: statusCode === "22",
    adjustments: [],
    remarks: [],
    // Set by the NM1 and DTM that follow; present from the start so that every claim has one
    // shape (a property added later makes a shape per order of additions, and optimized code
    // is thrown away when one of them dies: see keepShape).
    patient: undefined,
    insured: undefined,
    renderingProvider: undefined,
    parties: [],
    statementFrom: undefined,
    statementTo: undefined,
    receivedDate: undefined,
    dates: [],
    amounts: [],
    references: [],
    services: [],
  };
}

function readSvc(segment: Segment, delimiters: Delimiters): ServiceDraft {
  const submitted = optional(segment, 6);
  return {
    position: segment.position,
    procedure: readProcedure(required(segment, 1), delimiters),
    chargeCents: requiredCents(segment, 2),
    paidCents: requiredCents(segment, 3),
    revenueCode: optional(segment, 4),
    units: optionalDecimal(segment, 5),
    submittedProcedure: submitted === undefined ? undefined : readProcedure(submitted, delimiters),
    submittedUnits: optionalDecimal(segment, 7),
    // Set by the DTM, AMT and REF that follow (one shape for every line, as in readClp).
    serviceDate: undefined,
    serviceDateTo: undefined,
    adjustments: [],
    remarks: [],
    allowedCents: undefined,
    amounts: [],
    lineControlNumber: undefined,
    references: [],
  };
}

function claimDate(claim: ClaimDraft, segment: Segment, notes: ReadNote[]): void {
  const date = readDtm(segment, notes);
  if (date === undefined) return;
  claim.dates.push(date);
  if (date.qualifier === "232") claim.statementFrom = date.from;
  else if (date.qualifier === "233") claim.statementTo = date.from;
  else if (date.qualifier === "050") claim.receivedDate = date.from;
}

function serviceDate(service: ServiceDraft, segment: Segment, notes: ReadNote[]): void {
  const date = readDtm(segment, notes);
  if (date === undefined) return;
  if (date.qualifier === "472" || date.qualifier === "150") service.serviceDate = date.from;
  else if (date.qualifier === "151") service.serviceDateTo = date.from;
}

function claimParty(claim: ClaimDraft, segment: Segment): void {
  const party = readNm1(segment);
  claim.parties.push(party);
  if (party.entityCode === "QC") claim.patient = party;
  else if (party.entityCode === "IL") claim.insured = party;
  else if (party.entityCode === "82") claim.renderingProvider = party;
}

type State = "header" | "party" | "claim" | "service" | "summary";

/** The 835 walk: where we are (state) and the loops open at this segment. */
class Walk {
  state: State = "header";
  payment: Payment | undefined;
  trace: Trace | undefined;
  receiverId: string | undefined;
  productionDate: string | undefined;
  payer: PartyDraft | undefined;
  payee: PartyDraft | undefined;
  party: PartyDraft | undefined;
  headerNumber: string | undefined;
  claim: ClaimDraft | undefined;
  service: ServiceDraft | undefined;
  readonly claims: ClaimDraft[] = [];
  readonly providerAdjustments: ProviderAdjustment[] = [];
  readonly notes: ReadNote[] = [];

  constructor(private readonly delimiters: Delimiters) {}

  /** The open service line, when the walk is inside one. */
  get line(): ServiceDraft | undefined {
    return this.state === "service" ? this.service : undefined;
  }

  needClaim(segment: Segment): ClaimDraft {
    if (this.claim === undefined || this.state === "summary") {
      throw segmentMisplaced(segment, "comes outside a CLP claim loop");
    }
    return this.claim;
  }

  bpr(segment: Segment): void {
    this.payment = {
      position: segment.position,
      handlingCode: required(segment, 1),
      totalCents: requiredCents(segment, 2),
      creditDebit: required(segment, 3),
      method: optional(segment, 4),
      format: optional(segment, 5),
      date: optionalDate(segment, 16, this.notes),
    };
  }

  n1(segment: Segment): void {
    const code = required(segment, 1);
    const party: PartyDraft = {
      entityCode: code,
      name: optional(segment, 2),
      idQualifier: optional(segment, 3),
      id: optional(segment, 4),
      references: [],
    };
    if (code === "PR") this.payer = party;
    else if (code === "PE") this.payee = party;
    this.party = party;
    this.state = "party";
  }

  clp(segment: Segment): void {
    this.service = undefined;
    this.claim = readClp(segment, this.headerNumber);
    this.claims.push(this.claim);
    this.state = "claim";
  }

  svc(segment: Segment): void {
    const claim = this.needClaim(segment);
    this.service = readSvc(segment, this.delimiters);
    claim.services.push(this.service);
    this.state = "service";
  }

  cas(segment: Segment): void {
    const line = this.line;
    const open = this.claim !== undefined && this.state !== "summary" ? this.claim : undefined;
    const target = line ?? open;
    if (target === undefined) {
      readCas(segment); // a malformed CAS fails as such before it fails as misplaced
      this.needClaim(segment);
      return;
    }
    readCasInto(segment, target.adjustments);
  }

  lq(segment: Segment): void {
    const line = this.line;
    if (line === undefined) throw segmentMisplaced(segment, "comes outside an SVC service loop");
    line.remarks.push({
      code: required(segment, 2),
      source: "LQ",
      qualifier: required(segment, 1),
    });
  }

  dtm(segment: Segment): void {
    const line = this.line;
    if (line !== undefined) serviceDate(line, segment, this.notes);
    else if (this.state === "claim" && this.claim !== undefined) {
      claimDate(this.claim, segment, this.notes);
    } else if (element(segment, 1) === "405") {
      this.productionDate = readDtm(segment, this.notes)?.from;
    }
  }

  ref(segment: Segment): void {
    const reference = readRef(segment);
    const line = this.line;
    if (line !== undefined) {
      line.references.push(reference);
      if (reference.qualifier === "6R") line.lineControlNumber = reference.value;
    } else if (this.state === "claim" && this.claim !== undefined) {
      this.claim.references.push(reference);
    } else if (this.state === "party" && this.party !== undefined) {
      this.party.references.push(reference);
    } else if (reference.qualifier === "EV") this.receiverId = reference.value;
  }

  amt(segment: Segment): void {
    const amount = readAmt(segment);
    const line = this.line;
    if (line !== undefined) {
      line.amounts.push(amount);
      if (amount.qualifier === "B6") line.allowedCents = amount.amountCents;
    } else if (this.state === "claim" && this.claim !== undefined) this.claim.amounts.push(amount);
  }

  plb(segment: Segment): void {
    this.providerAdjustments.push(...readPlb(segment, this.delimiters, this.notes));
    this.state = "summary";
  }
}

function dispatch(walk: Walk, segment: Segment): void {
  switch (segment.id) {
    case "BPR":
      return walk.bpr(segment);
    case "TRN":
      walk.trace = readTrn(segment);
      return;
    case "N1":
      return walk.n1(segment);
    case "LX":
      walk.headerNumber = required(segment, 1);
      walk.state = "header";
      return;
    case "CLP":
      return walk.clp(segment);
    case "SVC":
      return walk.svc(segment);
    case "CAS":
      return walk.cas(segment);
    case "NM1":
      if (walk.state === "claim") claimParty(walk.needClaim(segment), segment);
      return;
    case "MOA":
      walk.needClaim(segment).remarks.push(...readRemark(segment, MOA_REMARKS, "MOA"));
      return;
    case "MIA":
      walk.needClaim(segment).remarks.push(...readRemark(segment, MIA_REMARKS, "MIA"));
      return;
    case "LQ":
      return walk.lq(segment);
    case "DTM":
      return walk.dtm(segment);
    case "REF":
      return walk.ref(segment);
    case "AMT":
      return walk.amt(segment);
    case "PLB":
      return walk.plb(segment);
    default:
      return;
  }
}

keepShape(new Walk({ element: "*", repetition: "^", component: ":", segment: "~" })); // see keepShape

/** Walks an 835 and returns its Remittance. Throws X12_READ_FAILED on a malformed segment. */
export function read835(set: TransactionSet, delimiters: Delimiters): Remittance {
  const st = expectSetId(set.segments, "835", "835");
  const walk = new Walk(delimiters);
  for (const segment of set.segments) dispatch(walk, segment);
  const { payment, trace, payer } = walk;
  if (payment === undefined) {
    throw segmentMisplaced(st ?? missingSegment(), "opens an 835 without a BPR segment");
  }
  const payerId =
    trace?.originatorId ??
    payer?.id ??
    payer?.references.find((reference) => reference.qualifier === "2U")?.value;
  return {
    controlNumber: set.controlNumber,
    guide: set.guide,
    payment,
    trace,
    payerId,
    payer,
    payee: walk.payee,
    receiverId: walk.receiverId,
    productionDate: walk.productionDate,
    claims: walk.claims,
    providerAdjustments: walk.providerAdjustments,
    notes: walk.notes,
  };
}

function missingSegment(): Segment {
  return { id: "ST", elements: [], position: 1, offset: 0 };
}

/** Every adjustment of a claim: claim-level first, then each service line's. */
export function allAdjustments(claim: ClaimPayment): Adjustment[] {
  return [...claim.adjustments, ...claim.services.flatMap((service) => service.adjustments)];
}

/** One balancing check: expected vs computed, in cents. */
export interface BalanceCheck {
  readonly position: number;
  readonly expectedCents: number;
  readonly computedCents: number;
  readonly balanced: boolean;
}

export interface RemittanceBalance {
  /** All three levels balance. */
  readonly balanced: boolean;
  /** BPR02 (negated for a debit) vs Σ CLP04 − Σ PLB amounts. */
  readonly payment: BalanceCheck;
  /** Per claim: CLP04 vs CLP03 − Σ CAS (claim level and every line's). */
  readonly claims: readonly (BalanceCheck & { readonly patientControlNumber: string })[];
  /** Per line: SVC03 vs SVC02 − Σ line CAS. */
  readonly lines: readonly (BalanceCheck & { readonly claimPosition: number })[];
}

const sumCents = (adjustments: readonly Adjustment[]): number =>
  adjustments.reduce((total, adjustment) => total + adjustment.amountCents, 0);

function check(position: number, expectedCents: number, computedCents: number): BalanceCheck {
  return { position, expectedCents, computedCents, balanced: expectedCents === computedCents };
}

/**
 * The three balancing checks of ARCHITECTURE.md section 5, as data. A remittance that does not
 * balance is flagged for review, never silently posted.
 */
export function remittanceBalance(remit: Remittance): RemittanceBalance {
  const paid = remit.claims.reduce((total, claim) => total + claim.paidCents, 0);
  const plb = remit.providerAdjustments.reduce((total, adj) => total + adj.amountCents, 0);
  const signedTotal =
    remit.payment.creditDebit === "D" ? -remit.payment.totalCents : remit.payment.totalCents;
  const payment = check(remit.payment.position, signedTotal, paid - plb);
  const claims = remit.claims.map((claim) => ({
    ...check(claim.position, claim.paidCents, claim.chargeCents - sumCents(allAdjustments(claim))),
    patientControlNumber: claim.patientControlNumber,
  }));
  const lines = remit.claims.flatMap((claim) =>
    claim.services.map((line) => ({
      ...check(line.position, line.paidCents, line.chargeCents - sumCents(line.adjustments)),
      claimPosition: claim.position,
    })),
  );
  const balanced =
    payment.balanced && claims.every((c) => c.balanced) && lines.every((l) => l.balanced);
  return { balanced, payment, claims, lines };
}
