/**
 * The transactional outbox: a job is written in the same transaction as the state change that
 * needs it; a relay enqueues pending rows with their deterministic job ids and marks them.
 * Losing Redis loses no work: the rows are still here.
 */
import type { Queryable } from "./database.js";

export interface OutboxJob {
  readonly queue: string;
  readonly jobId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Run no earlier than this (a delayed job); now when absent. */
  readonly runAt?: Date;
}

export interface PendingJob extends OutboxJob {
  readonly id: string;
}

/** Writes the jobs (in order) in one statement. */
export async function addOutboxJobs(tx: Queryable, jobs: readonly OutboxJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => ({
    queue: job.queue,
    job_id: job.jobId,
    payload: job.payload,
    run_at: job.runAt?.toISOString() ?? null,
  }));
  // WITH ORDINALITY keeps the rows' ids (the relay's order) in the order of the jobs.
  await tx.query(
    `insert into outbox (queue, job_id, payload, run_at)
     select j.queue, j.job_id, j.payload, j.run_at
     from rows from (jsonb_to_recordset($1::jsonb)
       as (queue text, job_id text, payload jsonb, run_at timestamptz))
       with ordinality as j(queue, job_id, payload, run_at, n)
     order by j.n`,
    [JSON.stringify(rows)],
  );
}

export async function pendingOutboxJobs(db: Queryable, limit = 100): Promise<PendingJob[]> {
  const { rows } = await db.query<{
    id: string;
    queue: string;
    job_id: string;
    payload: Record<string, unknown>;
    run_at: Date | string | null;
  }>(
    `select id::text as id, queue, job_id, payload, run_at
     from outbox where relayed_at is null order by id limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    queue: r.queue,
    jobId: r.job_id,
    payload: r.payload,
    ...(r.run_at === null ? {} : { runAt: new Date(r.run_at) }),
  }));
}

export async function markRelayed(db: Queryable, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query("update outbox set relayed_at = $1 where id = any($2::bigint[])", [at, ids]);
}
