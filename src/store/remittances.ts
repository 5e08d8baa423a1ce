/**
 * 835 posting records, written set-based: one statement for any number of rows, each column
 * sent as one array (sql-arrays.ts), or the claim payments through the store's bulk insert
 * (COPY on PostgreSQL). The remittance row is the posted-once guard: its unique
 * (tenant, payer, trace) makes a second worker posting the same payment wait for the first to
 * commit and then find it there. Claims are matched and locked a chunk at a time.
 */
import type { ClaimState } from "../domain/lifecycle.js";
import type { RemittancePayment } from "../domain/remittance-payment.js";
import type { Queryable } from "./database.js";
import type { BulkColumn } from "./bulk-insert.js";
import { arrayLiteral } from "./sql-arrays.js";

export interface RemittanceRow {
  readonly id: string;
  readonly fileId: string;
  readonly payerId: string;
  readonly traceNumber: string;
  readonly totalCents: number;
  readonly state: "posted" | "held_unbalanced";
  readonly problems: readonly unknown[];
  readonly at: Date;
  /** The BPR, TRN, dates and parties the API shows (migration 0009). */
  readonly payment: RemittancePayment;
}

/** Records the payment; false when this payer's trace number was recorded before (a duplicate). */
export async function recordRemittanceIn(
  tx: Queryable,
  tenantId: string,
  row: RemittanceRow,
): Promise<boolean> {
  const p = row.payment;
  const { rows } = await tx.query<{ id: string }>(
    `insert into remittances (id, tenant_id, file_id, payer_id, trace_number, total_cents, state,
       problems, at, payment_handling_code, payment_credit_debit, payment_method, payment_format,
       payment_date, trace_type, trace_originator_id, production_date, payer_name,
       payer_id_qualifier, payer_party_id, payee_name, payee_id_qualifier, payee_id,
       claims_in_file, first_claim_position, last_claim_position)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
       $20, $21, $22, $23, $24, $25, $26)
     on conflict (tenant_id, payer_id, trace_number) do nothing returning id`,
    [
      row.id,
      tenantId,
      row.fileId,
      row.payerId,
      row.traceNumber,
      row.totalCents,
      row.state,
      JSON.stringify(row.problems),
      row.at,
      p.handlingCode,
      p.creditDebit,
      p.method,
      p.format,
      p.date,
      p.trace?.type ?? null,
      p.trace?.originatorId ?? null,
      p.productionDate,
      p.payer?.name ?? null,
      p.payer?.idQualifier ?? null,
      p.payer?.id ?? null,
      p.payee?.name ?? null,
      p.payee?.idQualifier ?? null,
      p.payee?.id ?? null,
      p.claimsInFile,
      p.claimPositions?.first ?? null,
      p.claimPositions?.last ?? null,
    ],
  );
  return rows.length > 0;
}

export interface PaymentClaim {
  readonly id: string;
  readonly state: ClaimState;
  readonly patientControlNumber: string;
  readonly payerClaimNumber: string | null;
}

const CLAIM_KEYS = `select id, state, patient_control_number as "patientControlNumber",
  payer_claim_number as "payerClaimNumber" from claims`;

/**
 * The claims with these patient control numbers, locked for the posting (in id order, so two
 * posting workers take their locks in one order).
 */
export async function lockClaimsByControlNumberIn(
  tx: Queryable,
  tenantId: string,
  patientControlNumbers: readonly string[],
): Promise<PaymentClaim[]> {
  if (patientControlNumbers.length === 0) return [];
  const { rows } = await tx.query<PaymentClaim>(
    `${CLAIM_KEYS} where tenant_id = $1 and patient_control_number = any($2::text[])
     order by id for update`,
    [tenantId, arrayLiteral(patientControlNumbers)],
  );
  return rows;
}

/**
 * The claims with these payer claim numbers, locked likewise; the fallback for payments whose
 * patient control number is not ours (rare, so the column has no index of its own).
 */
export async function lockClaimsByPayerNumberIn(
  tx: Queryable,
  tenantId: string,
  payerClaimNumbers: readonly string[],
): Promise<PaymentClaim[]> {
  if (payerClaimNumbers.length === 0) return [];
  const { rows } = await tx.query<PaymentClaim>(
    `${CLAIM_KEYS} where tenant_id = $1 and payer_claim_number = any($2::text[])
     order by id for update`,
    [tenantId, arrayLiteral(payerClaimNumbers)],
  );
  return rows;
}

/** One adjustment as the posting stored it (claim_payments.adjustments, jsonb). */
export interface StoredAdjustment {
  readonly level: "claim" | "line";
  readonly linePosition?: number;
  readonly group: string;
  readonly reason: string;
  readonly amountCents: number;
  readonly quantity?: number;
  readonly owner?: string;
  readonly denial?: boolean;
  /** RARCs that went with it (LQ of the line, then MOA/MIA); absent when none. */
  readonly remarks?: readonly string[];
}

/** One claim_payments row: a CLP posted to a claim, its adjustments and the outcome. */
export interface PaymentRow {
  readonly claimId: string;
  readonly position: number;
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientResponsibilityCents: number;
  readonly payerClaimNumber: string | null;
  readonly reversal: boolean;
  readonly outcome: string;
  readonly owner: string | null;
  readonly deniedCents: number;
  readonly adjustments: readonly StoredAdjustment[];
}

const PAYMENT_ARRAYS = [
  ["claimId", "claim_id", "text"],
  ["position", "position", "integer"],
  ["statusCode", "status_code", "text"],
  ["chargeCents", "charge_cents", "bigint"],
  ["paidCents", "paid_cents", "bigint"],
  ["patientResponsibilityCents", "patient_responsibility_cents", "bigint"],
  ["payerClaimNumber", "payer_claim_number", "text"],
  ["reversal", "reversal", "boolean"],
  ["outcome", "outcome", "text"],
  ["owner", "owner", "text"],
  ["deniedCents", "denied_cents", "bigint"],
  ["adjustments", "adjustments", "jsonb"],
] as const satisfies readonly (readonly [keyof PaymentRow, string, string])[];

/** The last column. */
const ADJUSTMENTS = PAYMENT_ARRAYS.length - 1;

/**
 * claim_payments rows gathered a column at a time as they are made (no row object is kept);
 * `prepare` hands the columns to the write.
 */
export class PaymentBatch {
  private readonly columns: unknown[][] = PAYMENT_ARRAYS.map(() => []);

  get size(): number {
    return this.columns[0]!.length;
  }

  add(row: PaymentRow): void {
    const columns = this.columns;
    // The adjustments as JSON text now: kept as objects, they would outlive many collections.
    for (let i = 0; i < ADJUSTMENTS; i++) columns[i]!.push(row[PAYMENT_ARRAYS[i]![0]]);
    columns[ADJUSTMENTS]!.push(JSON.stringify(row.adjustments));
  }

  /** The rows' columns, in PAYMENT_ARRAYS order. */
  prepare(): PreparedPayments {
    return {
      size: this.size,
      columns: PAYMENT_ARRAYS.map(([, name, type], i) => ({
        name,
        type,
        values: this.columns[i]!,
        ...(i === ADJUSTMENTS ? { jsonText: true } : {}),
      })),
    };
  }
}

export interface PreparedPayments {
  readonly size: number;
  readonly columns: readonly BulkColumn[];
}

/** Prepared claim_payments rows of one remittance, in one bulk insert. */
export async function writeClaimPaymentsIn(
  tx: Queryable,
  tenantId: string,
  remittanceId: string,
  at: Date,
  payments: PreparedPayments,
): Promise<void> {
  if (payments.size === 0) return;
  await tx.bulkInsert(
    "claim_payments",
    [
      { name: "tenant_id", type: "text", value: tenantId },
      { name: "remittance_id", type: "text", value: remittanceId },
      { name: "at", type: "timestamptz", value: at.toISOString() },
    ],
    payments.columns,
    payments.size,
  );
}

/** The claim_payments rows of one remittance, in one statement. */
export async function insertClaimPaymentsIn(
  tx: Queryable,
  tenantId: string,
  remittanceId: string,
  at: Date,
  rows: readonly PaymentRow[],
): Promise<void> {
  const batch = new PaymentBatch();
  for (const row of rows) batch.add(row);
  await writeClaimPaymentsIn(tx, tenantId, remittanceId, at, batch.prepare());
}

export interface UnmatchedItem {
  readonly position: number;
  readonly patientControlNumber: string | null;
  readonly payerClaimNumber: string | null;
}

/** Claim payments or statuses that matched no claim, onto the unmatched worklist; once each. */
export async function recordUnmatchedIn(
  tx: Queryable,
  tenantId: string,
  fileId: string,
  kind: string,
  at: Date,
  items: readonly UnmatchedItem[],
  setNumber = 1,
): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `insert into unmatched_items (tenant_id, file_id, kind, at, position, patient_control_number,
       payer_claim_number, set_number)
     select $1, $2, $3, $4, u.position, u.pcn, u.payer_number, $8
     from unnest($5::integer[], $6::text[], $7::text[]) as u(position, pcn, payer_number)
     on conflict do nothing`,
    [
      tenantId,
      fileId,
      kind,
      at.toISOString(),
      arrayLiteral(items.map((i) => i.position)),
      arrayLiteral(items.map((i) => i.patientControlNumber)),
      arrayLiteral(items.map((i) => i.payerClaimNumber)),
      setNumber,
    ],
  );
}

export interface ProviderAdjustmentRow {
  readonly providerId: string;
  readonly reason: string;
  readonly reference: string | null;
  readonly amountCents: number;
}

/** The PLB adjustments of one remittance, in one statement. */
export async function insertProviderAdjustmentsIn(
  tx: Queryable,
  tenantId: string,
  remittanceId: string,
  rows: readonly ProviderAdjustmentRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into provider_adjustments (tenant_id, remittance_id, provider_id, reason, reference,
       amount_cents)
     select $1, $2, a.provider_id, a.reason, a.reference, a.amount_cents
     from unnest($3::text[], $4::text[], $5::text[], $6::bigint[])
       with ordinality as a(provider_id, reason, reference, amount_cents, n)
     order by a.n`,
    [
      tenantId,
      remittanceId,
      arrayLiteral(rows.map((r) => r.providerId)),
      arrayLiteral(rows.map((r) => r.reason)),
      arrayLiteral(rows.map((r) => r.reference)),
      arrayLiteral(rows.map((r) => r.amountCents)),
    ],
  );
}
