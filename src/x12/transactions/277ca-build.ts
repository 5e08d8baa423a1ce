/**
 * 277CA health care claim acknowledgment (005010X214) built from claim statuses: the body
 * between ST and SE, for `buildInterchange` (GS01 HN, ST03 005010X214).
 *
 * Hierarchy: one 2000A information source (the payer, HL 20), one 2000B information receiver
 * (the submitter, HL 21) with the counts and amounts of accepted and rejected claims, then one
 * 2000C per billing provider (HL 19, in order of first appearance) with a 2000D (HL PT) per
 * claim: TRN*2 echoing CLM01, STC category:status[:entity], REF*1K payer claim control number
 * (accepted claims), REF*D9 the clearinghouse trace (our submission id from the 837's 2300
 * REF*D9) and DTP*472 the service dates.
 */
import type { SegmentInput } from "../segment.js";
import { isRejection } from "./277ca.js";
import { amount, buildInvalid, d8, datePeriod, nm1, seg } from "./837-common.js";

export const CLAIM_ACK_GUIDE = "005010X214";

export interface ClaimAckParty {
  /** NM109: the payer id (2100A, qualifier PI) or the submitter's ETIN (2100B, qualifier 46). */
  readonly id: string;
  readonly name: string;
}

export interface ClaimStatusCode {
  /** STC01-1 category, e.g. "A1" acknowledged, "A7" rejected as invalid. */
  readonly category: string;
  /** STC01-2 claim status code (code list 508), e.g. "20", "164". */
  readonly code: string;
  /** STC01-3 entity the status is about, e.g. "IL" subscriber. */
  readonly entity?: string;
}

export interface ClaimAckInput {
  /** CLM01, echoed in the 2200D TRN02. */
  readonly patientControlNumber: string;
  /** Our submission id from the 837's 2300 REF*D9, echoed in REF*D9. */
  readonly submissionId?: string;
  /** The payer's claim control number (REF*1K); sent for accepted claims only. */
  readonly payerClaimNumber?: string;
  /** STC04: the claim's total charge. */
  readonly chargeCents: number;
  /** ISO dates of service (DTP*472 D8, or RD8 with an end). */
  readonly serviceDateFrom: string;
  readonly serviceDateTo?: string;
  readonly billingProvider: { readonly npi: string; readonly name: string };
  readonly subscriber: {
    readonly memberId: string;
    readonly lastName: string;
    readonly firstName?: string;
  };
  readonly status: ClaimStatusCode;
}

export interface Build277caInput {
  /** The information source: the payer sending the acknowledgment. */
  readonly sender: ClaimAckParty;
  /** The information receiver: the submitter of the claims. */
  readonly receiver: ClaimAckParty;
  /** BHT03 and the 2200A TRN02: this acknowledgment's reference. */
  readonly controlNumber: string;
  /** 2200B TRN02: the receiver's trace of what is acknowledged (e.g. the 837's BHT03). */
  readonly receiverTrace?: string;
  /** ISO date of creation (BHT04, DTP*050 received, DTP*009 processed, STC02). */
  readonly date: string;
  /** HHMM or HHMMSS (BHT05). */
  readonly time: string;
  readonly claims: readonly ClaimAckInput[];
}

/** Numbers HL01 in order and remembers the ids of the parents. */
class Hierarchy {
  private next = 1;

  hl(parent: string, level: string, hasChildren?: boolean): { id: string; segment: SegmentInput } {
    const id = String(this.next++);
    const child = hasChildren === undefined ? "" : hasChildren ? "1" : "0";
    return { id, segment: seg("HL", id, parent, level, child) };
  }
}

/** NM102..NM107: entity type, last or organization name, first name. */
function names(type: "1" | "2", name: string, firstName = ""): string[] {
  return [type, name, firstName, "", "", ""];
}

function stcComposite(status: ClaimStatusCode): string[] {
  if (status.category === "" || status.code === "") {
    throw buildInvalid("claim status category and code are required (STC01)");
  }
  return [status.category, status.code, status.entity ?? ""];
}

/** The 2000B summary: STC, then QTY/AMT for accepted (90, YU) and rejected (AA, YY) claims. */
function receiverSummary(input: Build277caInput, date: string): SegmentInput[] {
  const rejected = input.claims.filter((c) => isRejection(c.status.category));
  const accepted = input.claims.filter((c) => !isRejection(c.status.category));
  const total = (claims: readonly ClaimAckInput[]): number =>
    claims.reduce((sum, c) => sum + c.chargeCents, 0);
  const out = [seg("STC", ["A1", "19", "PR"], date, "WQ", amount(total(input.claims)))];
  if (accepted.length > 0) out.push(seg("QTY", "90", String(accepted.length)));
  if (rejected.length > 0) out.push(seg("QTY", "AA", String(rejected.length)));
  if (accepted.length > 0) out.push(seg("AMT", "YU", amount(total(accepted))));
  if (rejected.length > 0) out.push(seg("AMT", "YY", amount(total(rejected))));
  return out;
}

/** 2000D with its 2100D and 2200D for one claim. */
function claimLoop(claim: ClaimAckInput, hl: SegmentInput, date: string): SegmentInput[] {
  const rejected = isRejection(claim.status.category);
  const { subscriber } = claim;
  const out = [
    hl,
    nm1("QC", names("1", subscriber.lastName, subscriber.firstName), "MI", subscriber.memberId),
    seg("TRN", "2", claim.patientControlNumber),
    seg("STC", stcComposite(claim.status), date, rejected ? "U" : "WQ", amount(claim.chargeCents)),
  ];
  if (!rejected && claim.payerClaimNumber !== undefined) {
    out.push(seg("REF", "1K", claim.payerClaimNumber));
  }
  if (claim.submissionId !== undefined) out.push(seg("REF", "D9", claim.submissionId));
  const period = datePeriod(claim.serviceDateFrom, claim.serviceDateTo, "serviceDate");
  out.push(seg("DTP", "472", ...period));
  return out;
}

/** Claims grouped by billing provider NPI, in order of first appearance. */
function byProvider(claims: readonly ClaimAckInput[]): ClaimAckInput[][] {
  const groups = new Map<string, ClaimAckInput[]>();
  for (const claim of claims) {
    const key = `${claim.billingProvider.npi}\u0000${claim.billingProvider.name}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [claim]);
    else group.push(claim);
  }
  return [...groups.values()];
}

/** The 277CA body (BHT through the last claim) for `buildInterchange`. */
export function build277ca(input: Build277caInput): SegmentInput[] {
  if (input.claims.length === 0) throw buildInvalid("a 277CA needs at least one claim");
  const date = d8(input.date, "date");
  const levels = new Hierarchy();
  const source = levels.hl("", "20", true);
  const receiver = levels.hl(source.id, "21", true);
  const out: SegmentInput[] = [
    seg("BHT", "0085", "08", input.controlNumber, date, input.time, "TH"),
    source.segment,
    nm1("PR", names("2", input.sender.name), "PI", input.sender.id),
    seg("TRN", "1", input.controlNumber),
    seg("DTP", "050", "D8", date),
    seg("DTP", "009", "D8", date),
    receiver.segment,
    nm1("41", names("2", input.receiver.name), "46", input.receiver.id),
    seg("TRN", "2", input.receiverTrace ?? input.controlNumber),
    ...receiverSummary(input, date),
  ];
  for (const claims of byProvider(input.claims)) {
    const provider = (claims[0] as ClaimAckInput).billingProvider;
    const level = levels.hl(receiver.id, "19", true);
    out.push(level.segment, nm1("85", names("2", provider.name), "XX", provider.npi));
    for (const claim of claims) {
      out.push(...claimLoop(claim, levels.hl(level.id, "PT").segment, date));
    }
  }
  return out;
}
