/**
 * What the API shows of an 835 payment besides what posting records: the BPR (handling,
 * credit/debit, method, format, date), the TRN, the production date, the N1 payer and payee,
 * and the CLPs of the transaction (how many, first and last position). Taken from the parsed
 * remittance when it is ingested and kept with the remittance row, so the view does not read
 * the file again. Payer and provider data only: no patient data.
 */
import type { Remittance, RemittanceParty } from "../x12/transactions/835.js";

export interface PaymentParty {
  readonly name: string | null;
  readonly idQualifier: string | null;
  readonly id: string | null;
}

export interface RemittancePayment {
  readonly handlingCode: string;
  readonly creditDebit: string;
  readonly method: string | null;
  readonly format: string | null;
  /** ISO dates. */
  readonly date: string | null;
  readonly productionDate: string | null;
  /** TRN01 and TRN03 (TRN02 is the remittance's trace number); null without a TRN. */
  readonly trace: { readonly type: string; readonly originatorId: string | null } | null;
  readonly payer: PaymentParty | null;
  readonly payee: PaymentParty | null;
  readonly claimsInFile: number;
  /** Positions (within the transaction) of its first and last CLP; null without CLPs. */
  readonly claimPositions: { readonly first: number; readonly last: number } | null;
}

const party = (p: RemittanceParty | undefined): PaymentParty | null =>
  p === undefined
    ? null
    : { name: p.name ?? null, idQualifier: p.idQualifier ?? null, id: p.id ?? null };

export function remittancePayment(remit: Remittance): RemittancePayment {
  const { payment, trace, claims } = remit;
  const first = claims[0];
  const last = claims.at(-1);
  return {
    handlingCode: payment.handlingCode,
    creditDebit: payment.creditDebit,
    method: payment.method ?? null,
    format: payment.format ?? null,
    date: payment.date ?? null,
    productionDate: remit.productionDate ?? null,
    trace: trace ? { type: trace.type, originatorId: trace.originatorId ?? null } : null,
    payer: party(remit.payer),
    payee: party(remit.payee),
    claimsInFile: claims.length,
    // The CLPs come in segment order.
    claimPositions: first && last ? { first: first.position, last: last.position } : null,
  };
}
