/**
 * Scrub: runs the edits on received (or corrected) claims, stores them, and moves each claim to
 * `held` on the worklist of the first error's owner, or to `ready` routed to the trading
 * partner of its payer, with a batch job for that partner due at the end of its batch interval
 * (and one at once when enough claims wait). Many claims are scrubbed together: one read of
 * the claims, partners, possible duplicates and coverage answers, one transaction for all the
 * moves. Safe to run twice: a claim past `ready` is left alone.
 */
import type { TradingPartner } from "../config/partners.js";
import type { CodeSets } from "../domain/codesets/index.js";
import type { CodedEncounter } from "../domain/encounter.js";
import { claimFingerprint, holdsClaim, patientKey, scrub } from "../domain/scrub/index.js";
import type { PayerRules, PriorClaim, ScrubEdit } from "../domain/scrub/index.js";
import { applyClaimEventsFromIn, lockClaimStatesIn } from "../store/claim-moves.js";
import type { ClaimMove } from "../store/claim-moves.js";
import { getClaims } from "../store/claims.js";
import type { ClaimRecord } from "../store/claims.js";
import type { Database, Queryable } from "../store/database.js";
import { addOutboxJobs } from "../store/outbox.js";
import type { OutboxJob } from "../store/outbox.js";
import { listPartners } from "../store/partners.js";
import {
  coverageKey,
  latestCoverage,
  readyCounts,
  replaceClaimEditsIn,
  sentClaimsLike,
} from "../store/scrub-inputs.js";

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

export interface ScrubManyRequest {
  readonly tenantId: string;
  readonly claimIds: readonly string[];
}

export type ScrubOutcome =
  | { readonly outcome: "ready"; readonly partnerId: string; readonly edits: readonly ScrubEdit[] }
  | { readonly outcome: "held"; readonly edits: readonly ScrubEdit[] }
  | { readonly outcome: "skipped"; readonly state: string };

const SCRUBBABLE = new Set(["received", "held", "ready"]);

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

/** One claim's scrub, decided before anything is written. */
interface Verdict {
  readonly claim: ClaimRecord;
  readonly fingerprint: string;
  readonly edits: readonly ScrubEdit[];
  /** The partner it goes to; undefined when held. */
  readonly partner: TradingPartner | undefined;
}

/**
 * Runs the edits of every claim. A claim that passes counts as sent for the later claims of
 * the same run, as it would if they were scrubbed one after the other: a second claim with the
 * same fingerprint is held as a duplicate.
 */
async function decide(
  deps: ScrubDeps,
  tenantId: string,
  claims: readonly ClaimRecord[],
  now: Date,
): Promise<Verdict[]> {
  const partners = await listPartners(deps.db, tenantId);
  const routing = partnerRouting(partners);
  const payerRules = rulesWithRoutes(deps.payerRules, partners);
  const knownPayerIds = [...routing.keys()];
  const inputs = claims.map((claim) => {
    const encounter = claim.encounter as CodedEncounter;
    const coverage = { patientKey: patientKey(encounter), payerId: encounter.payer.id };
    return { claim, encounter, fingerprint: claimFingerprint(encounter), coverage };
  });
  const sent = new Map<string, PriorClaim[]>();
  const fingerprints = inputs.map((i) => i.fingerprint);
  for (const prior of await sentClaimsLike(deps.db, tenantId, fingerprints)) {
    sent.set(prior.fingerprint, [...(sent.get(prior.fingerprint) ?? []), prior]);
  }
  const coverage = await latestCoverage(
    deps.db,
    tenantId,
    inputs.map((i) => i.coverage),
  );
  const today = now.toISOString().slice(0, 10);
  return inputs.map(({ claim, encounter, fingerprint, coverage: key }) => {
    const priors = sent.get(fingerprint) ?? [];
    const answer = coverage.get(coverageKey(key));
    const edits = scrub(encounter, {
      today,
      codeSets: deps.codeSets,
      payerRules,
      knownPayerIds,
      priorClaims: priors.filter((p) => p.claimId !== claim.id),
      // The latest coverage answer (271) for this patient and payer: inactive holds the claim.
      eligibility: answer === undefined ? [] : [answer],
    });
    const routed = routing.get(encounter.payer.id);
    const partner = holdsClaim(edits) ? undefined : routed;
    if (partner !== undefined && !priors.some((p) => p.claimId === claim.id)) {
      const prior = { claimId: claim.id, patientControlNumber: claim.patientControlNumber };
      sent.set(fingerprint, [...priors, { ...prior, fingerprint }]);
    }
    return { claim, fingerprint, edits, partner };
  });
}

/**
 * The batch jobs the newly ready claims need, per partner: one at the end of the partner's
 * interval (whatever waits then goes), and one at once when a full batch waits. The at-once
 * job is named by the first claim that filled it, so a later full batch in the same interval
 * gets a job of its own.
 */
async function batchJobs(
  tx: Queryable,
  tenantId: string,
  ready: readonly Verdict[],
  now: Date,
): Promise<OutboxJob[]> {
  const byPartner = new Map<string, { partner: TradingPartner; claims: Verdict[] }>();
  for (const v of ready) {
    const partner = v.partner as TradingPartner;
    const entry = byPartner.get(partner.id) ?? { partner, claims: [] };
    entry.claims.push(v);
    byPartner.set(partner.id, entry);
  }
  const waitingBefore = await readyCounts(tx, tenantId, [...byPartner.keys()]);
  return [...byPartner.values()].flatMap(({ partner, claims }) => {
    const intervalMs = partner.batch.intervalSeconds * 1000;
    const slot = Math.floor(now.getTime() / intervalMs);
    const payload = { tenantId, partnerId: partner.id };
    const runAt = new Date((slot + 1) * intervalMs);
    const jobs: OutboxJob[] = [
      { queue: "batch", jobId: `batch-${partner.id}-${slot}`, payload, runAt },
    ];
    const newlyReady = claims.filter((v) => v.claim.state !== "ready").length;
    if ((waitingBefore.get(partner.id) ?? 0) + newlyReady >= partner.batch.size) {
      const first = claims[0]?.claim.id ?? "none";
      jobs.push({ queue: "batch", jobId: `batch-${partner.id}-${slot}-full-${first}`, payload });
    }
    return jobs;
  });
}

function moveOf(verdict: Verdict, now: Date): ClaimMove {
  const { claim, fingerprint, edits, partner } = verdict;
  const evidence = {
    at: now,
    cause: "scrub",
    details: { edits: edits.map((e) => ({ code: e.code, severity: e.severity })) },
  };
  if (partner === undefined) {
    const first = edits.find((e) => e.severity === "error");
    const changes = {
      owner: first?.owner ?? "payer_setup",
      reasonCode: first?.code ?? "PAYER_UNKNOWN",
      fingerprint,
    };
    return { claimId: claim.id, event: "scrub_held", evidence, changes };
  }
  const changes = { owner: null, reasonCode: null, partnerId: partner.id, fingerprint };
  return { claimId: claim.id, event: "scrub_passed", evidence, changes };
}

/** Edits, moves and batch jobs of the claims still scrubbable once locked, in one transaction. */
async function record(deps: ScrubDeps, tenantId: string, verdicts: Verdict[], now: Date) {
  return deps.db.transaction(async (tx) => {
    const states = await lockClaimStatesIn(
      tx,
      tenantId,
      verdicts.map((v) => v.claim.id),
    );
    // Another run may have moved a claim since it was read: it is left as it is now.
    const live = verdicts.filter((v) => SCRUBBABLE.has(states.get(v.claim.id) ?? "missing"));
    const scrubbed = live.map((v) => ({
      claimId: v.claim.id,
      submission: v.claim.currentSubmission,
      edits: v.edits,
    }));
    await replaceClaimEditsIn(tx, tenantId, scrubbed);
    const jobs = await batchJobs(
      tx,
      tenantId,
      live.filter((v) => v.partner !== undefined),
      now,
    );
    await applyClaimEventsFromIn(
      tx,
      tenantId,
      live.map((v) => moveOf(v, now)),
      states,
    );
    await addOutboxJobs(tx, jobs);
    return new Map(live.map((v) => [v.claim.id, v]));
  });
}

function outcomeOf(verdict: Verdict | undefined, state: string): ScrubOutcome {
  if (verdict === undefined) return { outcome: "skipped", state };
  if (verdict.partner === undefined) return { outcome: "held", edits: verdict.edits };
  return { outcome: "ready", partnerId: verdict.partner.id, edits: verdict.edits };
}

/** Scrubs the claims; the outcome of each, by claim id. */
export async function scrubClaims(
  deps: ScrubDeps,
  request: ScrubManyRequest,
): Promise<Map<string, ScrubOutcome>> {
  const { tenantId } = request;
  const ids = [...new Set(request.claimIds)];
  const found = new Map((await getClaims(deps.db, tenantId, ids)).map((c) => [c.id, c]));
  const todo = ids.flatMap((id) => {
    const claim = found.get(id);
    return claim !== undefined && SCRUBBABLE.has(claim.state) ? [claim] : [];
  });
  const now = deps.now();
  const recorded: Map<string, Verdict> =
    todo.length === 0
      ? new Map<string, Verdict>()
      : await record(deps, tenantId, await decide(deps, tenantId, todo, now), now);
  return new Map(
    ids.map((id) => [id, outcomeOf(recorded.get(id), found.get(id)?.state ?? "missing")]),
  );
}

/** Scrubs one claim. */
export async function scrubClaim(deps: ScrubDeps, request: ScrubRequest): Promise<ScrubOutcome> {
  const outcomes = await scrubClaims(deps, {
    tenantId: request.tenantId,
    claimIds: [request.claimId],
  });
  return outcomes.get(request.claimId) as ScrubOutcome;
}
