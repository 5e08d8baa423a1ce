/**
 * What scrubbing many claims at once reads and writes, one statement for all of them: the
 * claims already sent that share a fingerprint (duplicates), the latest coverage answer per
 * patient and payer, the ready claims waiting per partner, and the edits of each claim's latest
 * scrub. Every query filters by tenant.
 */
import type { EligibilityResult, PriorClaim, ScrubEdit } from "../domain/scrub/index.js";
import type { Queryable } from "./database.js";
import { arrayLiteral } from "./sql-arrays.js";
import type { ArrayCell } from "./sql-arrays.js";

/**
 * Claims with one of these fingerprints that were sent (or are about to be): held, received
 * and rejected ones are left out, since they never reached adjudication.
 */
export async function sentClaimsLike(
  db: Queryable,
  tenantId: string,
  fingerprints: readonly string[],
): Promise<PriorClaim[]> {
  if (fingerprints.length === 0) return [];
  const { rows } = await db.query<{
    id: string;
    patient_control_number: string;
    fingerprint: string;
  }>(
    `select id, patient_control_number, fingerprint from claims
     where tenant_id = $1 and fingerprint = any($2::text[])
       and state not in ('received', 'held', 'rejected')`,
    [tenantId, [...new Set(fingerprints)]],
  );
  return rows.map((r) => ({
    claimId: r.id,
    patientControlNumber: r.patient_control_number,
    fingerprint: r.fingerprint,
  }));
}

export interface CoverageKey {
  readonly patientKey: string;
  readonly payerId: string;
}

export const coverageKey = (k: CoverageKey): string => JSON.stringify([k.patientKey, k.payerId]);

/** The latest answer with a coverage status per patient and payer, keyed by `coverageKey`. */
export async function latestCoverage(
  db: Queryable,
  tenantId: string,
  keys: readonly CoverageKey[],
): Promise<Map<string, EligibilityResult>> {
  const unique = [...new Map(keys.map((k) => [coverageKey(k), k])).values()];
  if (unique.length === 0) return new Map();
  const { rows } = await db.query<{
    patient_key: string;
    payer_id: string;
    active: boolean;
    coverage_from: string | null;
    coverage_through: string | null;
  }>(
    `select distinct on (e.patient_key, e.payer_id)
       e.patient_key, e.payer_id, e.active, e.coverage_from, e.coverage_through
     from eligibility_results e
     join unnest($2::text[], $3::text[]) as w(patient_key, payer_id)
       on w.patient_key = e.patient_key and w.payer_id = e.payer_id
     where e.tenant_id = $1 and e.active is not null
     order by e.patient_key, e.payer_id, e.at desc, e.seq desc`,
    [tenantId, unique.map((k) => k.patientKey), unique.map((k) => k.payerId)],
  );
  const out = new Map<string, EligibilityResult>();
  for (const r of rows) {
    const key = { patientKey: r.patient_key, payerId: r.payer_id };
    out.set(coverageKey(key), {
      ...key,
      active: r.active,
      ...(r.coverage_from === null ? {} : { coverageFrom: r.coverage_from }),
      ...(r.coverage_through === null ? {} : { coverageThrough: r.coverage_through }),
    });
  }
  return out;
}

/** How many claims wait in `ready` for each of the partners. */
export async function readyCounts(
  db: Queryable,
  tenantId: string,
  partnerIds: readonly string[],
): Promise<Map<string, number>> {
  if (partnerIds.length === 0) return new Map();
  const { rows } = await db.query<{ partner_id: string; n: number }>(
    `select partner_id, count(*)::int as n from claims
     where tenant_id = $1 and partner_id = any($2::text[]) and work_state = 'ready'
     group by partner_id`,
    [tenantId, [...new Set(partnerIds)]],
  );
  return new Map(rows.map((r) => [r.partner_id, r.n]));
}

export interface ClaimScrubEdits {
  readonly claimId: string;
  readonly submission: number;
  readonly edits: readonly ScrubEdit[];
}

/** Replaces the stored edits of each claim with those of its latest scrub (two statements). */
export async function replaceClaimEditsIn(
  tx: Queryable,
  tenantId: string,
  scrubbed: readonly ClaimScrubEdits[],
): Promise<void> {
  if (scrubbed.length === 0) return;
  await tx.query("delete from claim_edits where tenant_id = $1 and claim_id = any($2::text[])", [
    tenantId,
    arrayLiteral(scrubbed.map((s) => s.claimId)),
  ]);
  // One typed array a column (sql-arrays.ts): cheaper for PostgreSQL than JSON records.
  const columns: ArrayCell[][] = [[], [], [], [], [], [], []];
  for (const s of scrubbed) {
    for (const e of s.edits) {
      columns[0]!.push(s.claimId);
      columns[1]!.push(s.submission);
      columns[2]!.push(e.code);
      columns[3]!.push(e.owner);
      columns[4]!.push(e.severity);
      columns[5]!.push(e.path);
      columns[6]!.push(e.message);
    }
  }
  if (columns[0]!.length === 0) return;
  await tx.query(
    `insert into claim_edits (tenant_id, claim_id, submission, code, owner, severity, field, message)
     select $1, e.claim_id, e.submission, e.code, e.owner, e.severity, e.field, e.message
     from rows from (unnest($2::text[]), unnest($3::integer[]), unnest($4::text[]),
       unnest($5::text[]), unnest($6::text[]), unnest($7::text[]), unnest($8::text[]))
       as e(claim_id, submission, code, owner, severity, field, message)`,
    [tenantId, ...columns.map(arrayLiteral)],
  );
}
