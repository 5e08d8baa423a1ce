/**
 * The claim lifecycle (ARCHITECTURE.md section 3) as one pure function.
 *
 *   received -> held <-> ready -> batched -> transmitted -> accepted -> paid | partially_paid | denied
 *                                              \-> rejected --(corrected)--> received
 *   accepted/paid/partially_paid/denied --835 reversal--> reopened -> paid | partially_paid | denied
 *   paid/partially_paid/denied/reopened --replacement (7) or void (8)--> received (a new submission)
 *
 * A corrected, replaced or voided claim goes back to `received`, not straight to `ready`: its
 * encounter has changed, so it is scrubbed again before it can be batched.
 *
 * A claim waiting past its due time is `stalled`; the awaited event takes it on as it would
 * have from the state it was waiting in. Some events record evidence without moving the claim
 * (a 999 that accepts its transaction set): those return the same state. An event the table
 * does not allow is an error, never silently ignored.
 */
import { ClaimgateError } from "../errors.js";

export const CLAIM_STATES = [
  "received",
  "held",
  "ready",
  "batched",
  "transmitted",
  "accepted",
  "rejected",
  "paid",
  "partially_paid",
  "denied",
  "reopened",
  "stalled",
] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const CLAIM_EVENTS = [
  /** Scrub found nothing that holds the claim. */
  "scrub_passed",
  /** Scrub found an error-severity edit: the claim waits on its owner's worklist. */
  "scrub_held",
  /** The batch worker put the claim in an interchange (control numbers allocated). */
  "batched",
  /** The interchange holding the claim reached the partner. */
  "transmitted",
  /** TA1 or 999 accepted the interchange / transaction set holding the claim. */
  "ack_accepted",
  /** TA1 or 999 rejected the interchange / transaction set holding the claim. */
  "ack_rejected",
  /** 277CA: accepted for adjudication (A1/A2). */
  "claim_accepted",
  /** 277CA: rejected (A3, A4, A6, A7, A8, ...). */
  "claim_rejected",
  /** 835: paid in full (patient responsibility and contractual adjustments aside). */
  "remit_paid",
  /** 835: paid in part, the rest denied. */
  "remit_partially_paid",
  /** 835: adjudicated and not paid. */
  "remit_denied",
  /** 835: CLP02 = 22 reversal of an earlier payment. */
  "remit_reversed",
  /** A rejected or held claim corrected and sent again as a new original (frequency 1). */
  "corrected",
  /** An adjudicated claim replaced (frequency 7). */
  "replaced",
  /** An adjudicated claim voided (frequency 8). */
  "voided",
  /** The follow-up clock ran out before the next expected event. */
  "overdue",
] as const;
export type ClaimEvent = (typeof CLAIM_EVENTS)[number];

/** Allowed states, the target, and where particular states go instead of the target. */
type Rule = readonly [
  from: readonly ClaimState[],
  to: ClaimState | "unchanged",
  instead?: Readonly<Partial<Record<ClaimState, ClaimState>>>,
];

const ADJUDICATED: readonly ClaimState[] = ["paid", "partially_paid", "denied"];
/** States in which a claim is out with the payer and an answer is due. */
const AWAITING: readonly ClaimState[] = ["batched", "transmitted", "accepted", "reopened"];
/** States in which an 835 may adjudicate the claim (a payer may skip the 277CA). */
const ADJUDICABLE: readonly ClaimState[] = ["transmitted", "accepted", "reopened", "stalled"];

const RULES: Readonly<Record<ClaimEvent, Rule>> = {
  scrub_passed: [["received", "held", "ready"], "ready"],
  scrub_held: [["received", "held", "ready"], "held"],
  batched: [["ready"], "batched"],
  transmitted: [["batched", "stalled"], "transmitted"],
  // The awaited 999 of a stalled claim puts it back with the payer (its 277CA clock restarts).
  ack_accepted: [["transmitted", "accepted", "stalled"], "unchanged", { stalled: "transmitted" }],
  ack_rejected: [["transmitted", "stalled"], "rejected"],
  claim_accepted: [["transmitted", "accepted", "stalled"], "accepted"],
  claim_rejected: [["transmitted", "accepted", "stalled"], "rejected"],
  remit_paid: [ADJUDICABLE, "paid"],
  remit_partially_paid: [ADJUDICABLE, "partially_paid"],
  remit_denied: [ADJUDICABLE, "denied"],
  remit_reversed: [["accepted", ...ADJUDICATED, "stalled"], "reopened"],
  // Back to scrub: the corrected encounter is checked again before it is batched.
  corrected: [["rejected", "held"], "received"],
  replaced: [[...ADJUDICATED, "reopened"], "received"],
  voided: [[...ADJUDICATED, "reopened"], "received"],
  overdue: [AWAITING, "stalled"],
};

export interface Transition {
  readonly from: ClaimState;
  readonly to: ClaimState;
  readonly event: ClaimEvent;
  /** False when the event is recorded on the timeline without moving the claim. */
  readonly moved: boolean;
}

export class IllegalTransitionError extends ClaimgateError {
  readonly from: ClaimState;
  readonly event: ClaimEvent;
  constructor(from: ClaimState, event: ClaimEvent) {
    super(
      "LIFECYCLE_ILLEGAL_TRANSITION",
      `Event ${event} is not allowed for a claim in state ${from}.`,
    );
    this.from = from;
    this.event = event;
  }
}

/** The one function that moves a claim. Throws IllegalTransitionError for anything not in the table. */
export function transition(from: ClaimState, event: ClaimEvent): Transition {
  const [allowed, target, instead] = RULES[event];
  if (!allowed.includes(from)) throw new IllegalTransitionError(from, event);
  const to = instead?.[from] ?? (target === "unchanged" ? from : target);
  return { from, to, event, moved: to !== from };
}

export function canTransition(from: ClaimState, event: ClaimEvent): boolean {
  return RULES[event][0].includes(from);
}

/** Frequency code (CLM05-3) of the submission an event starts. */
export function frequencyForResubmission(
  event: "corrected" | "replaced" | "voided",
): "1" | "7" | "8" {
  return event === "corrected" ? "1" : event === "replaced" ? "7" : "8";
}

/** Open claims are those a follow-up clock watches: out with the payer, an answer due. */
export function isOpen(state: ClaimState): boolean {
  return AWAITING.includes(state) || state === "stalled";
}
