import { describe, expect, it } from "vitest";
import {
  CLAIM_EVENTS,
  CLAIM_STATES,
  IllegalTransitionError,
  canTransition,
  frequencyForResubmission,
  transition,
} from "../../../src/domain/lifecycle.js";
import type { ClaimEvent, ClaimState } from "../../../src/domain/lifecycle.js";

/**
 * The expected table, written out independently of the implementation: every allowed
 * (state, event) pair and where it leads. Every pair not listed must be refused.
 */
const EXPECTED: Partial<Record<ClaimState, Partial<Record<ClaimEvent, ClaimState>>>> = {
  received: { scrub_passed: "ready", scrub_held: "held" },
  held: { scrub_passed: "ready", scrub_held: "held", corrected: "received" },
  ready: { scrub_passed: "ready", scrub_held: "held", batched: "batched" },
  batched: { transmitted: "transmitted", overdue: "stalled" },
  transmitted: {
    ack_accepted: "transmitted",
    ack_rejected: "rejected",
    claim_accepted: "accepted",
    claim_rejected: "rejected",
    remit_paid: "paid",
    remit_partially_paid: "partially_paid",
    remit_denied: "denied",
    overdue: "stalled",
  },
  accepted: {
    ack_accepted: "accepted",
    claim_accepted: "accepted",
    claim_rejected: "rejected",
    remit_paid: "paid",
    remit_partially_paid: "partially_paid",
    remit_denied: "denied",
    remit_reversed: "reopened",
    overdue: "stalled",
  },
  rejected: { corrected: "received" },
  paid: { remit_reversed: "reopened", replaced: "received", voided: "received" },
  partially_paid: { remit_reversed: "reopened", replaced: "received", voided: "received" },
  denied: { remit_reversed: "reopened", replaced: "received", voided: "received" },
  reopened: {
    remit_paid: "paid",
    remit_partially_paid: "partially_paid",
    remit_denied: "denied",
    replaced: "received",
    voided: "received",
    overdue: "stalled",
  },
  stalled: {
    transmitted: "transmitted",
    ack_accepted: "transmitted",
    ack_rejected: "rejected",
    claim_accepted: "accepted",
    claim_rejected: "rejected",
    remit_paid: "paid",
    remit_partially_paid: "partially_paid",
    remit_denied: "denied",
    remit_reversed: "reopened",
  },
};

describe("claim lifecycle", () => {
  for (const state of CLAIM_STATES) {
    for (const event of CLAIM_EVENTS) {
      const expected = EXPECTED[state]?.[event];
      it(`${state} + ${event} -> ${expected ?? "refused"}`, () => {
        if (expected === undefined) {
          expect(canTransition(state, event)).toBe(false);
          expect(() => transition(state, event)).toThrow(IllegalTransitionError);
          try {
            transition(state, event);
          } catch (e) {
            expect((e as IllegalTransitionError).code).toBe("LIFECYCLE_ILLEGAL_TRANSITION");
          }
        } else {
          expect(canTransition(state, event)).toBe(true);
          const t = transition(state, event);
          expect(t.to).toBe(expected);
          expect(t.moved).toBe(expected !== state);
        }
      });
    }
  }

  it("walks the happy path of a claim", () => {
    const path: ClaimEvent[] = [
      "scrub_passed",
      "batched",
      "transmitted",
      "ack_accepted",
      "claim_accepted",
      "remit_paid",
    ];
    let s: ClaimState = "received";
    for (const e of path) s = transition(s, e).to;
    expect(s).toBe("paid");
  });

  it("scrubs a corrected, replaced or voided claim again before it can be batched", () => {
    const starts: [ClaimState, ClaimEvent][] = [
      ["rejected", "corrected"],
      ["held", "corrected"],
      ["denied", "replaced"],
      ["paid", "voided"],
    ];
    for (const [from, event] of starts) {
      const back = transition(from, event).to;
      expect(back).toBe("received");
      expect(canTransition(back, "batched")).toBe(false);
      expect(transition(transition(back, "scrub_passed").to, "batched").to).toBe("batched");
    }
  });

  it("gives each resubmission its frequency code", () => {
    expect(frequencyForResubmission("corrected")).toBe("1");
    expect(frequencyForResubmission("replaced")).toBe("7");
    expect(frequencyForResubmission("voided")).toBe("8");
  });
});
