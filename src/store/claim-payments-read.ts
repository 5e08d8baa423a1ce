/**
 * Read side of what 835s posted, for the API: a claim's payments (claim_payments) and one
 * remittance with its postings, PLB adjustments and unmatched items. Read only; the writes are
 * in remittances.ts. Every query filters by the tenant.
 */
import type { PaymentParty, RemittancePayment } from "../domain/remittance-payment.js";
import type { Queryable } from "./database.js";
import type { StoredAdjustment } from "./remittances.js";

export type { StoredAdjustment } from "./remittances.js";

export interface ClaimPaymentRecord {
  readonly id: string;
  readonly claimId: string;
  readonly remittanceId: string;
  readonly position: number;
  readonly at: Date;
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientResponsibilityCents: number;
  readonly deniedCents: number;
  readonly payerClaimNumber: string | null;
  readonly reversal: boolean;
  readonly outcome: string;
  readonly owner: string | null;
  readonly adjustments: readonly StoredAdjustment[];
}

interface PaymentRow {
  id: string;
  claim_id: string;
  remittance_id: string;
  position: number;
  at: Date | string;
  status_code: string;
  charge_cents: string | number;
  paid_cents: string | number;
  patient_responsibility_cents: string | number;
  denied_cents: string | number;
  payer_claim_number: string | null;
  reversal: boolean;
  outcome: string;
  owner: string | null;
  adjustments: StoredAdjustment[] | string;
}

const PAYMENT_COLUMNS = `p.id::text as id, p.claim_id, p.remittance_id, p.position, p.at,
  p.status_code, p.charge_cents, p.paid_cents, p.patient_responsibility_cents, p.denied_cents,
  p.payer_claim_number, p.reversal, p.outcome, p.owner, p.adjustments`;

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toPayment(r: PaymentRow): ClaimPaymentRecord {
  return {
    id: r.id,
    claimId: r.claim_id,
    remittanceId: r.remittance_id,
    position: r.position,
    at: asDate(r.at),
    statusCode: r.status_code,
    chargeCents: Number(r.charge_cents),
    paidCents: Number(r.paid_cents),
    patientResponsibilityCents: Number(r.patient_responsibility_cents),
    deniedCents: Number(r.denied_cents),
    payerClaimNumber: r.payer_claim_number,
    reversal: r.reversal,
    outcome: r.outcome,
    owner: r.owner,
    adjustments:
      typeof r.adjustments === "string"
        ? (JSON.parse(r.adjustments) as StoredAdjustment[])
        : r.adjustments,
  };
}

/** Every posting to the claim, oldest first (a reversal and its correction in file order). */
export async function claimPaymentsOf(
  db: Queryable,
  tenantId: string,
  claimId: string,
): Promise<ClaimPaymentRecord[]> {
  const { rows } = await db.query<PaymentRow>(
    `select ${PAYMENT_COLUMNS} from claim_payments p
     where p.tenant_id = $1 and p.claim_id = $2 order by p.at, p.id`,
    [tenantId, claimId],
  );
  return rows.map(toPayment);
}

export interface RemittanceRecord {
  readonly id: string;
  readonly fileId: string;
  readonly payerId: string;
  readonly traceNumber: string;
  readonly totalCents: number;
  readonly state: string;
  readonly problems: readonly unknown[];
  readonly at: Date;
  /** Undefined for a row recorded before migration 0009 (read the archived file for it). */
  readonly payment: RemittancePayment | undefined;
}

interface RemittanceTableRow {
  id: string;
  file_id: string;
  payer_id: string;
  trace_number: string;
  total_cents: string | number;
  state: string;
  problems: unknown[] | string;
  at: Date | string;
  payment_handling_code: string | null;
  payment_credit_debit: string | null;
  payment_method: string | null;
  payment_format: string | null;
  payment_date: string | null;
  trace_type: string | null;
  trace_originator_id: string | null;
  production_date: string | null;
  payer_name: string | null;
  payer_id_qualifier: string | null;
  payer_party_id: string | null;
  payee_name: string | null;
  payee_id_qualifier: string | null;
  payee_id: string | null;
  claims_in_file: number | null;
  first_claim_position: number | null;
  last_claim_position: number | null;
}

/** A party is stored as its three columns: all null is no N1 of it. */
function partyOf(
  name: string | null,
  idQualifier: string | null,
  id: string | null,
): PaymentParty | null {
  return name === null && idQualifier === null && id === null ? null : { name, idQualifier, id };
}

function paymentOf(r: RemittanceTableRow): RemittancePayment | undefined {
  // BPR01 is always sent: a row without it was recorded before migration 0009.
  if (r.payment_handling_code === null) return undefined;
  return {
    handlingCode: r.payment_handling_code,
    creditDebit: r.payment_credit_debit ?? "",
    method: r.payment_method,
    format: r.payment_format,
    date: r.payment_date,
    productionDate: r.production_date,
    trace:
      r.trace_type === null ? null : { type: r.trace_type, originatorId: r.trace_originator_id },
    payer: partyOf(r.payer_name, r.payer_id_qualifier, r.payer_party_id),
    payee: partyOf(r.payee_name, r.payee_id_qualifier, r.payee_id),
    claimsInFile: r.claims_in_file ?? 0,
    claimPositions:
      r.first_claim_position === null || r.last_claim_position === null
        ? null
        : { first: r.first_claim_position, last: r.last_claim_position },
  };
}

export async function getRemittance(
  db: Queryable,
  tenantId: string,
  remittanceId: string,
): Promise<RemittanceRecord | undefined> {
  // Dates as text: ISO (YYYY-MM-DD) in the default DateStyle, with no time zone applied.
  const { rows } = await db.query<RemittanceTableRow>(
    `select id, file_id, payer_id, trace_number, total_cents, state, problems, at,
       payment_handling_code, payment_credit_debit, payment_method, payment_format,
       payment_date::text as payment_date, trace_type, trace_originator_id,
       production_date::text as production_date, payer_name, payer_id_qualifier, payer_party_id,
       payee_name, payee_id_qualifier, payee_id, claims_in_file, first_claim_position,
       last_claim_position
     from remittances where tenant_id = $1 and id = $2`,
    [tenantId, remittanceId],
  );
  const r = rows[0];
  if (r === undefined) return undefined;
  return {
    id: r.id,
    fileId: r.file_id,
    payerId: r.payer_id,
    traceNumber: r.trace_number,
    totalCents: Number(r.total_cents),
    state: r.state,
    problems: typeof r.problems === "string" ? (JSON.parse(r.problems) as unknown[]) : r.problems,
    at: asDate(r.at),
    payment: paymentOf(r),
  };
}

export interface PostedClaim extends ClaimPaymentRecord {
  readonly patientControlNumber: string;
}

/**
 * A page of the postings of one remittance (CLP order, after the CLP at `afterPosition`) with
 * each claim's patient control number, and how many it has and what they paid, in all.
 */
export async function remittancePayments(
  db: Queryable,
  tenantId: string,
  remittanceId: string,
  page: { readonly afterPosition?: number; readonly limit: number },
): Promise<{ claims: PostedClaim[]; total: number; paidCents: number }> {
  const { rows } = await db.query<PaymentRow & { patient_control_number: string }>(
    `select ${PAYMENT_COLUMNS}, c.patient_control_number
     from claim_payments p
     join claims c on c.id = p.claim_id and c.tenant_id = p.tenant_id
     where p.tenant_id = $1 and p.remittance_id = $2 and p.position > $3
     order by p.position limit $4`,
    [tenantId, remittanceId, page.afterPosition ?? -1, page.limit],
  );
  const all = await db.query<{ n: string | number; paid: string | number }>(
    `select count(*) as n, coalesce(sum(paid_cents), 0) as paid from claim_payments
     where tenant_id = $1 and remittance_id = $2`,
    [tenantId, remittanceId],
  );
  return {
    claims: rows.map((r) => ({ ...toPayment(r), patientControlNumber: r.patient_control_number })),
    total: Number(all.rows[0]?.n ?? 0),
    paidCents: Number(all.rows[0]?.paid ?? 0),
  };
}

export interface ProviderAdjustmentRecord {
  readonly providerId: string;
  readonly reason: string;
  readonly reference: string | null;
  readonly amountCents: number;
}

export async function remittanceProviderAdjustments(
  db: Queryable,
  tenantId: string,
  remittanceId: string,
): Promise<ProviderAdjustmentRecord[]> {
  const { rows } = await db.query<{
    provider_id: string;
    reason: string;
    reference: string | null;
    amount_cents: string | number;
  }>(
    `select provider_id, reason, reference, amount_cents from provider_adjustments
     where tenant_id = $1 and remittance_id = $2 order by id`,
    [tenantId, remittanceId],
  );
  return rows.map((r) => ({
    providerId: r.provider_id,
    reason: r.reason,
    reference: r.reference,
    amountCents: Number(r.amount_cents),
  }));
}

export interface UnmatchedRecord {
  readonly position: number;
  readonly patientControlNumber: string | null;
  readonly payerClaimNumber: string | null;
  readonly at: Date;
}

/** The 835 claim payments of a file that matched no claim of the tenant. */
export async function unmatchedOfFile(
  db: Queryable,
  tenantId: string,
  fileId: string,
  kind: string,
): Promise<UnmatchedRecord[]> {
  const { rows } = await db.query<{
    position: number;
    patient_control_number: string | null;
    payer_claim_number: string | null;
    at: Date | string;
  }>(
    `select position, patient_control_number, payer_claim_number, at from unmatched_items
     where tenant_id = $1 and file_id = $2 and kind = $3 order by position`,
    [tenantId, fileId, kind],
  );
  return rows.map((r) => ({
    position: r.position,
    patientControlNumber: r.patient_control_number,
    payerClaimNumber: r.payer_claim_number,
    at: asDate(r.at),
  }));
}
