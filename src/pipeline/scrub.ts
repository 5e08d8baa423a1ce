/**
 * Scrub: runs the edits on a received (or corrected) claim, stores them, and moves the claim to
 * `held` on the worklist of the first error's owner, or to `ready` routed to the trading
 * partner of its payer, with a batch job for that partner due at the end of its batch interval
 * (or at once when enough claims wait). Safe to run twice: a claim past `ready` is left alone.
 */
import type { TradingPartner } from "../config/partners.js";
import type { CodeSets } from "../domain/codesets/index.js";
import type { CodedEncounter } from "../domain/encounter.js";
import { claimFingerprint, holdsClaim, patientKey, scrub } from "../domain/scrub/index.js";
import type { PayerRules, PriorClaim, ScrubEdit } from "../domain/scrub/index.js";
import type { Queryable } from "../store/database.js";
import { applyClaimEventIn, getClaim } from "../store/claims.js";
import { latestEligibilityResults } from "../store/eligibility.js";
import type { Database } from "../store/database.js";
import type { OutboxJob } from "../store/outbox.js";
import { listPartners } from "../store/partners.js";

export interface ScrubDeps {
  readonly db: Database;
  readonly now: () => Date;
  readonly codeSets: CodeSets;
  readonly payerRules: PayerRules;
}

export interface ScrubRequest {
  readonly tenantId: string;
  readonly claimId: string;
}

export type ScrubOutcome =
  | { readonly outcome: "ready"; readonly partnerId: string; readonly edits: readonly ScrubEdit[] }
  | { readonly outcome: "held"; readonly edits: readonly ScrubEdit[] }
  | { readonly outcome: "skipped"; readonly state: string };

const SCRUBBABLE = new Set(["received", "held", "ready"]);

async function priorClaimsLike(
  db: Queryable,
  tenantId: string,
  claimId: string,
  fingerprint: string,
): Promise<PriorClaim[]> {
  // Rejected claims never reached adjudication and may be sent again; held and received ones
  // were never sent.
  const { rows } = await db.query<{ id: string; patient_control_number: string }>(
    `select id, patient_control_number from claims
     where tenant_id = $1 and fingerprint = $2 and id <> $3
       and state not in ('received', 'held', 'rejected')`,
    [tenantId, fingerprint, claimId],
  );
  return rows.map((r) => ({
    claimId: r.id,
    patientControlNumber: r.patient_control_number,
    fingerprint,
  }));
}

function partnerRouting(partners: readonly TradingPartner[]) {
  const byPayer = new Map<string, TradingPartner>();
  for (const p of partners) for (const payer of p.payers) byPayer.set(payer.payerId, p);
  return byPayer;
}

/** Timely filing limits configured per partner payer route, over the deployment's rules. */
function rulesWithRoutes(rules: PayerRules, partners: readonly TradingPartner[]): PayerRules {
  const payers = { ...(rules.payers ?? {}) };
  for (const p of partners) {
    for (const route of p.payers) {
      if (route.timelyFilingDays === undefined) continue;
      payers[route.payerId] = {
        ...payers[route.payerId],
        timelyFilingDays: route.timelyFilingDays,
      };
    }
  }
  return { ...rules, payers };
}

async function storeEdits(
  tx: Queryable,
  tenantId: string,
  claimId: string,
  submission: number,
  edits: readonly ScrubEdit[],
) {
  await tx.query("delete from claim_edits where tenant_id = $1 and claim_id = $2", [
    tenantId,
    claimId,
  ]);
  for (const e of edits) {
    await tx.query(
      `insert into claim_edits (tenant_id, claim_id, submission, code, owner, severity, field, message)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [tenantId, claimId, submission, e.code, e.owner, e.severity, e.path, e.message],
    );
  }
}

/** The batch job a newly ready claim needs: at the end of the partner's interval, or now when full. */
async function batchJob(
  tx: Queryable,
  tenantId: string,
  partner: TradingPartner,
  now: Date,
): Promise<OutboxJob> {
  const intervalMs = partner.batch.intervalSeconds * 1000;
  const slot = Math.floor(now.getTime() / intervalMs);
  const payload = { tenantId, partnerId: partner.id };
  const { rows } = await tx.query<{ n: number }>(
    "select count(*)::int as n from claims where tenant_id = $1 and partner_id = $2 and state = 'ready'",
    [tenantId, partner.id],
  );
  const waiting = (rows[0]?.n ?? 0) + 1;
  if (waiting >= partner.batch.size) {
    const fill = Math.floor(waiting / partner.batch.size);
    return { queue: "batch", jobId: `batch-${partner.id}-${slot}-full${fill}`, payload };
  }
  const runAt = new Date((slot + 1) * intervalMs);
  return { queue: "batch", jobId: `batch-${partner.id}-${slot}`, payload, runAt };
}

export async function scrubClaim(deps: ScrubDeps, request: ScrubRequest): Promise<ScrubOutcome> {
  const { tenantId, claimId } = request;
  const claim = await getClaim(deps.db, tenantId, claimId);
  if (claim === undefined || !SCRUBBABLE.has(claim.state)) {
    return { outcome: "skipped", state: claim?.state ?? "missing" };
  }
  const encounter = claim.encounter as CodedEncounter;
  const fingerprint = claimFingerprint(encounter);
  const now = deps.now();
  const partners = await listPartners(deps.db, tenantId);
  const routing = partnerRouting(partners);
  const edits = scrub(encounter, {
    today: now.toISOString().slice(0, 10),
    codeSets: deps.codeSets,
    payerRules: rulesWithRoutes(deps.payerRules, partners),
    knownPayerIds: [...routing.keys()],
    priorClaims: await priorClaimsLike(deps.db, tenantId, claimId, fingerprint),
    // The latest coverage answer (271) for this patient and payer: inactive holds the claim.
    eligibility: await latestEligibilityResults(
      deps.db,
      tenantId,
      patientKey(encounter),
      encounter.payer.id,
    ),
  });
  const partner = routing.get(encounter.payer.id);
  const held = holdsClaim(edits) || partner === undefined;

  return deps.db.transaction(async (tx) => {
    await storeEdits(tx, tenantId, claimId, claim.currentSubmission, edits);
    const evidence = {
      at: now,
      cause: "scrub",
      details: { edits: edits.map((e) => ({ code: e.code, severity: e.severity })) },
    };
    if (held) {
      const first = edits.find((e) => e.severity === "error");
      await applyClaimEventIn(tx, tenantId, claimId, "scrub_held", evidence, {
        owner: first?.owner ?? "payer_setup",
        reasonCode: first?.code ?? "PAYER_UNKNOWN",
        fingerprint,
      });
      return { outcome: "held", edits };
    }
    const job = await batchJob(tx, tenantId, partner, now);
    await applyClaimEventIn(
      tx,
      tenantId,
      claimId,
      "scrub_passed",
      evidence,
      { owner: null, reasonCode: null, partnerId: partner.id, fingerprint },
      [job],
    );
    return { outcome: "ready", partnerId: partner.id, edits };
  });
}
