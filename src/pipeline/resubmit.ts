/**
 * Resubmission of a claim with corrected encounter data (POST /v1/claims/:id/resubmit):
 *
 * - `correct`: a rejected (TA1/999/277CA) or held claim, sent again as a new original
 *   (frequency 1): the payer never adjudicated it.
 * - `replace`: an adjudicated claim (paid, partially paid, denied, reopened) replaced
 *   (frequency 7), naming the payer's claim number of the one it replaces (REF*F8).
 * - `void`: the same, voiding it (frequency 8).
 *
 * The action decides the frequency code and the original payer claim number; the encounter's
 * own values for them are overwritten (for 837I the type of bill's last digit too). The claim
 * keeps its patient control number (CLM01, how 277CAs and 835s find it) and its claim type; a
 * replacement or void goes to the same payer. In one transaction: the lifecycle event (an
 * illegal one changes nothing), its timeline row, the new encounter, and a scrub job; the claim
 * is back in `received` and is scrubbed again before a batch takes it, as a new submission.
 */
import type { CodedEncounter } from "../domain/encounter.js";
import { validateEncounter } from "../domain/encounter-schema.js";
import type { SchemaProblem } from "../domain/encounter-schema.js";
import {
  CLAIM_STATES,
  IllegalTransitionError,
  canTransition,
  frequencyForResubmission,
} from "../domain/lifecycle.js";
import type { ClaimState } from "../domain/lifecycle.js";
import { replaceEncounterIn } from "../store/claim-encounters.js";
import { applyClaimEventIn, getClaim } from "../store/claims.js";
import type { ClaimRecord } from "../store/claims.js";
import type { Database } from "../store/database.js";
import { totalChargeCents } from "./intake.js";

export const RESUBMIT_ACTIONS = ["correct", "replace", "void"] as const;
export type ResubmitAction = (typeof RESUBMIT_ACTIONS)[number];

const EVENTS = { correct: "corrected", replace: "replaced", void: "voided" } as const;

export interface ResubmitDeps {
  readonly db: Database;
  readonly now: () => Date;
  readonly newId: () => string;
}

export type ResubmitResult =
  | {
      readonly outcome: "resubmitted";
      readonly claim: ClaimRecord;
      readonly action: ResubmitAction;
      readonly frequencyCode: "1" | "7" | "8";
      readonly originalPayerClaimNumber: string | null;
    }
  | { readonly outcome: "invalid"; readonly problems: readonly SchemaProblem[] }
  | { readonly outcome: "not_found" }
  | {
      readonly outcome: "not_allowed";
      readonly state: ClaimState;
      readonly action: ResubmitAction;
      /** The states the lifecycle allows the action from. */
      readonly allowedFrom: readonly ClaimState[];
    }
  | { readonly outcome: "no_payer_claim_number"; readonly action: ResubmitAction };

function parseAction(body: unknown): ResubmitAction | undefined {
  const action = (body as { action?: unknown } | null)?.action;
  return RESUBMIT_ACTIONS.find((a) => a === action);
}

/** The encounter as it will be sent: the action's frequency and original claim number. */
export function resubmittedEncounter(
  encounter: CodedEncounter,
  frequencyCode: "1" | "7" | "8",
  originalPayerClaimNumber: string | null,
): CodedEncounter {
  const { originalPayerClaimNumber: _sent, ...rest } = encounter;
  const withNumber =
    originalPayerClaimNumber === null ? rest : { ...rest, originalPayerClaimNumber };
  if (withNumber.kind === "institutional") {
    const typeOfBill = `${withNumber.typeOfBill.slice(0, -1)}${frequencyCode}`;
    return { ...withNumber, frequencyCode, typeOfBill };
  }
  return { ...withNumber, frequencyCode };
}

/** What the body must agree with on the claim; problems name fields, never values. */
function mismatches(claim: ClaimRecord, encounter: CodedEncounter, action: ResubmitAction) {
  const problems: SchemaProblem[] = [];
  if (encounter.patientControlNumber !== claim.patientControlNumber)
    problems.push({
      path: "/encounter/patientControlNumber",
      message: "must be the claim's patient control number",
    });
  if (encounter.kind !== claim.claimType)
    problems.push({ path: "/encounter/kind", message: "must be the claim's type" });
  if (action !== "correct" && encounter.payer.id !== claim.payerId)
    problems.push({
      path: "/encounter/payer/id",
      message: "a replacement or void goes to the payer of the claim it replaces",
    });
  return problems;
}

function notAllowed(state: ClaimState, action: ResubmitAction): ResubmitResult {
  const allowedFrom = CLAIM_STATES.filter((s) => canTransition(s, EVENTS[action]));
  return { outcome: "not_allowed", state, action, allowedFrom };
}

export async function resubmitClaim(
  deps: ResubmitDeps,
  tenantId: string,
  claimId: string,
  body: unknown,
): Promise<ResubmitResult> {
  const action = parseAction(body);
  const validation = validateEncounter((body as { encounter?: unknown } | null)?.encounter);
  const problems: SchemaProblem[] = [];
  if (action === undefined)
    problems.push({ path: "/action", message: `must be one of ${RESUBMIT_ACTIONS.join(", ")}` });
  if (!validation.ok)
    problems.push(...validation.problems.map((p) => ({ ...p, path: `/encounter${p.path}` })));
  const claim = await getClaim(deps.db, tenantId, claimId);
  if (claim === undefined) return { outcome: "not_found" };
  if (action === undefined || !validation.ok) return { outcome: "invalid", problems };
  const mismatch = mismatches(claim, validation.encounter, action);
  if (mismatch.length > 0) return { outcome: "invalid", problems: mismatch };

  const event = EVENTS[action];
  if (!canTransition(claim.state, event)) return notAllowed(claim.state, action);
  const frequencyCode = frequencyForResubmission(event);
  const original = action === "correct" ? null : claim.payerClaimNumber;
  if (action !== "correct" && original === null)
    return { outcome: "no_payer_claim_number", action };
  const encounter = resubmittedEncounter(validation.encounter, frequencyCode, original);

  const scrub = { tenantId, claimId, submission: claim.currentSubmission };
  try {
    const moved = await deps.db.transaction(async (tx) => {
      await applyClaimEventIn(
        tx,
        tenantId,
        claimId,
        event,
        {
          at: deps.now(),
          cause: "api",
          details: {
            action,
            frequencyCode,
            ...(original === null ? {} : { originalPayerClaimNumber: original }),
            previousSubmission: claim.currentSubmission,
          },
        },
        { owner: null, reasonCode: null, nextEvent: null, dueAt: null },
        // A job id of its own: the claim's first scrub job (same submission number) may still
        // be kept by the queue, and would swallow this one.
        [{ queue: "scrub", jobId: `scrub-${claimId}-resubmit-${deps.newId()}`, payload: scrub }],
      );
      await replaceEncounterIn(tx, tenantId, claimId, encounter, {
        payerId: encounter.payer.id,
        totalChargeCents: totalChargeCents(encounter),
      });
      return getClaim(tx, tenantId, claimId);
    });
    return {
      outcome: "resubmitted",
      claim: moved as ClaimRecord,
      action,
      frequencyCode,
      originalPayerClaimNumber: original,
    };
  } catch (error) {
    // Another request moved the claim between the check and the lock.
    if (error instanceof IllegalTransitionError) return notAllowed(error.from, action);
    throw error;
  }
}
