/**
 * Eligibility questions (270) and answers (271), per tenant. A request is stored in the
 * transaction that queues its send job (the pipeline's); each answer is a result row, and
 * the latest result for a patient and payer is what the scrubber checks coverage against.
 * A failed request keeps why (its 270 rejected by a TA1/999, or no 271 in time).
 */
import type { CoverageSummary } from "../domain/coverage.js";
import type { EligibilityFailure, EligibilityRequest } from "../domain/eligibility.js";
import type { EligibilityResult } from "../domain/scrub/types.js";
import type { Queryable } from "./database.js";

export type EligibilityState = "pending" | "sent" | "answered" | "failed";

export interface EligibilityRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly partnerId: string;
  readonly traceId: string;
  readonly patientKey: string;
  readonly payerId: string;
  readonly request: EligibilityRequest;
  readonly state: EligibilityState;
  readonly fileId: string | null;
  readonly reference: string | null;
  readonly createdAt: Date;
  readonly answeredAt: Date | null;
  /** The POST /v1/eligibility/batch it came in, and its place there. */
  readonly batchId: string | null;
  readonly batchPosition: number | null;
  /** The outbound 270 transaction set that carries it. */
  readonly transactionSetId: string | null;
  readonly failure: EligibilityFailure | null;
  readonly failedAt: Date | null;
}

export interface NewEligibilityRequest {
  readonly id: string;
  readonly partnerId: string;
  readonly patientKey: string;
  readonly request: EligibilityRequest;
  readonly batch?: { readonly id: string; readonly position: number };
}

interface RequestRow {
  id: string;
  tenant_id: string;
  partner_id: string;
  trace_id: string;
  patient_key: string;
  payer_id: string;
  request: EligibilityRequest;
  state: EligibilityState;
  file_id: string | null;
  reference: string | null;
  created_at: Date | string;
  answered_at: Date | string | null;
  batch_id: string | null;
  batch_position: number | null;
  transaction_set_id: string | null;
  failure: EligibilityFailure | null;
  failed_at: Date | string | null;
}

const dateOrNull = (d: Date | string | null) => (d === null ? null : new Date(d));

const toRecord = (r: RequestRow): EligibilityRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  partnerId: r.partner_id,
  traceId: r.trace_id,
  patientKey: r.patient_key,
  payerId: r.payer_id,
  request: r.request,
  state: r.state,
  fileId: r.file_id,
  reference: r.reference,
  createdAt: new Date(r.created_at),
  answeredAt: dateOrNull(r.answered_at),
  batchId: r.batch_id,
  batchPosition: r.batch_position,
  transactionSetId: r.transaction_set_id,
  failure: r.failure,
  failedAt: dateOrNull(r.failed_at),
});

/** Stores one pending request; undefined when the tenant has its trace id already. */
export async function insertEligibilityRequestIn(
  tx: Queryable,
  tenantId: string,
  request: NewEligibilityRequest,
  at: Date,
): Promise<EligibilityRecord | undefined> {
  const { rows } = await tx.query<RequestRow>(
    `insert into eligibility_requests (id, tenant_id, partner_id, trace_id, patient_key,
       payer_id, request, state, created_at, batch_id, batch_position)
     values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10)
     on conflict (tenant_id, trace_id) do nothing
     returning *`,
    [
      request.id,
      tenantId,
      request.partnerId,
      request.request.traceId,
      request.patientKey,
      request.request.payer.id,
      JSON.stringify(request.request),
      at,
      request.batch?.id ?? null,
      request.batch?.position ?? null,
    ],
  );
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

export async function getEligibilityRequest(
  db: Queryable,
  tenantId: string,
  id: string,
  lock = false,
): Promise<EligibilityRecord | undefined> {
  const { rows } = await db.query<RequestRow>(
    `select * from eligibility_requests where tenant_id = $1 and id = $2${lock ? " for update" : ""}`,
    [tenantId, id],
  );
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/**
 * The other pending requests of a request's batch for the same partner, locked, in batch
 * order; at most `limit`. Ones another sender holds are skipped (it sends them).
 */
export async function pendingBatchMates(
  tx: Queryable,
  record: EligibilityRecord,
  limit: number,
): Promise<EligibilityRecord[]> {
  if (record.batchId === null) return [];
  const { rows } = await tx.query<RequestRow>(
    `select * from eligibility_requests
     where tenant_id = $1 and batch_id = $2 and partner_id = $3 and state = 'pending' and id <> $4
     order by batch_position, id limit $5 for update skip locked`,
    [record.tenantId, record.batchId, record.partnerId, record.id, limit],
  );
  return rows.map(toRecord);
}

/**
 * pending → sent, with the 270 file, its BHT03 and (when known) its transaction set. False
 * when it was not pending.
 */
export async function markEligibilitySent(
  tx: Queryable,
  tenantId: string,
  id: string,
  sent: { fileId: string; reference: string; transactionSetId?: string },
): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `update eligibility_requests set state = 'sent', file_id = $3, reference = $4,
       transaction_set_id = $5
     where tenant_id = $1 and id = $2 and state = 'pending' returning id`,
    [tenantId, id, sent.fileId, sent.reference, sent.transactionSetId ?? null],
  );
  return rows.length > 0;
}

/**
 * The sent or answered requests (or timed out: a late answer still counts) a 271 summary answers: by its trace (TRN02 = our trace id),
 * else every request whose 270 carried its BHT03 reference.
 */
export async function requestsAnsweredBy(
  tx: Queryable,
  tenantId: string,
  match: { trace?: string; reference?: string },
): Promise<EligibilityRecord[]> {
  if (match.trace === undefined && match.reference === undefined) return [];
  const byTrace = match.trace !== undefined;
  const { rows } = await tx.query<RequestRow>(
    `select * from eligibility_requests
     where tenant_id = $1 and ${byTrace ? "trace_id" : "reference"} = $2
       and (state in ('sent', 'answered') or (state = 'failed' and failure->>'reason' = 'timed_out'))
     order by id for update`,
    [tenantId, (byTrace ? match.trace : match.reference) ?? null],
  );
  return rows.map(toRecord);
}

export interface NewEligibilityResult {
  readonly id: string;
  readonly requestId: string;
  readonly patientKey: string;
  readonly payerId: string;
  /** Undefined when the 271 gave no coverage status. */
  readonly result: EligibilityResult | undefined;
  readonly summary: CoverageSummary;
}

/** Records one answer and marks its request answered. */
export async function recordEligibilityResult(
  tx: Queryable,
  tenantId: string,
  result: NewEligibilityResult,
  at: Date,
): Promise<void> {
  await tx.query(
    `insert into eligibility_results (id, tenant_id, request_id, patient_key, payer_id, active,
       coverage_from, coverage_through, summary, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      result.id,
      tenantId,
      result.requestId,
      result.patientKey,
      result.payerId,
      result.result?.active ?? null,
      result.result?.coverageFrom ?? null,
      result.result?.coverageThrough ?? null,
      JSON.stringify(result.summary),
      at,
    ],
  );
  await tx.query(
    `update eligibility_requests set state = 'answered', answered_at = $3
     where tenant_id = $1 and id = $2`,
    [tenantId, result.requestId, at],
  );
}

/** The coverage summaries a request got, oldest first. */
export async function eligibilitySummaries(
  db: Queryable,
  tenantId: string,
  requestId: string,
): Promise<CoverageSummary[]> {
  const { rows } = await db.query<{ summary: CoverageSummary }>(
    `select summary from eligibility_results where tenant_id = $1 and request_id = $2
     order by at, seq`,
    [tenantId, requestId],
  );
  return rows.map((r) => r.summary);
}

/**
 * The latest answer with a coverage status for one patient and payer, as the scrubber reads
 * it; empty when none was answered yet.
 */
export async function latestEligibilityResults(
  db: Queryable,
  tenantId: string,
  patientKey: string,
  payerId: string,
): Promise<EligibilityResult[]> {
  const { rows } = await db.query<{
    active: boolean;
    coverage_from: string | null;
    coverage_through: string | null;
  }>(
    `select active, coverage_from, coverage_through from eligibility_results
     where tenant_id = $1 and patient_key = $2 and payer_id = $3 and active is not null
     order by at desc, seq desc limit 1`,
    [tenantId, patientKey, payerId],
  );
  return rows.map((r) => ({
    patientKey,
    payerId,
    active: r.active,
    ...(r.coverage_from === null ? {} : { coverageFrom: r.coverage_from }),
    ...(r.coverage_through === null ? {} : { coverageThrough: r.coverage_through }),
  }));
}

/** The sent requests one of our outbound 270 interchanges carries (a TA1 names it by ISA13). */
export async function requestsInInterchange(
  tx: Queryable,
  tenantId: string,
  partnerId: string,
  isa13: string,
): Promise<EligibilityRecord[]> {
  const { rows } = await tx.query<RequestRow>(
    `select r.* from eligibility_requests r
     join interchanges i on i.file_id = r.file_id and i.tenant_id = r.tenant_id
     where r.tenant_id = $1 and i.partner_id = $2 and i.direction = 'outbound'
       and i.isa_control_number = $3 and r.state = 'sent'
     order by r.id for update of r`,
    [tenantId, partnerId, isa13],
  );
  return rows.map(toRecord);
}

/** A sent request with the ST02 of the 270 set carrying it. */
export interface RequestInSet {
  readonly record: EligibilityRecord;
  readonly stControlNumber: string;
}

/**
 * The requests of our outbound 270 sets in one functional group (a 999 names it by GS06),
 * whatever their state (a 271 may have come first), with their set's ST02.
 */
export async function requestsInGroup(
  tx: Queryable,
  tenantId: string,
  partnerId: string,
  gsControlNumber: string,
): Promise<RequestInSet[]> {
  const { rows } = await tx.query<RequestRow & { st_control_number: string }>(
    `select r.*, t.st_control_number from eligibility_requests r
     join transaction_sets t on t.id = r.transaction_set_id and t.tenant_id = r.tenant_id
     join interchanges i on i.id = t.interchange_id
     where r.tenant_id = $1 and i.partner_id = $2 and i.direction = 'outbound'
       and t.gs_control_number = $3
     order by t.st_control_number, r.id for update of r`,
    [tenantId, partnerId, gsControlNumber],
  );
  return rows.map((r) => ({ record: toRecord(r), stControlNumber: r.st_control_number }));
}

/** sent → failed with why; returns how many moved (ones no longer sent stay as they are). */
export async function failEligibilityRequests(
  tx: Queryable,
  tenantId: string,
  ids: readonly string[],
  failure: EligibilityFailure,
  at: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const { rowCount } = await tx.query(
    `update eligibility_requests set state = 'failed', failure = $3, failed_at = $4
     where tenant_id = $1 and id = any($2::text[]) and state = 'sent'`,
    [tenantId, ids, JSON.stringify(failure), at],
  );
  return rowCount;
}

/** A sent request whose 271 is past due, with the partner's deadline in hours. */
export interface OverdueRequest {
  readonly id: string;
  readonly tenantId: string;
  readonly dueHours: number;
}

/**
 * Sent requests with no answer past the partner's deadline: their 270 file transmitted
 * (`sent`) more than the partner's acknowledgment hours ago. Locked (others skipped), the
 * oldest first, at most `limit`.
 */
export async function overdueEligibilityRequests(
  tx: Queryable,
  now: Date,
  options: { tenantId?: string; limit: number },
): Promise<OverdueRequest[]> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; ack_due_hours: number }>(
    `select r.id, r.tenant_id, p.ack_due_hours from eligibility_requests r
     join files f on f.id = r.file_id and f.tenant_id = r.tenant_id
     join trading_partners p on p.tenant_id = r.tenant_id and p.id = r.partner_id
     where r.state = 'sent' and f.state = 'sent'
       and f.updated_at + p.ack_due_hours * interval '1 hour' < $1
       and ($2::text is null or r.tenant_id = $2)
     order by f.updated_at, r.id limit $3 for update of r skip locked`,
    [now, options.tenantId ?? null, options.limit],
  );
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, dueHours: r.ack_due_hours }));
}
