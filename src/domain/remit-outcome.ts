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

/** RARCs only: an LQ with qualifier RX carries an NCPDP reject code instead. */
const rarcs = (remarks: readonly RemarkCode[]): string[] =>
  remarks.filter((remark) => remark.qualifier !== "RX").map((remark) => remark.code);

const NO_DESCRIPTIONS = {};

function descriptions(
  reason: string,
  remarks: readonly string[],
  codeSets: OutcomeOptions["codeSets"],
): Pick<ClassifiedAdjustment, "carcDescription" | "remarkDescriptions"> {
  if (!codeSets) return NO_DESCRIPTIONS;
  const carcDescription = codeSets?.carc?.description(reason);
  const found = remarks.flatMap((code) => {
    const text = codeSets?.rarc?.description(code);
    return text ? [[code, text] as const] : [];
  });
  return {
    ...(carcDescription ? { carcDescription } : {}),
    ...(found.length > 0 ? { remarkDescriptions: Object.fromEntries(found) } : {}),
  };
}

function classify(
  adjustment: Adjustment,
  remarks: readonly string[],
  options: Required<Pick<OutcomeOptions, "map">> & OutcomeOptions,
  line?: number,
): ClassifiedAdjustment {
  return {
    level: line === undefined ? "claim" : "line",
    ...(line === undefined ? {} : { linePosition: line }),
    group: adjustment.group,
    reason: adjustment.reason,
    amountCents: adjustment.amountCents,
    ...(adjustment.quantity === undefined ? {} : { quantity: adjustment.quantity }),
    remarks,
    cause: classifyAdjustment(adjustment, remarks, options.map),
    ...descriptions(adjustment.reason, remarks, options.codeSets),
  };
}

/** Claim-level CAS first, then each line's, each with the remark codes that explain it. */
export function classifiedAdjustments(
  claim: ClaimPayment,
  options: OutcomeOptions = {},
): ClassifiedAdjustment[] {
  const resolved = { ...options, map: options.map ?? defaultRootCauseMap() };
  const claimRemarks = rarcs(claim.remarks);
  return [
    ...claim.adjustments.map((adjustment) => classify(adjustment, claimRemarks, resolved)),
    ...claim.services.flatMap((line) => {
      const remarks = [...rarcs(line.remarks), ...claimRemarks];
      return line.adjustments.map((adjustment) =>
        classify(adjustment, remarks, resolved, line.position),
      );
    }),
  ];
}

const sum = (items: readonly ClassifiedAdjustment[]): number =>
  items.reduce((total, item) => total + item.amountCents, 0);

function ownerShares(adjustments: readonly ClassifiedAdjustment[]): OwnerShare[] {
  const shares = new Map<Owner, { amountCents: number; deniedCents: number; reasons: string[] }>();
  for (const { cause, amountCents } of adjustments) {
    if (amountCents === 0) continue;
    const share = shares.get(cause.owner) ?? { amountCents: 0, deniedCents: 0, reasons: [] };
    share.amountCents += amountCents;
    if (cause.denial) share.deniedCents += amountCents;
    if (!share.reasons.includes(cause.reason)) share.reasons.push(cause.reason);
    shares.set(cause.owner, share);
  }
  return [...shares]
    .map(([owner, share]) => ({ owner, ...share }))
    .sort((a, b) => b.amountCents - a.amountCents);
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
  const denied = owners
    .filter((share) => share.deniedCents > 0)
    .sort((a, b) => b.deniedCents - a.deniedCents)[0];
  const owner =
    denied?.owner ??
    owners.find((share) => share.amountCents > 0 && !NOT_WORK.includes(share.owner))?.owner;
  if (!owner) return groupDefaultCause("OA", map);
  const largest = adjustments
    .filter((item) => item.cause.owner === owner)
    .sort((a, b) => b.amountCents - a.amountCents)[0]!;
  return { owner, reason: largest.cause.reason };
}

export function remittanceOutcome(claim: ClaimPayment, options: OutcomeOptions = {}): RemitOutcome {
  const map = options.map ?? defaultRootCauseMap();
  const adjustments = classifiedAdjustments(claim, { ...options, map });
  const deniedCents = sum(adjustments.filter((item) => item.cause.denial));
  const outcome = outcomeOf(claim, deniedCents);
  const owners = ownerShares(adjustments);
  const primary = primaryOf(outcome, owners, adjustments, map);
  return {
    outcome,
    deniedCents,
    patientResponsibilityCents: sum(adjustments.filter((item) => item.group === "PR")),
    contractualCents: sum(
      adjustments.filter((item) => item.cause.owner === "contractual" && item.group !== "PR"),
    ),
    owners,
    ...(primary ? { primaryOwner: primary.owner, primaryReason: primary.reason } : {}),
    adjustments,
  };
}
