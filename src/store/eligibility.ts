/**
 * Eligibility questions (270) and answers (271), per tenant. A request is stored with its
 * send job in the outbox of the same transaction; each answer is a result row, and the
 * latest result for a patient and payer is what the scrubber checks coverage against.
 */
import type { CoverageSummary } from "../domain/coverage.js";
import type { EligibilityRequest } from "../domain/eligibility.js";
import type { EligibilityResult } from "../domain/scrub/types.js";
import { ClaimgateError } from "../errors.js";
import type { Database, Queryable } from "./database.js";
import { addOutboxJobs } from "./outbox.js";
import type { OutboxJob } from "./outbox.js";

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
}

export interface NewEligibilityRequest {
  readonly id: string;
  readonly partnerId: string;
  readonly patientKey: string;
  readonly request: EligibilityRequest;
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
}

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
  answeredAt: r.answered_at === null ? null : new Date(r.answered_at),
});

/** Stores a pending request and its jobs in one transaction; a repeated trace id conflicts. */
export async function insertEligibilityRequest(
  db: Database,
  tenantId: string,
  request: NewEligibilityRequest,
  at: Date,
  jobs: readonly OutboxJob[] = [],
): Promise<EligibilityRecord> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<RequestRow>(
      `insert into eligibility_requests (id, tenant_id, partner_id, trace_id, patient_key,
         payer_id, request, state, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)
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
      ],
    );
    const row = rows[0];
    if (row === undefined) {
      throw new ClaimgateError(
        "STORE_CONFLICT",
        "an eligibility request with this trace id already exists for the tenant",
      );
    }
    await addOutboxJobs(tx, jobs);
    return toRecord(row);
  });
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

/** pending → sent, with the 270 file and its BHT03. False when it was not pending. */
export async function markEligibilitySent(
  tx: Queryable,
  tenantId: string,
  id: string,
  sent: { fileId: string; reference: string },
): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `update eligibility_requests set state = 'sent', file_id = $3, reference = $4
     where tenant_id = $1 and id = $2 and state = 'pending' returning id`,
    [tenantId, id, sent.fileId, sent.reference],
  );
  return rows.length > 0;
}

/**
 * The sent or answered requests a 271 summary answers: by its trace (TRN02 = our trace id),
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
       and state in ('sent', 'answered')
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
