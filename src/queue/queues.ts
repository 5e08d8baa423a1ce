/**
 * Queue names, job payloads and job ids, shared by the api (producers) and the workers.
 *
 * Payloads carry ids only, never PHI: Redis and Bull Board show them. Job ids are derived
 * from the work, so enqueueing the same work twice is a no-op while the first job is kept;
 * the store's unique keys guard every side effect as well, because a job id stops
 * deduplicating once its job is removed.
 */
import type { JobsOptions } from "bullmq";

export const QUEUE_NAMES = [
  "scrub",
  "batch",
  "transmit",
  "poll",
  "ingest",
  "followup",
  "eligibility",
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface ScrubOne {
  tenantId: string;
  claimId: string;
  submission: number;
}

/** The claims one intake batch stored (one job for all, not one a claim). */
export interface ScrubMany {
  tenantId: string;
  claimIds: readonly string[];
}

export interface JobPayloads {
  /** Scrub one claim (a new encounter, or a corrected one), or the claims of one intake batch. */
  scrub: ScrubOne | ScrubMany;
  /** Collect the ready claims routed to one partner into interchanges. */
  batch: { tenantId: string; partnerId: string };
  /** Send one stored interchange file. */
  transmit: { tenantId: string; partnerId: string; fileId: string };
  /** Look for new files in a partner's outbound directory. */
  poll: { tenantId: string; partnerId: string };
  /** Read one stored inbound file (TA1, 999, 277CA, 835, 271) into the claim records. */
  ingest: { tenantId: string; fileId: string };
  /** Mark overdue claims stalled. */
  followup: { tenantId?: string };
  /** Send one eligibility request (270). */
  eligibility: { tenantId: string; requestId: string };
}

/** Deterministic job ids. BullMQ job ids must not contain ':' (its key separator). */
export const jobIds = {
  scrub: (p: ScrubOne) => `scrub-${p.claimId}-${p.submission}`,
  /** An intake batch's claim ids are new, so its first one names the batch. */
  scrubMany: (p: ScrubMany) => `scrub-many-${p.claimIds[0] ?? "none"}-${p.claimIds.length}`,
  transmit: (p: JobPayloads["transmit"]) => `transmit-${p.fileId}`,
  ingest: (p: JobPayloads["ingest"]) => `ingest-${p.fileId}`,
  eligibility: (p: JobPayloads["eligibility"]) => `eligibility-${p.requestId}`,
  /** Batch and poll run per partner per time slot: one job per partner per slot. */
  batch: (p: JobPayloads["batch"], slot: number) => `batch-${p.partnerId}-${slot}`,
  poll: (p: JobPayloads["poll"], slot: number) => `poll-${p.partnerId}-${slot}`,
} as const;

/**
 * Defaults for every job: retried with exponential backoff (only transient faults are
 * thrown as retryable by the workers; a bad claim fails visibly without retries), and
 * failed jobs kept so ops can see them.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};
