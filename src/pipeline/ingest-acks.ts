/**
 * TA1 and 999 into the claim records. A TA1 that rejects one of our interchanges rejects every
 * claim in it; a 999 set response accepts (A, E) or rejects (M, R, W, X) the claims of the
 * transaction set it names (our GS06 + ST02). In a rejected set, the claims an IK3 falls in get
 * that error as their reason; the others were rejected for a neighbour's error and only need
 * sending again. Every change is a timeline event pointing at the acknowledgment file.
 * The same acknowledgments answer our 270s: their eligibility requests fail on a rejection
 * (ingest-eligibility.ts), counted with the rejected claims.
 */
import type { TradingPartner } from "../config/partners.js";
import { canTransition } from "../domain/lifecycle.js";
import type { ClaimState } from "../domain/lifecycle.js";
import { applyClaimEventIn, recordEvidenceIn } from "../store/claims.js";
import type { Queryable } from "../store/database.js";
import type { InboundInterchange } from "../x12/transactions/inbound.js";
import type { ImplementationAcknowledgment, SetAcknowledgment } from "../x12/transactions/999.js";
import { isSetRejected } from "../x12/transactions/999.js";
import type { InterchangeAcknowledgment } from "../x12/transactions/ta1.js";
import { applyGroupToRequests, failInterchangeRequests } from "./ingest-eligibility.js";

export interface AckContext {
  readonly tx: Queryable;
  readonly tenantId: string;
  readonly partner: TradingPartner;
  readonly fileId: string;
  readonly now: Date;
  /**
   * The transaction set's ordinal within the file (1-based): segment positions count within
   * a set, so rows keyed by position also carry it. Absent: 1.
   */
  readonly setNumber?: number;
}

export interface AckTally {
  accepted: number;
  /** Claims rejected, and eligibility requests failed by a rejected 270. */
  rejected: number;
  /** Responses naming nothing we sent (or claims already past the point). */
  unmatched: number;
}

interface SentClaim {
  claim_id: string;
  state: ClaimState;
  segment_from: number | null;
  segment_to: number | null;
}

/** The claims of the current submission carried by one of our transaction sets or interchanges. */
async function claimsIn(ctx: AckContext, where: string, params: unknown[]): Promise<SentClaim[]> {
  const { rows } = await ctx.tx.query<SentClaim>(
    `select s.claim_id, c.state, s.segment_from, s.segment_to
     from submissions s
     join claims c on c.id = s.claim_id and c.tenant_id = s.tenant_id and c.current_submission = s.seq
     join transaction_sets t on t.id = s.transaction_set_id
     join interchanges i on i.id = t.interchange_id
     where s.tenant_id = $1 and i.partner_id = $2 and i.direction = 'outbound' and ${where}
     order by s.segment_from`,
    [ctx.tenantId, ctx.partner.id, ...(params as string[])],
  );
  return rows;
}

async function move(
  ctx: AckContext,
  claim: SentClaim,
  event: "ack_accepted" | "ack_rejected",
  position: number,
  details: Record<string, unknown>,
  tally: AckTally,
): Promise<void> {
  if (!canTransition(claim.state, event)) {
    // The claim moved on already (its 277CA or 835 was read first): keep the 999 as evidence.
    if (event === "ack_accepted" && claim.state !== "rejected") {
      await recordEvidenceIn(ctx.tx, ctx.tenantId, claim.claim_id, event, {
        at: ctx.now,
        cause: String(details.source),
        fileId: ctx.fileId,
        segmentPosition: position,
        details,
      });
    }
    tally.unmatched += 1;
    return;
  }
  const accepted = event === "ack_accepted";
  const dueAt = new Date(ctx.now.getTime() + ctx.partner.followUp.claimAckHours * 3600_000);
  await applyClaimEventIn(
    ctx.tx,
    ctx.tenantId,
    claim.claim_id,
    event,
    {
      at: ctx.now,
      cause: details.source as string,
      fileId: ctx.fileId,
      segmentPosition: position,
      details,
    },
    accepted
      ? { nextEvent: "277ca", dueAt }
      : { owner: "submission", reasonCode: String(details.reason), nextEvent: null, dueAt: null },
  );
  if (accepted) tally.accepted += 1;
  else tally.rejected += 1;
}

export async function applyTa1(ctx: AckContext, ack: InterchangeAcknowledgment, tally: AckTally) {
  const isa13 = ack.controlNumber.padStart(9, "0");
  await ctx.tx.query(
    `update interchanges set ack_code = $4, note_code = $5,
       state = case when $4 = 'R' then 'rejected' else 'accepted' end
     where tenant_id = $1 and partner_id = $2 and direction = 'outbound' and isa_control_number = $3`,
    [ctx.tenantId, ctx.partner.id, isa13, ack.status, ack.noteCode],
  );
  if (ack.status !== "R") return;
  const claims = await claimsIn(ctx, "i.isa_control_number = $3", [isa13]);
  const requests = await failInterchangeRequests(ctx, ack);
  tally.rejected += requests;
  if (claims.length === 0 && requests === 0) tally.unmatched += 1;
  for (const claim of claims) {
    await move(
      ctx,
      claim,
      "ack_rejected",
      ack.position,
      {
        source: "TA1",
        reason: `TA1_${ack.noteCode}`,
        noteCode: ack.noteCode,
      },
      tally,
    );
  }
}

function errorsOf(set: SetAcknowledgment, claim: SentClaim) {
  if (claim.segment_from === null || claim.segment_to === null) return [];
  const from = claim.segment_from;
  const to = claim.segment_to;
  return set.segmentErrors.filter((e) => e.position >= from && e.position <= to);
}

async function applySet(
  ctx: AckContext,
  groupControlNumber: string,
  set: SetAcknowledgment,
  position: number,
  tally: AckTally,
  carriesRequests: boolean,
) {
  const claims = await claimsIn(ctx, "t.gs_control_number = $3 and t.st_control_number = $4", [
    groupControlNumber,
    set.controlNumber,
  ]);
  await ctx.tx.query(
    `update transaction_sets t set ack_code = $5 from interchanges i
     where i.id = t.interchange_id and t.tenant_id = $1 and i.partner_id = $2
       and t.gs_control_number = $3 and t.st_control_number = $4`,
    [ctx.tenantId, ctx.partner.id, groupControlNumber, set.controlNumber, set.status],
  );
  if (claims.length === 0 && !carriesRequests) tally.unmatched += 1;
  const rejected = isSetRejected(set.status);
  for (const claim of claims) {
    if (!rejected) {
      await move(
        ctx,
        claim,
        "ack_accepted",
        position,
        { source: "999", status: set.status },
        tally,
      );
      continue;
    }
    const own = errorsOf(set, claim);
    const details = own[0]
      ? {
          source: "999",
          reason: `IK3_${own[0].code ?? "8"}`,
          errors: own.map((e) => ({
            segment: e.segmentId,
            position: e.position,
            loop: e.loop,
            code: e.code,
            elements: e.elementErrors.map((x) => ({
              position: x.position,
              component: x.component,
              code: x.code,
            })),
          })),
        }
      : { source: "999", reason: "SET_REJECTED", setErrors: set.errorCodes };
    await move(ctx, claim, "ack_rejected", own[0]?.position ?? position, details, tally);
  }
}

export async function apply999(
  ctx: AckContext,
  ack: ImplementationAcknowledgment,
  position: number,
  tally: AckTally,
) {
  for (const group of ack.groups) {
    const requests = await applyGroupToRequests(ctx, group);
    tally.rejected += requests.failed;
    for (const set of group.sets) {
      const carries = requests.sets.has(set.controlNumber);
      await applySet(ctx, group.controlNumber, set, position, tally, carries);
    }
  }
}

/** Applies every TA1 and 999 of an inbound interchange; other sets are left to their readers. */
export async function applyAcknowledgments(
  ctx: AckContext,
  inbound: InboundInterchange,
  tally: AckTally,
): Promise<void> {
  for (const ta1 of inbound.interchangeAcknowledgments) await applyTa1(ctx, ta1, tally);
  for (const t of inbound.transactions) {
    if (t.kind === "999") await apply999(ctx, t.acknowledgment, 1, tally);
  }
}
