/**
 * What a tenant's posted remittances add up to: charged, paid, adjusted and patient
 * responsibility over every claim payment (reversals carry negated amounts, so a reversed and
 * re-adjudicated claim counts once, at its corrected figures), and the provider-level (PLB)
 * adjustments taken from the payments. Claim payments balance when charged = paid + adjusted +
 * patient responsibility (each CLP03 = CLP04 + its CAS amounts, claim and line level).
 */
import type { Queryable } from "./database.js";

export interface PaymentTotals {
  /** Claim payments posted (CLPs, reversals included). */
  readonly postings: number;
  readonly chargedCents: number;
  readonly paidCents: number;
  /** CAS amounts of every group but PR (contractual, other, payer-initiated). */
  readonly adjustedCents: number;
  /** CAS amounts of group PR. */
  readonly patientResponsibilityCents: number;
  /** PLB amounts: positive reduces the payment (recoupment), negative adds to it (interest). */
  readonly providerAdjustmentCents: number;
}

export function paymentsBalance(totals: PaymentTotals): boolean {
  return (
    totals.chargedCents ===
    totals.paidCents + totals.adjustedCents + totals.patientResponsibilityCents
  );
}

export async function paymentTotals(db: Queryable, tenantId: string): Promise<PaymentTotals> {
  const { rows } = await db.query<{
    postings: number;
    charged: string | null;
    paid: string | null;
    adjusted: string | null;
    patient: string | null;
    plb: string | null;
  }>(
    `select
       (select count(*)::int from claim_payments where tenant_id = $1) as postings,
       (select sum(charge_cents)::text from claim_payments where tenant_id = $1) as charged,
       (select sum(paid_cents)::text from claim_payments where tenant_id = $1) as paid,
       (select sum((a ->> 'amountCents')::bigint) filter (where a ->> 'group' <> 'PR')::text
          from claim_payments p, jsonb_array_elements(p.adjustments) a
          where p.tenant_id = $1) as adjusted,
       (select sum((a ->> 'amountCents')::bigint) filter (where a ->> 'group' = 'PR')::text
          from claim_payments p, jsonb_array_elements(p.adjustments) a
          where p.tenant_id = $1) as patient,
       (select sum(amount_cents)::text from provider_adjustments where tenant_id = $1) as plb`,
    [tenantId],
  );
  const row = rows[0];
  const cents = (value: string | null | undefined) => Number(value ?? 0);
  return {
    postings: row?.postings ?? 0,
    chargedCents: cents(row?.charged),
    paidCents: cents(row?.paid),
    adjustedCents: cents(row?.adjusted),
    patientResponsibilityCents: cents(row?.patient),
    providerAdjustmentCents: cents(row?.plb),
  };
}
