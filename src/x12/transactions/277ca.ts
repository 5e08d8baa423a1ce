/**
 * 277CA health care claim acknowledgment (005010X214) → typed ClaimAcknowledgment.
 *
 * The HL hierarchy is walked with a small state machine: 20 information source (2000A/2100A/
 * 2200A), 21 information receiver (2000B…), 19 billing provider (2000C…), PT patient (2000D with
 * the claim status 2200D and its service lines 2220D). Each claim carries the source, receiver
 * and provider it was reported under.
 */
import type { TransactionSet } from "../interchange.js";
import type { Delimiters, Segment } from "../segment.js";
import { optionalCents, readAmt, requiredCents } from "./amounts.js";
import type { Amount } from "./amounts.js";
import {
  components,
  expectSetId,
  optional,
  optionalDate,
  optionalDecimal,
  readDtp,
  readFailed,
  readNm1,
  readRef,
  readTrn,
  required,
  segmentMisplaced,
} from "./common.js";
import type { DatePeriod, Party, ReadNote, Reference } from "./common.js";

/** How the gateway treats an STC category code. */
export type CategoryClass =
  | "accepted"
  | "rejected"
  | "pending"
  | "finalized"
  | "information_requested"
  | "unavailable"
  | "unknown";

/**
 * Claim status category codes (external code list 507) as the gateway reads them on a 277CA:
 * - A0 forwarded, A1 received, A2 accepted into adjudication, A5 split upon acceptance: accepted.
 * - A3 returned as unprocessable, A4 not found, A6 missing, A7 invalid, A8 relational field
 *   in error: rejected (ARCHITECTURE.md section 2).
 * - DR01 received, DR02 accepted, DR08 warning: accepted; DR03–DR07 (returned, not found,
 *   missing, invalid, relational): rejected — the data reporting (encounter) counterparts of A*.
 * - E0 error on submitted request data, E3 correction required (relational fields),
 *   E4 trading partner agreement requirement not met: rejected (the data must be corrected).
 *   E1 system status and E2 information holder not responding: unavailable (send again later;
 *   nothing is wrong with the claim).
 * - P0–P5 pending, F0–F4 finalized, R0–R16 requests for more information: the claim is in
 *   adjudication, so never a rejection.
 */
export function classifyCategory(category: string): CategoryClass {
  const code = category.toUpperCase();
  if (["A3", "A4", "A6", "A7", "A8", "E0", "E3", "E4"].includes(code)) return "rejected";
  if (/^DR0[3-7]$/.test(code)) return "rejected";
  if (["A0", "A1", "A2", "A5", "DR01", "DR02", "DR08"].includes(code)) return "accepted";
  if (code === "E1" || code === "E2") return "unavailable";
  if (/^P[0-5]$/.test(code)) return "pending";
  if (/^F[0-4]$/.test(code)) return "finalized";
  if (/^R(?:[0-9]|1[0-6])$/.test(code)) return "information_requested";
  return "unknown";
}

/** A3, A4, A6, A7, A8 (and their DR / E counterparts): the claim never entered adjudication. */
export function isRejection(category: string): boolean {
  return classifyCategory(category) === "rejected";
}

/** One status: an STC01 composite (or STC10 / STC11 additional one) with its segment's data. */
export interface ClaimStatusEntry {
  /** Category code, e.g. "A7". */
  readonly category: string;
  /** Claim status code (code list 508), e.g. "562". */
  readonly code: string;
  /** Entity identifier code the status is about, e.g. "85" billing provider. */
  readonly entity?: string;
  /** STC02 status information effective date. */
  readonly date?: string;
  /** STC03 action code: "WQ" accepted, "U" rejected (as some payers send). */
  readonly actionCode?: string;
  /** STC04 total charge amount. */
  readonly amountCents?: number;
  /** From STC10 or STC11 rather than STC01. */
  readonly additional: boolean;
  readonly position: number;
}

/** A level of the hierarchy above the claim: source (20), receiver (21) or provider (19). */
export interface HierarchyParty {
  readonly hlId: string;
  readonly party?: Party;
  /** TRN02 of the level's trace (2200A/B/C). */
  readonly trace?: string;
  readonly statuses: readonly ClaimStatusEntry[];
  /** DTP*050 received and DTP*009 process dates (2200A). */
  readonly dates: readonly DatePeriod[];
  /** QTY*90 accepted / QTY*AA rejected counts. */
  readonly quantities: readonly { readonly qualifier: string; readonly quantity: number }[];
  /** AMT*YU accepted / AMT*YY rejected amounts. */
  readonly amounts: readonly Amount[];
}

export interface ServiceLineStatus {
  readonly position: number;
  /** SVC01 raw components (qualifier, code, modifiers…). */
  readonly procedure: readonly string[];
  readonly chargeCents: number;
  readonly paidCents?: number;
  readonly revenueCode?: string;
  readonly units?: number;
  readonly statuses: readonly ClaimStatusEntry[];
  /** REF*FJ line item control number. */
  readonly lineControlNumber?: string;
  /** DTP*472 service date (start of a period). */
  readonly serviceDate?: string;
  /** End of an RD8 service period. */
  readonly serviceDateTo?: string;
}

export interface ClaimStatus {
  readonly hlId: string;
  /** Position of the TRN that opens the claim status (2200D). */
  readonly position: number;
  readonly patient?: Party;
  /** TRN02 of 2200D: the 837's CLM01. */
  readonly patientControlNumber: string;
  /** REF*1K: the payer's claim number (the 835's CLP07). */
  readonly payerClaimControlNumber?: string;
  /** REF*D9: the clearinghouse trace we sent in the 837's 2300 REF*D9. */
  readonly clearinghouseTrace?: string;
  /** REF*BLT institutional bill type. */
  readonly billType?: string;
  readonly references: readonly Reference[];
  readonly statuses: readonly ClaimStatusEntry[];
  /** STC04 of the first STC: total claim charge. */
  readonly chargeCents?: number;
  /** DTP*472 service date (start of a period). */
  readonly serviceDate?: string;
  /** End of an RD8 service period. */
  readonly serviceDateTo?: string;
  readonly serviceLines: readonly ServiceLineStatus[];
  /** Any status of the claim is a rejection category. */
  readonly rejected: boolean;
  readonly source?: HierarchyParty;
  readonly receiver?: HierarchyParty;
  readonly provider?: HierarchyParty;
}

export interface ClaimAcknowledgment {
  readonly controlNumber: string;
  readonly guide: string;
  /** BHT03 originator application transaction id. */
  readonly reference?: string;
  /** BHT04 creation date. */
  readonly createdDate?: string;
  readonly sources: readonly HierarchyParty[];
  readonly receivers: readonly HierarchyParty[];
  readonly providers: readonly HierarchyParty[];
  readonly claims: readonly ClaimStatus[];
  readonly notes: readonly ReadNote[];
}

function readStc(segment: Segment, delimiters: Delimiters, notes: ReadNote[]): ClaimStatusEntry[] {
  const date = optionalDate(segment, 2, notes);
  const actionCode = optional(segment, 3);
  const entries: ClaimStatusEntry[] = [];
  for (const p of [1, 10, 11]) {
    const raw = p === 1 ? required(segment, 1) : optional(segment, p);
    if (raw === undefined) continue;
    const [category = "", code = "", entity] = components(raw, delimiters);
    if (category === "") throw readFailed(segment, p, "is required", 1);
    if (code === "") throw readFailed(segment, p, "is required", 2);
    entries.push({
      category,
      code,
      entity: entity || undefined,
      date,
      actionCode,
      amountCents: p === 1 ? optionalCents(segment, 4) : undefined,
      additional: p !== 1,
      position: segment.position,
    });
  }
  return entries;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type LevelDraft = Mutable<HierarchyParty> & {
  statuses: ClaimStatusEntry[];
  dates: DatePeriod[];
  quantities: { qualifier: string; quantity: number }[];
  amounts: Amount[];
};
type LineDraft = Mutable<ServiceLineStatus> & { statuses: ClaimStatusEntry[] };
type ClaimDraft = Mutable<ClaimStatus> & {
  references: Reference[];
  statuses: ClaimStatusEntry[];
  serviceLines: LineDraft[];
};

function newLevel(hlId: string): LevelDraft {
  return { hlId, statuses: [], dates: [], quantities: [], amounts: [] };
}

function readSvc(segment: Segment, delimiters: Delimiters): LineDraft {
  return {
    position: segment.position,
    procedure: components(required(segment, 1), delimiters),
    chargeCents: requiredCents(segment, 2),
    paidCents: optionalCents(segment, 3),
    revenueCode: optional(segment, 4),
    units: optionalDecimal(segment, 7),
    statuses: [],
  };
}

function claimReference(claim: ClaimDraft, reference: Reference): void {
  claim.references.push(reference);
  if (reference.qualifier === "1K") claim.payerClaimControlNumber = reference.value;
  else if (reference.qualifier === "D9") claim.clearinghouseTrace = reference.value;
  else if (reference.qualifier === "BLT") claim.billType = reference.value;
}

/** The 277CA walk; `Walk` holds the state between segments. */
class Walk {
  readonly sources: LevelDraft[] = [];
  readonly receivers: LevelDraft[] = [];
  readonly providers: LevelDraft[] = [];
  readonly claims: ClaimDraft[] = [];
  readonly notes: ReadNote[] = [];
  level: LevelDraft | undefined;
  source: LevelDraft | undefined;
  receiver: LevelDraft | undefined;
  provider: LevelDraft | undefined;
  patientHl: string | undefined;
  patient: Party | undefined;
  claim: ClaimDraft | undefined;
  line: LineDraft | undefined;

  constructor(private readonly delimiters: Delimiters) {}

  hl(segment: Segment): void {
    const id = required(segment, 1);
    const code = required(segment, 3);
    this.claim = undefined;
    this.line = undefined;
    this.level = undefined;
    this.patientHl = undefined;
    if (code === "PT") {
      this.patientHl = id;
      this.patient = undefined;
      return;
    }
    const level = newLevel(id);
    if (code === "20") [this.source, this.receiver, this.provider] = [level, undefined, undefined];
    else if (code === "21") [this.receiver, this.provider] = [level, undefined];
    else if (code === "19") this.provider = level;
    else throw readFailed(segment, 3, "is not a 277CA hierarchical level code (20, 21, 19, PT)");
    const list = { "20": this.sources, "21": this.receivers, "19": this.providers }[code];
    list.push(level);
    this.level = level;
  }

  trn(segment: Segment): void {
    const trace = readTrn(segment);
    if (this.patientHl !== undefined) {
      this.line = undefined;
      this.claim = {
        hlId: this.patientHl,
        position: segment.position,
        patient: this.patient,
        patientControlNumber: trace.number,
        references: [],
        statuses: [],
        serviceLines: [],
        rejected: false,
        source: this.source,
        receiver: this.receiver,
        provider: this.provider,
      };
      this.claims.push(this.claim);
    } else if (this.level !== undefined) this.level.trace = trace.number;
    else throw segmentMisplaced(segment, "comes outside an HL level");
  }

  stc(segment: Segment): void {
    const entries = readStc(segment, this.delimiters, this.notes);
    if (this.line !== undefined) this.line.statuses.push(...entries);
    else if (this.claim !== undefined) {
      if (this.claim.statuses.length === 0) this.claim.chargeCents = entries[0]?.amountCents;
      this.claim.statuses.push(...entries);
    } else if (this.level !== undefined) this.level.statuses.push(...entries);
    else throw segmentMisplaced(segment, "comes outside a status loop");
  }

  nm1(segment: Segment): void {
    const party = readNm1(segment);
    if (this.patientHl !== undefined) this.patient = party;
    else if (this.level !== undefined) this.level.party = party;
  }

  dtp(segment: Segment): void {
    const date = readDtp(segment, this.notes);
    if (date === undefined) return;
    const holder = this.line ?? this.claim;
    if (holder === undefined) this.level?.dates.push(date);
    else if (date.qualifier === "472") {
      holder.serviceDate = date.from;
      holder.serviceDateTo = date.to;
    }
  }

  ref(segment: Segment): void {
    const reference = readRef(segment);
    if (this.line !== undefined) {
      if (reference.qualifier === "FJ") this.line.lineControlNumber = reference.value;
    } else if (this.claim !== undefined) claimReference(this.claim, reference);
  }

  qty(segment: Segment): void {
    const quantity = optionalDecimal(segment, 2);
    if (quantity === undefined) throw readFailed(segment, 2, "is required");
    this.level?.quantities.push({ qualifier: required(segment, 1), quantity });
  }

  svc(segment: Segment): void {
    if (this.claim === undefined) throw segmentMisplaced(segment, "comes outside a claim status");
    this.line = readSvc(segment, this.delimiters);
    this.claim.serviceLines.push(this.line);
  }

  amt(segment: Segment): void {
    this.level?.amounts.push(readAmt(segment));
  }
}

/** Reads a 277CA. Throws X12_READ_FAILED (ClaimgateError) on a malformed segment. */
export function read277ca(set: TransactionSet, delimiters: Delimiters): ClaimAcknowledgment {
  expectSetId(set.segments, "277", "277CA");
  const walk = new Walk(delimiters);
  let reference: string | undefined;
  let createdDate: string | undefined;
  for (const segment of set.segments) {
    switch (segment.id) {
      case "BHT":
        reference = optional(segment, 3);
        createdDate = optionalDate(segment, 4, walk.notes);
        break;
      case "HL":
        walk.hl(segment);
        break;
      case "NM1":
        walk.nm1(segment);
        break;
      case "TRN":
        walk.trn(segment);
        break;
      case "STC":
        walk.stc(segment);
        break;
      case "REF":
        walk.ref(segment);
        break;
      case "DTP":
        walk.dtp(segment);
        break;
      case "QTY":
        walk.qty(segment);
        break;
      case "AMT":
        walk.amt(segment);
        break;
      case "SVC":
        walk.svc(segment);
        break;
      default:
        break;
    }
  }
  const claims = walk.claims.map((claim) => ({
    ...claim,
    rejected: claim.statuses.some((status) => isRejection(status.category)),
  }));
  return {
    controlNumber: set.controlNumber,
    guide: set.guide,
    reference,
    createdDate,
    sources: walk.sources,
    receivers: walk.receivers,
    providers: walk.providers,
    claims,
    notes: walk.notes,
  };
}
