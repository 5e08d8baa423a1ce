/**
 * 835 into the claim records. A payment (TRN02 with its payer) posts once, ever; one that does
 * not balance (BPR02 vs claims and PLB, each claim, each line) is held for review and nothing
 * of it posts. Each CLP is matched by patient control number, then payer claim number; its
 * payment, adjustments and outcome (paid / partially paid / denied with the root-cause owner,
 * or a reversal that reopens the claim) are recorded and move the claim. PLB adjustments are
 * recorded against the payment. Claim payments that match nothing go to the unmatched list.
 */
import { canTransition, transition } from "../domain/lifecycle.js";
import type { ClaimEvent, ClaimState } from "../domain/lifecycle.js";
import { remittanceOutcome } from "../domain/remit-outcome.js";
import type { RemitOutcome } from "../domain/remit-outcome.js";
import { applyClaimEventsIn } from "../store/claim-moves.js";
import type { ClaimMove } from "../store/claim-moves.js";
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

interface Matched {
  id: string;
  state: ClaimState;
}

interface ClaimKeys {
  id: string;
  state: ClaimState;
  patient_control_number: string;
  payer_claim_number: string | null;
}

/**
 * The claim each CLP is for, found for the whole remittance at once (one query by patient
 * control number, one more by payer claim number for the rest): one query per CLP made a
 * 100k-claim 835 crawl. The patient control number wins, as it is ours.
 */
async function matchClaims(ctx: AckContext, clps: readonly ClaimPayment[]) {
  const byPcn = new Map<string, Matched>();
  const byPayerNumber = new Map<string, Matched>();
  const pcns = [...new Set(clps.map((c) => c.patientControlNumber))];
  const found = await ctx.tx.query<ClaimKeys>(
    `select id, state, patient_control_number, payer_claim_number from claims
     where tenant_id = $1 and patient_control_number = any($2::text[])`,
    [ctx.tenantId, pcns],
  );
  for (const row of found.rows) byPcn.set(row.patient_control_number, row);
  const rest = [
    ...new Set(
      clps
        .filter((c) => !byPcn.has(c.patientControlNumber) && c.payerClaimControlNumber)
        .map((c) => c.payerClaimControlNumber as string),
    ),
  ];
  if (rest.length > 0) {
    const more = await ctx.tx.query<ClaimKeys>(
      `select id, state, patient_control_number, payer_claim_number from claims
       where tenant_id = $1 and payer_claim_number = any($2::text[]) order by id`,
      [ctx.tenantId, rest],
    );
    for (const row of more.rows) {
      if (row.payer_claim_number && !byPayerNumber.has(row.payer_claim_number))
        byPayerNumber.set(row.payer_claim_number, row);
    }
  }
  // One object per claim, so a state change made by one CLP is seen by the next (a reversal
  // and its correction in the same 835).
  const claims = new Map<string, Matched>();
  const one = (m: Matched) => claims.get(m.id) ?? claims.set(m.id, { ...m }).get(m.id);
  return (clp: ClaimPayment): Matched | undefined => {
    const m =
      byPcn.get(clp.patientControlNumber) ??
      (clp.payerClaimControlNumber ? byPayerNumber.get(clp.payerClaimControlNumber) : undefined);
    return m ? one(m) : undefined;
  };
}

const PAYMENT_COLUMNS = `tenant_id text, claim_id text, remittance_id text, position integer,
  status_code text, charge_cents bigint, paid_cents bigint, patient_responsibility_cents bigint,
  payer_claim_number text, reversal boolean, outcome text, owner text, denied_cents bigint,
  adjustments jsonb, at timestamptz`;
const PAYMENTS_PER_INSERT = 2000;

/** claim_payments rows, written in a few statements instead of one a CLP. */
async function insertPayments(ctx: AckContext, rows: readonly Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += PAYMENTS_PER_INSERT) {
    await ctx.tx.query(
      `insert into claim_payments (tenant_id, claim_id, remittance_id, position, status_code,
         charge_cents, paid_cents, patient_responsibility_cents, payer_claim_number, reversal,
         outcome, owner, denied_cents, adjustments, at)
       select * from jsonb_to_recordset($1::jsonb) as p(${PAYMENT_COLUMNS}) order by position`,
      [JSON.stringify(rows.slice(i, i + PAYMENTS_PER_INSERT))],
    );
  }
}

function paymentRow(
  ctx: AckContext,
  remittanceId: string,
  claimId: string,
  clp: ClaimPayment,
  outcome: RemitOutcome,
) {
  return {
    tenant_id: ctx.tenantId,
    claim_id: claimId,
    remittance_id: remittanceId,
    position: clp.position,
    status_code: clp.statusCode,
    charge_cents: clp.chargeCents,
    paid_cents: clp.paidCents,
    patient_responsibility_cents: clp.patientResponsibilityCents,
    payer_claim_number: clp.payerClaimControlNumber ?? null,
    reversal: clp.isReversal,
    outcome: outcome.outcome,
    owner: outcome.primaryOwner ?? null,
    denied_cents: outcome.deniedCents,
    adjustments: outcome.adjustments.map((a) => ({
      level: a.level,
      group: a.group,
      reason: a.reason,
      amountCents: a.amountCents,
      owner: a.cause.owner,
      denial: a.cause.denial,
    })),
    at: ctx.now.toISOString(),
  };
}

/** The claim move a CLP asks for, with its evidence; undefined when the claim is past it. */
function moveFor(
  ctx: AckContext,
  claim: Matched,
  clp: ClaimPayment,
  outcome: RemitOutcome,
): ClaimMove | undefined {
  const event = EVENTS[outcome.outcome];
  if (!canTransition(claim.state, event)) return undefined;
  const reasons = outcome.owners.flatMap((o) => o.reasons).slice(0, 5);
  const reopened = outcome.outcome === "reversed";
  const work = outcome.outcome === "denied" || outcome.outcome === "partially_paid";
  return {
    claimId: claim.id,
    event,
    evidence: {
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
    },
    changes: {
      owner: work ? (outcome.primaryOwner ?? null) : null,
      reasonCode: work
        ? (outcome.adjustments.find((a) => a.cause.denial)?.cause.rule ?? null)
        : null,
      ...(clp.payerClaimControlNumber ? { payerClaimNumber: clp.payerClaimControlNumber } : {}),
      nextEvent: reopened ? "835" : null,
      dueAt: reopened
        ? new Date(ctx.now.getTime() + ctx.partner.followUp.remitHours * 3600_000)
        : null,
    },
  };
}

const MOVES_PER_STATEMENT = 2000;

/**
 * Every CLP of a balanced remittance: matched, recorded, and the claim moved. Moves go to the
 * store in waves; a claim paid twice in one 835 (a reversal and its correction) starts a new
 * wave, so its moves apply in order.
 */
async function postClaims(
  ctx: AckContext,
  remittanceId: string,
  clps: readonly ClaimPayment[],
  tally: RemitTally,
) {
  const claimOf = await matchClaims(ctx, clps);
  const payments: Record<string, unknown>[] = [];
  let wave = new Map<string, ClaimMove>();
  const flush = async () => {
    await applyClaimEventsIn(ctx.tx, ctx.tenantId, [...wave.values()]);
    wave = new Map();
  };
  for (const clp of clps) {
    const claim = claimOf(clp);
    if (!claim) {
      tally.unmatched += 1;
      await recordUnmatched(ctx, "835", clp.position, {
        patientControlNumber: clp.patientControlNumber,
        ...(clp.payerClaimControlNumber ? { payerClaimNumber: clp.payerClaimControlNumber } : {}),
      });
      continue;
    }
    const outcome = remittanceOutcome(clp);
    payments.push(paymentRow(ctx, remittanceId, claim.id, clp, outcome));
    const move = moveFor(ctx, claim, clp, outcome);
    if (!move) {
      tally.recorded += 1;
      continue;
    }
    if (wave.has(claim.id) || wave.size >= MOVES_PER_STATEMENT) await flush();
    wave.set(claim.id, move);
    claim.state = transition(claim.state, move.event).to;
    tally.posted += 1;
  }
  await flush();
  await insertPayments(ctx, payments);
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
  await postClaims(ctx, id, remit.claims, tally);
  for (const plb of remit.providerAdjustments) {
    await ctx.tx.query(
      `insert into provider_adjustments (tenant_id, remittance_id, provider_id, reason, reference, amount_cents)
       values ($1, $2, $3, $4, $5, $6)`,
      [ctx.tenantId, id, plb.providerId, plb.reasonCode, plb.reference ?? null, plb.amountCents],
    );
  }
}
