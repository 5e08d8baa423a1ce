/**
 * Intake: coded encounters from a practice-management system become claims in state
 * `received`, with their scrub job in the outbox of the same transaction. Schema problems are
 * returned as data (paths and rules, no values); nothing is stored for them. A batch is stored
 * in one transaction with one scrub job for all its claims; each encounter still gets its own
 * outcome, and an invalid or duplicate one does not stop the rest.
 */
import type { CodedEncounter } from "../domain/encounter.js";
import { validateEncounter } from "../domain/encounter-schema.js";
import type { SchemaProblem } from "../domain/encounter-schema.js";
import { ClaimgateError } from "../errors.js";
import { jobIds } from "../queue/queues.js";
import { insertClaim, insertClaimsIn } from "../store/claims.js";
import type { ClaimRecord, NewClaim } from "../store/claims.js";
import type { Database } from "../store/database.js";
import { addOutboxJobs } from "../store/outbox.js";

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

function newClaim(id: string, encounter: CodedEncounter): NewClaim {
  return {
    id,
    patientControlNumber: encounter.patientControlNumber,
    claimType: encounter.kind,
    payerId: encounter.payer.id,
    totalChargeCents: totalChargeCents(encounter),
    encounter,
  };
}

/** One encounter (POST /v1/encounters): its claim and its own scrub job. */
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
      newClaim(id, encounter),
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

/**
 * Many encounters (POST /v1/encounters/batch): the valid ones stored in one transaction (one
 * insert for the claims and their timeline rows, one scrub job for all of them); a result per
 * body, in order. A patient control number the tenant has, or an earlier body of the batch
 * has, is a duplicate.
 */
export async function receiveEncounters(
  deps: IntakeDeps,
  tenantId: string,
  bodies: readonly unknown[],
): Promise<IntakeResult[]> {
  const results: (IntakeResult | NewClaim)[] = bodies.map((body) => {
    const validation = validateEncounter(body);
    if (!validation.ok) return { outcome: "invalid", problems: validation.problems };
    return newClaim(deps.newId(), validation.encounter);
  });
  const wanted = results.filter((r): r is NewClaim => !("outcome" in r));
  const stored = await deps.db.transaction(async (tx) => {
    const claims = await insertClaimsIn(tx, tenantId, wanted, { at: deps.now(), cause: "api" });
    if (claims.length > 0) {
      const scrub = { tenantId, claimIds: claims.map((c) => c.id) };
      await addOutboxJobs(tx, [{ queue: "scrub", jobId: jobIds.scrubMany(scrub), payload: scrub }]);
    }
    return new Map(claims.map((c) => [c.id, c]));
  });
  return results.map((r): IntakeResult => {
    if ("outcome" in r) return r;
    const claim = stored.get(r.id);
    return claim
      ? { outcome: "received", claim }
      : { outcome: "duplicate", patientControlNumber: r.patientControlNumber };
  });
}
