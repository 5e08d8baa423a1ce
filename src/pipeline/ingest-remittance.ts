/**
 * 835 into the claim records. A payment (TRN02 with its payer) posts once, ever; one that does
 * not balance (BPR02 vs claims and PLB, each claim, each line) is held for review and nothing
 * of it posts. Each CLP is matched by patient control number, then payer claim number; its
 * payment, adjustments and outcome (paid / partially paid / denied with the root-cause owner,
 * or a reversal that reopens the claim) are recorded and move the claim. PLB adjustments are
 * recorded against the payment. Claim payments that match nothing go to the unmatched list.
 */
import { canTransition } from "../domain/lifecycle.js";
import type { ClaimEvent, ClaimState } from "../domain/lifecycle.js";
import { remittanceOutcome } from "../domain/remit-outcome.js";
import type { RemitOutcome } from "../domain/remit-outcome.js";
import { applyClaimEventIn } from "../store/claims.js";
import { remittanceBalance } from "../x12/transactions/835.js";
import type { ClaimPayment, Remittance } from "../x12/transactions/835.js";
import type { AckContext } from "./ingest-acks.js";
import { recordUnmatched } from "./ingest-claim-acks.js";

export interface RemitTally {
  posted: number;
  recorded: number;
  unmatched: number;
  duplicates: number;
  unbalanced: number;
}

const EVENTS: Record<RemitOutcome["outcome"], ClaimEvent> = {
  paid: "remit_paid",
  partially_paid: "remit_partially_paid",
  denied: "remit_denied",
  reversed: "remit_reversed",
};

async function matchClaim(ctx: AckContext, clp: ClaimPayment) {
  const { rows } = await ctx.tx.query<{ id: string; state: ClaimState }>(
    `select id, state from claims where tenant_id = $1
       and (patient_control_number = $2 or ($3::text is not null and payer_claim_number = $3))
     order by (patient_control_number = $2) desc limit 1`,
    [ctx.tenantId, clp.patientControlNumber, clp.payerClaimControlNumber ?? null],
  );
  return rows[0];
}

async function postClaim(
  ctx: AckContext,
  remittanceId: string,
  clp: ClaimPayment,
  tally: RemitTally,
) {
  const claim = await matchClaim(ctx, clp);
  if (!claim) {
    tally.unmatched += 1;
    await recordUnmatched(ctx, "835", clp.position, {
      patientControlNumber: clp.patientControlNumber,
      ...(clp.payerClaimControlNumber ? { payerClaimNumber: clp.payerClaimControlNumber } : {}),
    });
    return;
  }
  const outcome = remittanceOutcome(clp);
  await ctx.tx.query(
    `insert into claim_payments (tenant_id, claim_id, remittance_id, position, status_code, charge_cents,
       paid_cents, patient_responsibility_cents, payer_claim_number, reversal, outcome, owner, denied_cents,
       adjustments, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      ctx.tenantId,
      claim.id,
      remittanceId,
      clp.position,
      clp.statusCode,
      clp.chargeCents,
      clp.paidCents,
      clp.patientResponsibilityCents,
      clp.payerClaimControlNumber ?? null,
      clp.isReversal,
      outcome.outcome,
      outcome.primaryOwner ?? null,
      outcome.deniedCents,
      JSON.stringify(
        outcome.adjustments.map((a) => ({
          level: a.level,
          group: a.group,
          reason: a.reason,
          amountCents: a.amountCents,
          owner: a.cause.owner,
          denial: a.cause.denial,
        })),
      ),
      ctx.now,
    ],
  );
  const event = EVENTS[outcome.outcome];
  if (!canTransition(claim.state, event)) {
    tally.recorded += 1;
    return;
  }
  const reasons = outcome.owners.flatMap((o) => o.reasons).slice(0, 5);
  const evidence = {
    at: ctx.now,
    cause: "835",
    fileId: ctx.fileId,
    segmentPosition: clp.position,
    details: {
      status: clp.statusCode,
      paidCents: clp.paidCents,
      deniedCents: outcome.deniedCents,
      patientResponsibilityCents: outcome.patientResponsibilityCents,
      reasons,
    },
  };
  const reopened = outcome.outcome === "reversed";
  const work = outcome.outcome === "denied" || outcome.outcome === "partially_paid";
  await applyClaimEventIn(ctx.tx, ctx.tenantId, claim.id, event, evidence, {
    owner: work ? (outcome.primaryOwner ?? null) : null,
    reasonCode: work ? (outcome.adjustments.find((a) => a.cause.denial)?.cause.rule ?? null) : null,
    ...(clp.payerClaimControlNumber ? { payerClaimNumber: clp.payerClaimControlNumber } : {}),
    nextEvent: reopened ? "835" : null,
    dueAt: reopened
      ? new Date(ctx.now.getTime() + ctx.partner.followUp.remitHours * 3600_000)
      : null,
  });
  tally.posted += 1;
}

export async function applyRemittance(
  ctx: AckContext,
  remit: Remittance,
  newId: () => string,
  tally: RemitTally,
): Promise<void> {
  const payerId = remit.payerId ?? "unknown";
  const trace = remit.trace?.number ?? `${ctx.fileId}:${remit.controlNumber}`;
  const balance = remittanceBalance(remit);
  const problems = [balance.payment, ...balance.claims, ...balance.lines]
    .filter((c) => !c.balanced)
    .map((c) => ({
      position: c.position,
      expectedCents: c.expectedCents,
      computedCents: c.computedCents,
    }));
  const id = newId();
  const { rows } = await ctx.tx.query<{ id: string }>(
    `insert into remittances (id, tenant_id, file_id, payer_id, trace_number, total_cents, state, problems, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (tenant_id, payer_id, trace_number) do nothing returning id`,
    [
      id,
      ctx.tenantId,
      ctx.fileId,
      payerId,
      trace,
      remit.payment.totalCents,
      balance.balanced ? "posted" : "held_unbalanced",
      JSON.stringify(problems),
      ctx.now,
    ],
  );
  if (!rows[0]) {
    tally.duplicates += 1;
    return;
  }
  if (!balance.balanced) {
    tally.unbalanced += 1;
    return;
  }
  for (const clp of remit.claims) await postClaim(ctx, id, clp, tally);
  for (const plb of remit.providerAdjustments) {
    await ctx.tx.query(
      `insert into provider_adjustments (tenant_id, remittance_id, provider_id, reason, reference, amount_cents)
       values ($1, $2, $3, $4, $5, $6)`,
      [ctx.tenantId, id, plb.providerId, plb.reasonCode, plb.reference ?? null, plb.amountCents],
    );
  }
}
