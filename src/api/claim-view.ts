/** What the API shows of a claim: ISO dates, cents, no encounter unless asked for (PHI). */
import type { AdjustmentCodeSet } from "../domain/codesets/types.js";
import type { ClaimPaymentRecord, StoredAdjustment } from "../store/claim-payments-read.js";
import type { ClaimRecord, TimelineEntry } from "../store/claims.js";

/** The CARC and RARC lists, when loaded: their published texts. Absent lists give null texts. */
export interface CodeTexts {
  readonly carc?: AdjustmentCodeSet;
  readonly rarc?: AdjustmentCodeSet;
}

export function claimSummary(claim: ClaimRecord) {
  return {
    id: claim.id,
    patientControlNumber: claim.patientControlNumber,
    claimType: claim.claimType,
    payerId: claim.payerId,
    state: claim.state,
    owner: claim.owner,
    reasonCode: claim.reasonCode,
    totalChargeCents: claim.totalChargeCents,
    payerClaimNumber: claim.payerClaimNumber,
    nextEvent: claim.nextEvent,
    dueAt: claim.dueAt?.toISOString() ?? null,
    submission: claim.currentSubmission,
    createdAt: claim.createdAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
    links: { self: `/v1/claims/${claim.id}`, timeline: `/v1/claims/${claim.id}/timeline` },
  };
}

export function timelineView(entry: TimelineEntry) {
  return {
    at: entry.at.toISOString(),
    event: entry.event,
    from: entry.from,
    to: entry.to,
    cause: entry.cause,
    evidence:
      entry.fileId === null
        ? null
        : { fileId: entry.fileId, segmentPosition: entry.segmentPosition },
    details: entry.details,
  };
}

/** A CARC's published text, or null when the list is not loaded or lacks the code (never made up). */
export const carcText = (codes: CodeTexts, carc: string): string | null =>
  codes.carc?.description(carc) ?? null;

export const remarkView = (codes: CodeTexts, code: string) => ({
  code,
  description: codes.rarc?.description(code) ?? null,
});

function adjustmentView(codes: CodeTexts, a: StoredAdjustment) {
  return {
    level: a.level,
    linePosition: a.linePosition ?? null,
    group: a.group,
    reason: a.reason,
    description: carcText(codes, a.reason),
    amountCents: a.amountCents,
    quantity: a.quantity ?? null,
    owner: a.owner ?? null,
    denial: a.denial ?? null,
    // Postings keep remark codes only when there are some.
    remarks: (a.remarks ?? []).map((code) => remarkView(codes, code)),
  };
}

/** One 835 posting to a claim, with its adjustments and remark codes in words where known. */
export function paymentView(codes: CodeTexts, p: ClaimPaymentRecord) {
  const remarks = [...new Set(p.adjustments.flatMap((a) => a.remarks ?? []))];
  return {
    remittanceId: p.remittanceId,
    at: p.at.toISOString(),
    position: p.position,
    statusCode: p.statusCode,
    payerClaimNumber: p.payerClaimNumber,
    chargeCents: p.chargeCents,
    paidCents: p.paidCents,
    patientResponsibilityCents: p.patientResponsibilityCents,
    deniedCents: p.deniedCents,
    reversal: p.reversal,
    outcome: p.outcome,
    owner: p.owner,
    adjustments: p.adjustments.map((a) => adjustmentView(codes, a)),
    remarks: remarks.map((code) => remarkView(codes, code)),
    links: { remittance: `/v1/remittances/${p.remittanceId}` },
  };
}
