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
import { remittancePayment } from "../domain/remittance-payment.js";
import { ClaimMoveBatch, writeClaimMovesIn } from "../store/claim-moves.js";
import type { ClaimChanges, ClaimMove } from "../store/claim-moves.js";
import {
  PaymentBatch,
  insertProviderAdjustmentsIn,
  lockClaimsByControlNumberIn,
  lockClaimsByPayerNumberIn,
  recordRemittanceIn,
  recordUnmatchedIn,
  writeClaimPaymentsIn,
} from "../store/remittances.js";
import type {
  PaymentClaim,
  PaymentRow,
  StoredAdjustment,
  UnmatchedItem,
} from "../store/remittances.js";
import { remittanceBalance } from "../x12/transactions/835.js";
import type { ClaimPayment, Remittance } from "../x12/transactions/835.js";
import type { AckContext } from "./ingest-acks.js";

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
  /** The wave of moves that last moved it (Waves), 0 before any. */
  wave: number;
}

/**
 * The claim each CLP of the remittance is for, matched and locked a chunk of keys a query: by
 * patient control number, then by payer claim number for the rest (if any). The patient control
 * number wins, as it is ours. One object per claim, so a state change made by one CLP is seen by
 * the next (a reversal and its correction in the same 835); the claims being locked, no one
 * else changes them meanwhile.
 */
async function matchClaims(ctx: AckContext, clps: readonly ClaimPayment[]) {
  const inChunks = async (keys: readonly string[], lock: typeof lockClaimsByControlNumberIn) => {
    const rows: PaymentClaim[] = [];
    for (let from = 0; from < keys.length; from += CLPS_PER_CHUNK)
      rows.push(...(await lock(ctx.tx, ctx.tenantId, keys.slice(from, from + CLPS_PER_CHUNK))));
    return rows;
  };
  const pcns = [...new Set(clps.map((c) => c.patientControlNumber))];
  // One Matched per claim: made from its row (the rows of one query are distinct claims).
  const byPcn = new Map<string, Matched>();
  for (const row of await inChunks(pcns, lockClaimsByControlNumberIn))
    byPcn.set(row.patientControlNumber, { id: row.id, state: row.state, wave: 0 });
  const rest = new Set<string>();
  for (const c of clps)
    if (!byPcn.has(c.patientControlNumber) && c.payerClaimControlNumber)
      rest.add(c.payerClaimControlNumber);
  const byPayerNumber = new Map<string, Matched>();
  if (rest.size > 0) {
    // A claim found here may have been found by patient control number too: the same object.
    const byId = new Map<string, Matched>();
    for (const m of byPcn.values()) byId.set(m.id, m);
    for (const row of await inChunks([...rest], lockClaimsByPayerNumberIn)) {
      if (!row.payerClaimNumber || byPayerNumber.has(row.payerClaimNumber)) continue;
      const m = byId.get(row.id) ?? { id: row.id, state: row.state, wave: 0 };
      byId.set(m.id, m);
      byPayerNumber.set(row.payerClaimNumber, m);
    }
  }
  return (clp: ClaimPayment): Matched | undefined =>
    byPcn.get(clp.patientControlNumber) ??
    (clp.payerClaimControlNumber ? byPayerNumber.get(clp.payerClaimControlNumber) : undefined);
}

/**
 * An adjustment as the claim view shows it (GET /v1/claims/:id); line position, quantity and
 * remark codes only when there are some, to keep the rows small. Built field by field: spreads
 * of optional parts made two short-lived objects an adjustment.
 */
function adjustmentView(a: RemitOutcome["adjustments"][number]): StoredAdjustment {
  const view: { -readonly [K in keyof StoredAdjustment]: StoredAdjustment[K] } = {
    level: a.level,
    group: a.group,
    reason: a.reason,
    amountCents: a.amountCents,
    owner: a.cause.owner,
    denial: a.cause.denial,
  };
  if (a.linePosition !== undefined) view.linePosition = a.linePosition;
  if (a.quantity !== undefined) view.quantity = a.quantity;
  if (a.remarks.length > 0) view.remarks = a.remarks;
  return view;
}

function paymentRow(claimId: string, clp: ClaimPayment, outcome: RemitOutcome): PaymentRow {
  const adjustments = outcome.adjustments;
  const views = new Array<StoredAdjustment>(adjustments.length);
  for (let i = 0; i < adjustments.length; i++) views[i] = adjustmentView(adjustments[i]!);
  return {
    claimId,
    position: clp.position,
    statusCode: clp.statusCode,
    chargeCents: clp.chargeCents,
    paidCents: clp.paidCents,
    patientResponsibilityCents: clp.patientResponsibilityCents,
    payerClaimNumber: clp.payerClaimControlNumber ?? null,
    reversal: clp.isReversal,
    outcome: outcome.outcome,
    owner: outcome.primaryOwner ?? null,
    deniedCents: outcome.deniedCents,
    adjustments: views,
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The rule of the first denial adjustment, if any. */
function denialRule(outcome: RemitOutcome): string | null {
  for (const a of outcome.adjustments) if (a.cause.denial) return a.cause.rule;
  return null;
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
  const reasons: string[] = [];
  for (const share of outcome.owners)
    for (const reason of share.reasons) if (reasons.length < 5) reasons.push(reason);
  const reopened = outcome.outcome === "reversed";
  const work = outcome.outcome === "denied" || outcome.outcome === "partially_paid";
  const changes: Mutable<ClaimChanges> = {
    owner: work ? (outcome.primaryOwner ?? null) : null,
    reasonCode: work ? denialRule(outcome) : null,
  };
  if (clp.payerClaimControlNumber) changes.payerClaimNumber = clp.payerClaimControlNumber;
  changes.nextEvent = reopened ? "835" : null;
  changes.dueAt = reopened
    ? new Date(ctx.now.getTime() + ctx.partner.followUp.remitHours * 3600_000)
    : null;
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
    changes,
  };
}

/**
 * CLPs recorded and claims moved per chunk: a few statements a chunk, whatever its size, and no
 * statement carrying more rows (or match keys) than PostgreSQL reads comfortably in one go.
 */
export const CLPS_PER_CHUNK = 10_000;
/** CLPs built between two yields to the event loop (see Writes). */
const CLPS_PER_SLICE = 500;

/**
 * Writes run one after another, in order, without the build waiting for them: while the
 * database writes one chunk, this process builds the next. The build yields to the event loop
 * now and then, so the next write starts as soon as the last one is done. After a failure the
 * rest are skipped (the transaction is lost anyway); `drain` waits for all and throws it.
 */
class Writes {
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  add(write: () => Promise<unknown>): void {
    this.tail = this.tail.then(async () => {
      if (this.failure) return;
      try {
        await write();
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure.error;
  }
}

const breather = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wave numbers, unique in this process: a claim's `wave` says which wave last moved it. */
let lastWave = 0;

/**
 * Claim moves of one chunk, applied in waves: a claim moves at most once per wave. Each move
 * goes into the wave's batch as it is made; a wave is turned into its statements' parameters
 * when it ends, so only those wait for the write.
 */
class Waves {
  private batch = new ClaimMoveBatch();
  private wave = ++lastWave;

  constructor(
    private readonly ctx: AckContext,
    private readonly writes: Writes,
  ) {}

  /** The claims were locked and read by matchClaims; `claim.state` is its state so far. */
  add(claim: Matched, move: ClaimMove): void {
    if (claim.wave === this.wave) this.flush();
    const step = transition(claim.state, move.event);
    this.batch.add(move, step);
    claim.state = step.to;
    claim.wave = this.wave;
  }

  flush(): void {
    if (this.batch.size === 0) return;
    const { tx, tenantId } = this.ctx;
    const moves = this.batch.prepare();
    this.writes.add(() => writeClaimMovesIn(tx, tenantId, moves));
    this.batch = new ClaimMoveBatch();
    this.wave = ++lastWave;
  }
}

type ClaimOf = Awaited<ReturnType<typeof matchClaims>>;

/**
 * One chunk of a balanced remittance's CLPs: recorded, and the claims moved. A claim paid twice
 * in the chunk (a reversal and its correction) starts a new wave of moves, so its moves apply
 * in order; the chunks' writes are sent in order, so one paid again in a later chunk moves after.
 */
async function postChunk(
  ctx: AckContext,
  remittanceId: string,
  clps: readonly ClaimPayment[],
  claimOf: ClaimOf,
  writes: Writes,
  tally: RemitTally,
) {
  const payments = new PaymentBatch();
  const unmatched: UnmatchedItem[] = [];
  const waves = new Waves(ctx, writes);
  for (let i = 0; i < clps.length; i++) {
    if (i % CLPS_PER_SLICE === CLPS_PER_SLICE - 1) await breather();
    const clp = clps[i]!;
    const claim = claimOf(clp);
    if (!claim) {
      unmatched.push({
        position: clp.position,
        patientControlNumber: clp.patientControlNumber,
        payerClaimNumber: clp.payerClaimControlNumber ?? null,
      });
      continue;
    }
    const outcome = remittanceOutcome(clp);
    payments.add(paymentRow(claim.id, clp, outcome));
    const move = moveFor(ctx, claim, clp, outcome);
    if (!move) {
      tally.recorded += 1;
      continue;
    }
    waves.add(claim, move);
    tally.posted += 1;
  }
  waves.flush();
  const rows = payments.prepare();
  writes.add(() => writeClaimPaymentsIn(ctx.tx, ctx.tenantId, remittanceId, ctx.now, rows));
  writes.add(() =>
    recordUnmatchedIn(ctx.tx, ctx.tenantId, ctx.fileId, "835", ctx.now, unmatched, ctx.setNumber),
  );
  tally.unmatched += unmatched.length;
}

/** Every CLP of a balanced remittance, a chunk at a time, then its PLB adjustments. */
async function postRemittance(
  ctx: AckContext,
  remittanceId: string,
  remit: Remittance,
  tally: RemitTally,
) {
  const claimOf = await matchClaims(ctx, remit.claims);
  const writes = new Writes();
  try {
    for (let from = 0; from < remit.claims.length; from += CLPS_PER_CHUNK) {
      const chunk = remit.claims.slice(from, from + CLPS_PER_CHUNK);
      await postChunk(ctx, remittanceId, chunk, claimOf, writes, tally);
    }
    const plb = remit.providerAdjustments.map((a) => ({
      providerId: a.providerId,
      reason: a.reasonCode,
      reference: a.reference ?? null,
      amountCents: a.amountCents,
    }));
    writes.add(() => insertProviderAdjustmentsIn(ctx.tx, ctx.tenantId, remittanceId, plb));
  } finally {
    // Nothing is left running on the transaction, whether this throws or not.
    await writes.drain();
  }
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
  const fresh = await recordRemittanceIn(ctx.tx, ctx.tenantId, {
    id,
    fileId: ctx.fileId,
    payerId,
    traceNumber: trace,
    totalCents: remit.payment.totalCents,
    state: balance.balanced ? "posted" : "held_unbalanced",
    problems,
    at: ctx.now,
    payment: remittancePayment(remit),
  });
  if (!fresh) {
    tally.duplicates += 1;
    return;
  }
  if (!balance.balanced) {
    tally.unbalanced += 1;
    return;
  }
  await postRemittance(ctx, id, remit, tally);
}
