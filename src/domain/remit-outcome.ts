/**
 * The outcome of one 835 claim payment (CLP) and whose work every unpaid dollar is.
 *
 * Rules (ARCHITECTURE.md sections 2 and 5):
 * - CLP02 = 22: reversed (a reversal of an earlier payment; its amounts are negated).
 * - CLP02 = 4: denied, whatever the amounts.
 * - Otherwise (1/2/3 processed as primary/secondary/tertiary, 19/20/21 forwarded, and any other
 *   code): the adjustments decide, claim level and every line's. Paid when no adjustment is a
 *   denial (contractual, patient responsibility and prior-payer adjustments are not); partially
 *   paid when something was paid and denials remain; denied when nothing was paid and denials
 *   remain. An accepted claim paid $0 with only PR/contractual adjustments is PAID (a patient
 *   balance): the outcome never comes from the paid amount alone.
 */
import type { Adjustment, ClaimPayment, RemarkCode } from "../x12/transactions/835.js";
import type { AdjustmentCodeSet } from "./codesets/types.js";
import { classifyAdjustment, defaultRootCauseMap, groupDefaultCause } from "./root-cause.js";
import type { AdjustmentCause, Owner, RootCauseMap } from "./root-cause.js";

export type RemitOutcomeKind = "paid" | "partially_paid" | "denied" | "reversed";

/** One CAS triple with the level it was at, the RARCs that went with it, and its root cause. */
export interface ClassifiedAdjustment {
  readonly level: "claim" | "line";
  /** Position of the SVC segment, for a line-level adjustment. */
  readonly linePosition?: number;
  readonly group: string;
  /** The CARC. */
  readonly reason: string;
  readonly amountCents: number;
  readonly quantity?: number;
  /** RARCs considered: the line's LQ (HE) for a line, then the claim's MOA/MIA. */
  readonly remarks: readonly string[];
  readonly cause: AdjustmentCause;
  /** The CARC's published text, when the CARC list is loaded (codesets/carc.csv). */
  readonly carcDescription?: string;
  /** Each remark's published text, when the RARC list is loaded (codesets/rarc.csv). */
  readonly remarkDescriptions?: Readonly<Record<string, string>>;
}

export interface OutcomeOptions {
  /** Default: the project's schemas/root-cause mapping. */
  readonly map?: RootCauseMap;
  /** CARC and RARC lists for the published descriptions; left out, none are attached. */
  readonly codeSets?: { readonly carc?: AdjustmentCodeSet; readonly rarc?: AdjustmentCodeSet };
}

export interface OwnerShare {
  readonly owner: Owner;
  /** Every adjustment of this owner, denials or not. */
  readonly amountCents: number;
  /** The part that is a denial (work to do). */
  readonly deniedCents: number;
  /** Plain-language reasons, each once, in order of appearance. */
  readonly reasons: readonly string[];
}

export interface RemitOutcome {
  readonly outcome: RemitOutcomeKind;
  readonly deniedCents: number;
  /** Every group PR adjustment (deductible, coinsurance, copay, non-covered the patient owes). */
  readonly patientResponsibilityCents: number;
  /** Non-PR adjustments owned by `contractual` (CO-45, CO-253 …): expected, written off. */
  readonly contractualCents: number;
  /** Largest amount first. */
  readonly owners: readonly OwnerShare[];
  /** Whose work the denial is; absent when nothing is denied. */
  readonly primaryOwner?: Owner;
  /** Plain-language reason of the primary owner's largest adjustment. */
  readonly primaryReason?: string;
  readonly adjustments: readonly ClassifiedAdjustment[];
}

const DENIED = "4";
const REVERSAL = "22";

/** Shared by every adjustment without remark codes (never written to). */
const NO_REMARKS: readonly string[] = Object.freeze([]);

/** RARCs only: an LQ with qualifier RX carries an NCPDP reject code instead. */
function rarcs(remarks: readonly RemarkCode[]): readonly string[] {
  if (remarks.length === 0) return NO_REMARKS;
  const codes: string[] = [];
  for (const remark of remarks) if (remark.qualifier !== "RX") codes.push(remark.code);
  return codes;
}

function descriptions(
  reason: string,
  remarks: readonly string[],
  codeSets: NonNullable<OutcomeOptions["codeSets"]>,
): Pick<ClassifiedAdjustment, "carcDescription" | "remarkDescriptions"> {
  const carcDescription = codeSets.carc?.description(reason);
  const found: [string, string][] = [];
  for (const code of remarks) {
    const text = codeSets.rarc?.description(code);
    if (text) found.push([code, text]);
  }
  return {
    ...(carcDescription ? { carcDescription } : {}),
    ...(found.length > 0 ? { remarkDescriptions: Object.fromEntries(found) } : {}),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Built field by field, not with spreads of optional parts: this runs for every adjustment of
// every claim of an 835 (100k claims: about 0.3 s of spreads and their garbage).
function classify(
  adjustment: Adjustment,
  remarks: readonly string[],
  map: RootCauseMap,
  codeSets: OutcomeOptions["codeSets"],
  line: number | undefined,
): ClassifiedAdjustment {
  const item: Mutable<ClassifiedAdjustment> = {
    level: line === undefined ? "claim" : "line",
    group: adjustment.group,
    reason: adjustment.reason,
    amountCents: adjustment.amountCents,
    remarks,
    cause: classifyAdjustment(adjustment, remarks, map),
  };
  if (line !== undefined) item.linePosition = line;
  if (adjustment.quantity !== undefined) item.quantity = adjustment.quantity;
  return codeSets ? Object.assign(item, descriptions(adjustment.reason, remarks, codeSets)) : item;
}

/** Claim-level CAS first, then each line's, each with the remark codes that explain it. */
export function classifiedAdjustments(
  claim: ClaimPayment,
  options: OutcomeOptions = {},
): ClassifiedAdjustment[] {
  const map = options.map ?? defaultRootCauseMap();
  const codeSets = options.codeSets;
  const claimRemarks = rarcs(claim.remarks);
  const items: ClassifiedAdjustment[] = [];
  for (const adjustment of claim.adjustments)
    items.push(classify(adjustment, claimRemarks, map, codeSets, undefined));
  for (const line of claim.services) {
    if (line.adjustments.length === 0) continue;
    const lineRemarks = rarcs(line.remarks);
    const remarks =
      lineRemarks.length === 0
        ? claimRemarks
        : claimRemarks.length === 0
          ? lineRemarks
          : [...lineRemarks, ...claimRemarks];
    for (const adjustment of line.adjustments)
      items.push(classify(adjustment, remarks, map, codeSets, line.position));
  }
  return items;
}

interface Share {
  owner: Owner;
  amountCents: number;
  deniedCents: number;
  reasons: string[];
}

/** Largest amount first; a claim has a handful of owners at most, so a list, not a map. */
function ownerShares(adjustments: readonly ClassifiedAdjustment[]): OwnerShare[] {
  const shares: Share[] = [];
  for (const { cause, amountCents } of adjustments) {
    if (amountCents === 0) continue;
    let share = shares.find((s) => s.owner === cause.owner);
    if (!share) {
      share = { owner: cause.owner, amountCents: 0, deniedCents: 0, reasons: [] };
      shares.push(share);
    }
    share.amountCents += amountCents;
    if (cause.denial) share.deniedCents += amountCents;
    if (!share.reasons.includes(cause.reason)) share.reasons.push(cause.reason);
  }
  if (shares.length > 1) shares.sort((a, b) => b.amountCents - a.amountCents);
  return shares;
}

function outcomeOf(claim: ClaimPayment, deniedCents: number): RemitOutcomeKind {
  if (claim.statusCode === REVERSAL) return "reversed";
  if (claim.statusCode === DENIED) return "denied";
  if (deniedCents <= 0) return "paid";
  return claim.paidCents > 0 ? "partially_paid" : "denied";
}

const NOT_WORK: readonly Owner[] = ["contractual", "patient_responsibility"];

/**
 * The owner of a denial: the largest denied share; for a claim the payer denied (CLP02 = 4)
 * without a denial adjustment, the largest share that is work; failing that, the OA default
 * (a denial nobody explained is the billing office's to read). Its reason is the one of that
 * owner's largest adjustment.
 */
function primaryOf(
  outcome: RemitOutcomeKind,
  owners: readonly OwnerShare[],
  adjustments: readonly ClassifiedAdjustment[],
  map: RootCauseMap,
): { owner: Owner; reason: string } | undefined {
  if (outcome === "paid" || outcome === "reversed") return undefined;
  // The first of the largest denied shares, else the first share that is work (a stable pick).
  let denied: OwnerShare | undefined;
  for (const share of owners)
    if (share.deniedCents > 0 && (!denied || share.deniedCents > denied.deniedCents))
      denied = share;
  const owner =
    denied?.owner ??
    owners.find((share) => share.amountCents > 0 && !NOT_WORK.includes(share.owner))?.owner;
  if (!owner) return groupDefaultCause("OA", map);
  // Its largest adjustment, the first of equals.
  let largest: ClassifiedAdjustment | undefined;
  for (const item of adjustments)
    if (item.cause.owner === owner && (!largest || item.amountCents > largest.amountCents))
      largest = item;
  return { owner, reason: largest!.cause.reason };
}

export function remittanceOutcome(claim: ClaimPayment, options: OutcomeOptions = {}): RemitOutcome {
  const map = options.map ?? defaultRootCauseMap();
  const adjustments = classifiedAdjustments(claim, { ...options, map });
  let deniedCents = 0;
  let patientResponsibilityCents = 0;
  let contractualCents = 0;
  for (const item of adjustments) {
    if (item.cause.denial) deniedCents += item.amountCents;
    if (item.group === "PR") patientResponsibilityCents += item.amountCents;
    else if (item.cause.owner === "contractual") contractualCents += item.amountCents;
  }
  const outcome = outcomeOf(claim, deniedCents);
  const owners = ownerShares(adjustments);
  const primary = primaryOf(outcome, owners, adjustments, map);
  const result: Mutable<RemitOutcome> = {
    outcome,
    deniedCents,
    patientResponsibilityCents,
    contractualCents,
    owners,
    adjustments,
  };
  if (primary) {
    result.primaryOwner = primary.owner;
    result.primaryReason = primary.reason;
  }
  return result;
}
