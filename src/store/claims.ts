/**
 * The claims repository: one row a claim, its timeline, and the one way a claim moves
 * (`applyClaimEvent`: the lifecycle transition, its timeline row and the jobs it needs, in one
 * transaction). Every function takes the tenant and every query filters by it.
 */

import type { ClaimEvent, ClaimState, Transition } from "../domain/lifecycle.js";
import { ClaimgateError } from "../errors.js";
import type { Database, Queryable } from "./database.js";
import { applyClaimEventsIn } from "./claim-moves.js";
import type { ClaimChanges, Evidence } from "./claim-moves.js";
import { addOutboxJobs } from "./outbox.js";
import { arrayLiteral } from "./sql-arrays.js";
import type { OutboxJob } from "./outbox.js";

export type ClaimType = "professional" | "institutional";

export interface ClaimRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly patientControlNumber: string;
  readonly claimType: ClaimType;
  readonly payerId: string;
  readonly partnerId: string | null;
  readonly state: ClaimState;
  readonly owner: string | null;
  readonly reasonCode: string | null;
  readonly totalChargeCents: number;
  readonly payerClaimNumber: string | null;
  readonly nextEvent: string | null;
  readonly dueAt: Date | null;
  readonly currentSubmission: number;
  readonly encounter: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewClaim {
  readonly id: string;
  readonly patientControlNumber: string;
  readonly claimType: ClaimType;
  readonly payerId: string;
  readonly partnerId?: string;
  readonly totalChargeCents: number;
  readonly encounter: unknown;
}

export type { ClaimChanges, Evidence } from "./claim-moves.js";

export interface TimelineEntry {
  readonly at: Date;
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly cause: string;
  readonly fileId: string | null;
  readonly segmentPosition: number | null;
  readonly details: Record<string, unknown>;
}

interface ClaimRow {
  id: string;
  tenant_id: string;
  patient_control_number: string;
  claim_type: ClaimType;
  payer_id: string;
  partner_id: string | null;
  state: ClaimState;
  owner: string | null;
  reason_code: string | null;
  total_charge_cents: string | number;
  payer_claim_number: string | null;
  next_event: string | null;
  due_at: Date | string | null;
  current_submission: number;
  encounter: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

// The claim's columns, then its encounter: from claim_encounters (0006); a row written by code
// older than that still holds it inline.
const CLAIM_FIELDS = [
  "id",
  "tenant_id",
  "patient_control_number",
  "claim_type",
  "payer_id",
  "partner_id",
  "state",
  "owner",
  "reason_code",
  "total_charge_cents",
  "payer_claim_number",
  "next_event",
  "due_at",
  "current_submission",
  "created_at",
  "updated_at",
].join(", ");
const CLAIM_COLUMNS = CLAIM_FIELDS.split(", ")
  .map((f) => `c.${f}`)
  .join(", ");

const SELECT_CLAIMS = `select ${CLAIM_COLUMNS}, coalesce(e.encounter, c.encounter::json) as encounter
  from claims c
  left join claim_encounters e on e.claim_id = c.id and e.tenant_id = c.tenant_id`;

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toRecord(r: ClaimRow): ClaimRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    patientControlNumber: r.patient_control_number,
    claimType: r.claim_type,
    payerId: r.payer_id,
    partnerId: r.partner_id,
    state: r.state,
    owner: r.owner,
    reasonCode: r.reason_code,
    totalChargeCents: Number(r.total_charge_cents),
    payerClaimNumber: r.payer_claim_number,
    nextEvent: r.next_event,
    dueAt: r.due_at === null ? null : asDate(r.due_at),
    currentSubmission: r.current_submission,
    encounter: r.encounter,
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
  };
}

async function insertEvent(
  tx: Queryable,
  tenantId: string,
  claimId: string,
  event: string,
  from: string,
  to: string,
  evidence: Evidence,
): Promise<void> {
  await tx.query(
    `insert into claim_events
       (tenant_id, claim_id, at, event, from_state, to_state, cause, file_id, segment_position, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tenantId,
      claimId,
      evidence.at,
      event,
      from,
      to,
      evidence.cause,
      evidence.fileId ?? null,
      evidence.segmentPosition ?? null,
      JSON.stringify(evidence.details ?? {}),
    ],
  );
}

/**
 * Stores a new claim in state `received` with its first timeline row and jobs. A second claim
 * with the same patient control number in the tenant is a STORE_CONFLICT.
 */
export async function insertClaim(
  db: Database,
  tenantId: string,
  claim: NewClaim,
  evidence: Evidence,
  jobs: readonly OutboxJob[] = [],
): Promise<ClaimRecord> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<ClaimRow>(
      `with inserted as (
         insert into claims (id, tenant_id, patient_control_number, claim_type, payer_id,
           partner_id, state, total_charge_cents, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, 'received', $7, $9, $9)
         on conflict (tenant_id, patient_control_number) do nothing
         returning *),
       encounter as (
         insert into claim_encounters (claim_id, tenant_id, encounter)
         select id, tenant_id, $8::json from inserted)
       select ${CLAIM_FIELDS}, $8::json as encounter from inserted`,
      [
        claim.id,
        tenantId,
        claim.patientControlNumber,
        claim.claimType,
        claim.payerId,
        claim.partnerId ?? null,
        claim.totalChargeCents,
        JSON.stringify(claim.encounter),
        evidence.at,
      ],
    );
    const row = rows[0];
    if (row === undefined) {
      throw new ClaimgateError(
        "STORE_CONFLICT",
        "a claim with this patient control number already exists for the tenant",
      );
    }
    await insertEvent(tx, tenantId, claim.id, "received", "none", "received", evidence);
    await addOutboxJobs(tx, jobs);
    return toRecord(row);
  });
}

// One statement for many claims: the rows (ordered by patient control number, so two batches
// sharing numbers lock them in the same order and cannot deadlock), then their encounters and
// first timeline rows from what was inserted. A number already taken inserts nothing and is
// not returned. Scalars travel as typed arrays; the encounters as one JSON array, whose
// elements PostgreSQL hands out as they are written (json, never converted to jsonb).
const INSERT_MANY_SQL = `with wanted as (
    select w.* from rows from (unnest($2::text[]), unnest($3::text[]), unnest($4::text[]),
      unnest($5::text[]), unnest($6::text[]), unnest($7::bigint[]), json_array_elements($8::json))
      as w(id, patient_control_number, claim_type, payer_id, partner_id, total_charge_cents,
        encounter)
    order by w.patient_control_number),
  inserted as (
    insert into claims (id, tenant_id, patient_control_number, claim_type, payer_id, partner_id,
      state, total_charge_cents, created_at, updated_at)
    select id, $1, patient_control_number, claim_type, payer_id, partner_id, 'received',
      total_charge_cents, $9, $9 from wanted
    on conflict (tenant_id, patient_control_number) do nothing
    returning id),
  encounters as (
    insert into claim_encounters (claim_id, tenant_id, encounter)
    select w.id, $1, w.encounter from wanted w join inserted i on i.id = w.id),
  timeline as (
    insert into claim_events (tenant_id, claim_id, at, event, from_state, to_state, cause, details)
    select $1, id, $9, 'received', 'none', 'received', $10, $11::jsonb from inserted)
  select id from inserted`;

/**
 * Stores many new claims in state `received` with their encounters and first timeline rows,
 * in the caller's transaction, in one statement. A claim whose patient control number the
 * tenant already has (or an earlier claim of the same call has) is not stored: returns the
 * ones that were.
 */
export async function insertClaimsIn(
  tx: Queryable,
  tenantId: string,
  claims: readonly NewClaim[],
  evidence: Evidence,
): Promise<ClaimRecord[]> {
  const seen = new Set<string>();
  const unique = claims.filter(
    (c) => !seen.has(c.patientControlNumber) && seen.add(c.patientControlNumber),
  );
  if (unique.length === 0) return [];
  const { rows: inserted } = await tx.query<{ id: string }>(INSERT_MANY_SQL, [
    tenantId,
    arrayLiteral(unique.map((c) => c.id)),
    arrayLiteral(unique.map((c) => c.patientControlNumber)),
    arrayLiteral(unique.map((c) => c.claimType)),
    arrayLiteral(unique.map((c) => c.payerId)),
    arrayLiteral(unique.map((c) => c.partnerId ?? null)),
    arrayLiteral(unique.map((c) => c.totalChargeCents)),
    JSON.stringify(unique.map((c) => c.encounter)),
    evidence.at,
    evidence.cause,
    JSON.stringify(evidence.details ?? {}),
  ]);
  const stored = new Set(inserted.map((r) => r.id));
  return unique.filter((c) => stored.has(c.id)).map((c) => newRecord(tenantId, c, evidence.at));
}

/** The record of a claim just stored by `insertClaimsIn` (what its row holds). */
function newRecord(tenantId: string, c: NewClaim, at: Date): ClaimRecord {
  return {
    id: c.id,
    tenantId,
    patientControlNumber: c.patientControlNumber,
    claimType: c.claimType,
    payerId: c.payerId,
    partnerId: c.partnerId ?? null,
    state: "received",
    owner: null,
    reasonCode: null,
    totalChargeCents: c.totalChargeCents,
    payerClaimNumber: null,
    nextEvent: null,
    dueAt: null,
    currentSubmission: 0,
    encounter: c.encounter,
    createdAt: at,
    updatedAt: at,
  };
}

export async function getClaim(db: Queryable, tenantId: string, claimId: string) {
  const { rows } = await db.query<ClaimRow>(
    `${SELECT_CLAIMS} where c.tenant_id = $1 and c.id = $2`,
    [tenantId, claimId],
  );
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** The tenant's claims with these ids (missing ones are simply absent), in no set order. */
export async function getClaims(
  db: Queryable,
  tenantId: string,
  claimIds: readonly string[],
): Promise<ClaimRecord[]> {
  if (claimIds.length === 0) return [];
  const { rows } = await db.query<ClaimRow>(
    `${SELECT_CLAIMS} where c.tenant_id = $1 and c.id = any($2::text[])`,
    [tenantId, claimIds],
  );
  return rows.map(toRecord);
}

export async function findClaimByPatientControlNumber(
  db: Queryable,
  tenantId: string,
  patientControlNumber: string,
): Promise<ClaimRecord | undefined> {
  const { rows } = await db.query<ClaimRow>(
    `${SELECT_CLAIMS} where c.tenant_id = $1 and c.patient_control_number = $2`,
    [tenantId, patientControlNumber],
  );
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

export interface ClaimFilter {
  readonly state?: ClaimState;
  readonly owner?: string;
  readonly partnerId?: string;
  readonly payerId?: string;
  /** Reason code prefix, e.g. "277CA_" or "IK3_". */
  readonly reasonPrefix?: string;
  /** Created at or after / before these instants. */
  readonly from?: Date;
  readonly to?: Date;
  /** Keyset paging: the claims after this one (by created_at, then id). */
  readonly after?: { readonly createdAt: Date; readonly id: string };
  readonly limit?: number;
}

/** States kept in claims.work_state as well (migration 0008), which has an index. */
export const WORK_STATES: readonly ClaimState[] = [
  "received",
  "held",
  "ready",
  "rejected",
  "partially_paid",
  "denied",
  "stalled",
];

/**
 * The column a state filter reads: work_state (indexed: claims_work) for a state it holds;
 * otherwise state, unindexed so that moves are HOT updates. A list of those (bulk) states
 * reads the tenant's claims and sorts them, as the list without a state filter does.
 */
const stateColumn = (state: ClaimState | undefined) =>
  state !== undefined && WORK_STATES.includes(state) ? "work_state" : "state";

export async function listClaims(
  db: Queryable,
  tenantId: string,
  filter: ClaimFilter = {},
): Promise<ClaimRecord[]> {
  const { rows } = await db.query<ClaimRow>(
    `${SELECT_CLAIMS}
     where c.tenant_id = $1
       and ($2::text is null or c.${stateColumn(filter.state)} = $2)
       and ($3::text is null or c.owner = $3)
       and ($4::text is null or c.partner_id = $4)
       and ($5::text is null or c.payer_id = $5)
       and ($6::text is null or starts_with(c.reason_code, $6))
       and ($7::timestamptz is null or c.created_at >= $7)
       and ($8::timestamptz is null or c.created_at < $8)
       and ($9::timestamptz is null or (c.created_at, c.id) > ($9, $10::text))
     order by c.created_at, c.id
     limit $11`,
    [
      tenantId,
      filter.state ?? null,
      filter.owner ?? null,
      filter.partnerId ?? null,
      filter.payerId ?? null,
      filter.reasonPrefix ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.after?.createdAt ?? null,
      filter.after?.id ?? null,
      filter.limit ?? 500,
    ],
  );
  return rows.map(toRecord);
}

export interface AppliedEvent {
  readonly claim: ClaimRecord;
  readonly transition: Transition;
}

/**
 * Moves a claim by one lifecycle event: locks the row, checks the transition (an illegal one
 * throws LIFECYCLE_ILLEGAL_TRANSITION and changes nothing), updates state and the given
 * columns, appends the timeline row and the jobs, all in one transaction.
 */
export async function applyClaimEvent(
  db: Database,
  tenantId: string,
  claimId: string,
  event: ClaimEvent,
  evidence: Evidence,
  changes: ClaimChanges = {},
  jobs: readonly OutboxJob[] = [],
): Promise<AppliedEvent> {
  return db.transaction((tx) =>
    applyClaimEventIn(tx, tenantId, claimId, event, evidence, changes, jobs),
  );
}

/** `applyClaimEvent` inside a transaction the caller holds (batching moves many claims at once). */
export async function applyClaimEventIn(
  tx: Queryable,
  tenantId: string,
  claimId: string,
  event: ClaimEvent,
  evidence: Evidence,
  changes: ClaimChanges = {},
  jobs: readonly OutboxJob[] = [],
): Promise<AppliedEvent> {
  const moves = await applyClaimEventsIn(tx, tenantId, [{ claimId, event, evidence, changes }]);
  await addOutboxJobs(tx, jobs);
  const claim = await getClaim(tx, tenantId, claimId);
  return { claim: claim as ClaimRecord, transition: moves.get(claimId) as Transition };
}

/**
 * A timeline row that moves nothing: evidence that arrived after the claim moved past it (a 999
 * ingested after the claim's 277CA), kept so the history shows every file that spoke of it.
 */
export async function recordEvidenceIn(
  tx: Queryable,
  tenantId: string,
  claimId: string,
  event: ClaimEvent,
  evidence: Evidence,
): Promise<void> {
  const { rows } = await tx.query<{ state: ClaimState }>(
    "select state from claims where tenant_id = $1 and id = $2",
    [tenantId, claimId],
  );
  const state = rows[0]?.state;
  if (state === undefined)
    throw new ClaimgateError("STORE_NOT_FOUND", "no such claim for the tenant");
  await insertEvent(tx, tenantId, claimId, event, state, state, {
    ...evidence,
    details: { ...evidence.details, late: true },
  });
}

export async function claimTimeline(
  db: Queryable,
  tenantId: string,
  claimId: string,
): Promise<TimelineEntry[]> {
  const { rows } = await db.query<{
    at: Date | string;
    event: string;
    from_state: string;
    to_state: string;
    cause: string;
    file_id: string | null;
    segment_position: number | null;
    details: Record<string, unknown>;
  }>(
    `select at, event, from_state, to_state, cause, file_id, segment_position, details
     from claim_events where tenant_id = $1 and claim_id = $2 order by id`,
    [tenantId, claimId],
  );
  return rows.map((r) => ({
    at: asDate(r.at),
    event: r.event,
    from: r.from_state,
    to: r.to_state,
    cause: r.cause,
    fileId: r.file_id,
    segmentPosition: r.segment_position,
    details: r.details,
  }));
}
