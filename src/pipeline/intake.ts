/**
 * Intake: a coded encounter from a practice-management system becomes a claim in state
 * `received`, with the scrub job in the outbox of the same transaction. Schema problems are
 * returned as data (paths and rules, no values); nothing is stored for them.
 */
import type { CodedEncounter } from "../domain/encounter.js";
import { validateEncounter } from "../domain/encounter-schema.js";
import type { SchemaProblem } from "../domain/encounter-schema.js";
import { ClaimgateError } from "../errors.js";
import { jobIds } from "../queue/queues.js";
import { insertClaim } from "../store/claims.js";
import type { ClaimRecord } from "../store/claims.js";
import type { Database } from "../store/database.js";

export interface IntakeDeps {
  readonly db: Database;
  readonly newId: () => string;
  readonly now: () => Date;
}

export type IntakeResult =
  | { readonly outcome: "received"; readonly claim: ClaimRecord }
  | { readonly outcome: "invalid"; readonly problems: readonly SchemaProblem[] }
  | { readonly outcome: "duplicate"; readonly patientControlNumber: string };

export function totalChargeCents(encounter: CodedEncounter): number {
  return encounter.serviceLines.reduce((sum, line) => sum + line.chargeCents, 0);
}

export async function receiveEncounter(
  deps: IntakeDeps,
  tenantId: string,
  body: unknown,
): Promise<IntakeResult> {
  const validation = validateEncounter(body);
  if (!validation.ok) return { outcome: "invalid", problems: validation.problems };
  const encounter = validation.encounter;
  const id = deps.newId();
  const scrub = { tenantId, claimId: id, submission: 0 };
  try {
    const claim = await insertClaim(
      deps.db,
      tenantId,
      {
        id,
        patientControlNumber: encounter.patientControlNumber,
        claimType: encounter.kind,
        payerId: encounter.payer.id,
        totalChargeCents: totalChargeCents(encounter),
        encounter,
      },
      { at: deps.now(), cause: "api" },
      [{ queue: "scrub", jobId: jobIds.scrub(scrub), payload: scrub }],
    );
    return { outcome: "received", claim };
  } catch (error) {
    if (error instanceof ClaimgateError && error.code === "STORE_CONFLICT") {
      return { outcome: "duplicate", patientControlNumber: encounter.patientControlNumber };
    }
    throw error;
  }
}
