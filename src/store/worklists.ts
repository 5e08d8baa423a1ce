/**
 * Read side of the two work queues, for the API: claims on the rejection queue (state
 * rejected) and on the denial worklist (denied, partially paid), each with when it entered the
 * state (its last timeline row into it) and what put it there (that row's details; for
 * denials, the last 835 posting). Read only; the claims filter by state here so that an index
 * change on claims.state is adapted in one place. Keyset paging by (created_at, id), as
 * listClaims pages.
 */
import type { ClaimState } from "../domain/lifecycle.js";
import type { Queryable } from "./database.js";
import type { StoredAdjustment } from "./claim-payments-read.js";

export interface WorklistFilter {
  readonly owner?: string;
  readonly after?: { readonly createdAt: Date; readonly id: string };
  readonly limit: number;
}

export interface WorklistClaim {
  readonly id: string;
  readonly patientControlNumber: string;
  readonly claimType: string;
  readonly payerId: string;
  readonly state: ClaimState;
  readonly owner: string | null;
  readonly reasonCode: string | null;
  readonly totalChargeCents: number;
  readonly payerClaimNumber: string | null;
  readonly currentSubmission: number;
  readonly createdAt: Date;
  /** When the claim entered its state (null only for a claim without that timeline row). */
  readonly since: Date | null;
  /** The event that moved it there and its details (codes and positions, no PHI). */
  readonly event: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface DenialClaim extends WorklistClaim {
  /** The last 835 posting that is not a reversal; null when none was recorded. */
  readonly posting: {
    readonly remittanceId: string;
    readonly at: Date;
    readonly statusCode: string;
    readonly paidCents: number;
    readonly deniedCents: number;
    readonly patientResponsibilityCents: number;
    readonly adjustments: readonly StoredAdjustment[];
  } | null;
}

interface Row {
  id: string;
  patient_control_number: string;
  claim_type: string;
  payer_id: string;
  state: ClaimState;
  owner: string | null;
  reason_code: string | null;
  total_charge_cents: string | number;
  payer_claim_number: string | null;
  current_submission: number;
  created_at: Date | string;
  since: Date | string | null;
  event: string | null;
  details: Record<string, unknown> | string | null;
}

interface DenialRow extends Row {
  remittance_id: string | null;
  paid_at: Date | string | null;
  status_code: string | null;
  paid_cents: string | number | null;
  denied_cents: string | number | null;
  patient_responsibility_cents: string | number | null;
  adjustments: StoredAdjustment[] | string | null;
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

// The last timeline row that moved the claim into the state it is in.
const ENTERED = `left join lateral (
    select ev.at, ev.event, ev.details from claim_events ev
    where ev.tenant_id = c.tenant_id and ev.claim_id = c.id and ev.to_state = c.state
      and ev.from_state <> ev.to_state
    order by ev.id desc limit 1) e on true`;

const COLUMNS = `c.id, c.patient_control_number, c.claim_type, c.payer_id, c.state, c.owner,
  c.reason_code, c.total_charge_cents, c.payer_claim_number, c.current_submission, c.created_at,
  e.at as since, e.event, e.details`;

// work_state: the state, for the states worklists read (indexed; migration 0008).
const WHERE = `where c.tenant_id = $1 and c.work_state = any($2::text[])
    and ($3::text is null or c.owner = $3)
    and ($4::timestamptz is null or (c.created_at, c.id) > ($4, $5::text))`;

function toClaim(r: Row): WorklistClaim {
  return {
    id: r.id,
    patientControlNumber: r.patient_control_number,
    claimType: r.claim_type,
    payerId: r.payer_id,
    state: r.state,
    owner: r.owner,
    reasonCode: r.reason_code,
    totalChargeCents: Number(r.total_charge_cents),
    payerClaimNumber: r.payer_claim_number,
    currentSubmission: r.current_submission,
    createdAt: asDate(r.created_at),
    since: r.since === null ? null : asDate(r.since),
    event: r.event,
    details: r.details === null ? {} : json(r.details),
  };
}

const params = (tenantId: string, states: readonly ClaimState[], f: WorklistFilter) => [
  tenantId,
  `{${states.join(",")}}`,
  f.owner ?? null,
  f.after?.createdAt ?? null,
  f.after?.id ?? null,
  f.limit,
];

/** Claims on the rejection queue (TA1, 999 or 277CA rejected them), oldest claim first. */
export async function rejectionQueue(
  db: Queryable,
  tenantId: string,
  filter: WorklistFilter,
): Promise<WorklistClaim[]> {
  const { rows } = await db.query<Row>(
    `select ${COLUMNS} from claims c ${ENTERED} ${WHERE}
     order by c.created_at, c.id limit $6`,
    params(tenantId, ["rejected"], filter),
  );
  return rows.map(toClaim);
}

/** Claims on the denial worklist (denied or partially paid), with their last posting. */
export async function denialWorklist(
  db: Queryable,
  tenantId: string,
  filter: WorklistFilter,
): Promise<DenialClaim[]> {
  const { rows } = await db.query<DenialRow>(
    `select ${COLUMNS}, p.remittance_id, p.at as paid_at, p.status_code, p.paid_cents,
       p.denied_cents, p.patient_responsibility_cents, p.adjustments
     from claims c ${ENTERED}
     left join lateral (
       select cp.remittance_id, cp.at, cp.status_code, cp.paid_cents, cp.denied_cents,
         cp.patient_responsibility_cents, cp.adjustments
       from claim_payments cp
       where cp.tenant_id = c.tenant_id and cp.claim_id = c.id and not cp.reversal
       order by cp.at desc, cp.id desc limit 1) p on true
     ${WHERE}
     order by c.created_at, c.id limit $6`,
    params(tenantId, ["denied", "partially_paid"], filter),
  );
  return rows.map((r) => ({
    ...toClaim(r),
    posting:
      r.remittance_id === null
        ? null
        : {
            remittanceId: r.remittance_id,
            at: asDate(r.paid_at as Date | string),
            statusCode: r.status_code ?? "",
            paidCents: Number(r.paid_cents),
            deniedCents: Number(r.denied_cents),
            patientResponsibilityCents: Number(r.patient_responsibility_cents),
            adjustments: json(r.adjustments ?? []),
          },
  }));
}
