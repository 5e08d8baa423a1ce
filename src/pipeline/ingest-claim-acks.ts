/**
 * 277CA into the claim records. Each claim status is matched to the submission it answers (our
 * trace from REF*D9 first, then the patient control number from TRN02), recorded with who sent
 * it, and moves the claim: accepted for adjudication (A1/A2 ...: the payer claim number kept,
 * the 835 now due) or rejected (A3/A4/A6/A7/A8: owner and reason from schemas/root-cause, on the
 * rejection queue). Other categories (pending, information requested) are recorded only.
 */
import { classifyClaimStatus } from "../domain/root-cause.js";
import { canTransition } from "../domain/lifecycle.js";
import type { ClaimState } from "../domain/lifecycle.js";
import { applyClaimEventIn } from "../store/claims.js";
import type { ClaimAcknowledgment, ClaimStatus } from "../x12/transactions/277ca.js";
import type { AckContext } from "./ingest-acks.js";

export interface StatusTally {
  accepted: number;
  rejected: number;
  recorded: number;
  unmatched: number;
}

interface Matched {
  id: string;
  state: ClaimState;
}

async function matchClaim(ctx: AckContext, status: ClaimStatus): Promise<Matched | undefined> {
  if (status.clearinghouseTrace) {
    const { rows } = await ctx.tx.query<Matched>(
      `select c.id, c.state from submissions s join claims c on c.id = s.claim_id
       where s.tenant_id = $1 and s.trace_id = $2`,
      [ctx.tenantId, status.clearinghouseTrace],
    );
    if (rows[0]) return rows[0];
  }
  const { rows } = await ctx.tx.query<Matched>(
    "select id, state from claims where tenant_id = $1 and patient_control_number = $2",
    [ctx.tenantId, status.patientControlNumber],
  );
  return rows[0];
}

export async function recordUnmatched(
  ctx: AckContext,
  kind: string,
  position: number,
  keys: { patientControlNumber?: string; payerClaimNumber?: string },
) {
  await ctx.tx.query(
    `insert into unmatched_items (tenant_id, file_id, kind, position, patient_control_number, payer_claim_number, at, set_number)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
    [
      ctx.tenantId,
      ctx.fileId,
      kind,
      position,
      keys.patientControlNumber ?? null,
      keys.payerClaimNumber ?? null,
      ctx.now,
      ctx.setNumber ?? 1,
    ],
  );
}

async function applyStatus(ctx: AckContext, status: ClaimStatus, tally: StatusTally) {
  const claim = await matchClaim(ctx, status);
  if (!claim) {
    tally.unmatched += 1;
    await recordUnmatched(ctx, "277CA", status.position, {
      patientControlNumber: status.patientControlNumber,
      ...(status.payerClaimControlNumber
        ? { payerClaimNumber: status.payerClaimControlNumber }
        : {}),
    });
    return;
  }
  const main = status.statuses.find((s) => !s.additional) ?? status.statuses[0];
  if (!main) return;
  const cause = classifyClaimStatus(main);
  const accepted = !cause.rejection && /^A[0125]$/.test(main.category);
  await ctx.tx.query(
    `insert into claim_statuses (tenant_id, claim_id, file_id, position, source_name, category, status_code,
       entity, rejection, owner, payer_claim_number, at, set_number)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (file_id, set_number, position) do nothing`,
    [
      ctx.tenantId,
      claim.id,
      ctx.fileId,
      status.position,
      status.source?.party?.name ?? null,
      main.category,
      main.code,
      main.entity ?? null,
      cause.rejection,
      cause.owner ?? null,
      status.payerClaimControlNumber ?? null,
      ctx.now,
      ctx.setNumber ?? 1,
    ],
  );
  const event = cause.rejection ? "claim_rejected" : accepted ? "claim_accepted" : undefined;
  if (!event || !canTransition(claim.state, event)) {
    tally.recorded += 1;
    return;
  }
  const details = {
    source: "277CA",
    category: main.category,
    status: main.code,
    entity: main.entity ?? null,
    reason: cause.reason,
  };
  const evidence = {
    at: ctx.now,
    cause: "277CA",
    fileId: ctx.fileId,
    segmentPosition: main.position,
    details,
  };
  if (event === "claim_rejected") {
    await applyClaimEventIn(ctx.tx, ctx.tenantId, claim.id, event, evidence, {
      owner: cause.owner ?? "submission",
      reasonCode: `277CA_${main.category}_${main.code}`,
      nextEvent: null,
      dueAt: null,
    });
    tally.rejected += 1;
    return;
  }
  const dueAt = new Date(ctx.now.getTime() + ctx.partner.followUp.remitHours * 3600_000);
  await applyClaimEventIn(ctx.tx, ctx.tenantId, claim.id, event, evidence, {
    payerClaimNumber: status.payerClaimControlNumber ?? null,
    owner: null,
    reasonCode: null,
    nextEvent: "835",
    dueAt,
  });
  tally.accepted += 1;
}

export async function applyClaimAcknowledgment(
  ctx: AckContext,
  ack: ClaimAcknowledgment,
  tally: StatusTally,
): Promise<void> {
  for (const status of ack.claims) await applyStatus(ctx, status, tally);
}
