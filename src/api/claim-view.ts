/** What the API shows of a claim: ISO dates, cents, no encounter unless asked for (PHI). */
import type { ClaimRecord, TimelineEntry } from "../store/claims.js";

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
