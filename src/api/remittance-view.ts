/**
 * One 835 payment as the API shows it: what the store recorded (trace, total, balancing state,
 * the BPR and header parties: method, dates, payer, payee; the claims posted, PLB adjustments,
 * unmatched claim payments). A row recorded before migration 0009 has no BPR or parties: those
 * are read back from the archived file (findRemittance). Cents and ISO dates; the patient
 * names the 835 carries are never shown.
 */
import { ClaimgateError } from "../errors.js";
import type {
  PostedClaim,
  ProviderAdjustmentRecord,
  RemittanceRecord,
  UnmatchedRecord,
} from "../store/claim-payments-read.js";
import { readInterchanges } from "../x12/envelope.js";
import type { RemittancePayment } from "../domain/remittance-payment.js";
import type { Remittance } from "../x12/transactions/835.js";
import { readInboundInterchange } from "../x12/transactions/inbound.js";

/**
 * The remittance of the file that the row records (the same keys the posting used: TRN02 with
 * the payer, else file and ST02); undefined when the file cannot be read or does not hold it.
 */
export function findRemittance(
  content: Uint8Array | undefined,
  row: RemittanceRecord,
): Remittance | undefined {
  if (content === undefined) return undefined;
  let interchanges;
  try {
    interchanges = readInterchanges(content).map(readInboundInterchange);
  } catch (error) {
    if (error instanceof ClaimgateError) return undefined;
    throw error;
  }
  for (const interchange of interchanges) {
    for (const t of interchange.transactions) {
      if (t.kind !== "835") continue;
      const remit = t.remittance;
      const trace = remit.trace?.number ?? `${row.fileId}:${remit.controlNumber}`;
      if (trace === row.traceNumber && (remit.payerId ?? "unknown") === row.payerId) return remit;
    }
  }
  return undefined;
}

function paymentOf(row: RemittanceRecord, payment: RemittancePayment | undefined) {
  if (payment === undefined) return null;
  return {
    totalCents: row.totalCents,
    handlingCode: payment.handlingCode,
    creditDebit: payment.creditDebit,
    method: payment.method,
    format: payment.format,
    date: payment.date,
    // TRN02 is the row's trace number (without a TRN, the row's is file and ST02).
    trace: payment.trace
      ? {
          type: payment.trace.type,
          number: row.traceNumber,
          originatorId: payment.trace.originatorId,
        }
      : null,
    productionDate: payment.productionDate,
  };
}

export interface RemittanceParts {
  readonly row: RemittanceRecord;
  /** The row's payment, else (a row from before 0009) the archived file's; undefined if neither. */
  readonly payment: RemittancePayment | undefined;
  /** A page of the claims posted. */
  readonly claims: readonly PostedClaim[];
  /** Every claim posted: how many, and Σ CLP04. */
  readonly claimsPosted: number;
  readonly claimsPaidCents: number;
  readonly providerAdjustments: readonly ProviderAdjustmentRecord[];
  readonly unmatched: readonly UnmatchedRecord[];
}

export function remittanceView(parts: RemittanceParts) {
  const { row, payment, claims, providerAdjustments } = parts;
  // A file can hold several payments: its unmatched items are this one's when they sit within
  // its CLPs, first to last (all of them when the file could not be read back).
  const clps = payment?.claimPositions;
  const unmatched = parts.unmatched.filter(
    (u) =>
      payment === undefined ||
      (clps != null && u.position >= clps.first && u.position <= clps.last),
  );
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    id: row.id,
    fileId: row.fileId,
    payerId: row.payerId,
    traceNumber: row.traceNumber,
    totalCents: row.totalCents,
    receivedAt: row.at.toISOString(),
    // posted, or held_unbalanced: balancing failed, nothing of it posted (see problems).
    state: row.state,
    balanced: row.state === "posted",
    problems: row.problems,
    payment: paymentOf(row, payment),
    payer: payment?.payer ?? null,
    payee: payment?.payee ?? null,
    claimPaymentsInFile: payment?.claimsInFile ?? null,
    claimsPosted: parts.claimsPosted,
    totals: {
      claimsPaidCents: parts.claimsPaidCents,
      providerAdjustmentCents: sum(providerAdjustments.map((a) => a.amountCents)),
    },
    claims: claims.map((c) => ({
      claimId: c.claimId,
      patientControlNumber: c.patientControlNumber,
      position: c.position,
      statusCode: c.statusCode,
      payerClaimNumber: c.payerClaimNumber,
      reversal: c.reversal,
      outcome: c.outcome,
      owner: c.owner,
      chargeCents: c.chargeCents,
      paidCents: c.paidCents,
      patientResponsibilityCents: c.patientResponsibilityCents,
      deniedCents: c.deniedCents,
      links: { claim: `/v1/claims/${c.claimId}` },
    })),
    providerAdjustments: providerAdjustments.map((a) => ({
      providerId: a.providerId,
      reason: a.reason,
      reference: a.reference,
      amountCents: a.amountCents,
    })),
    unmatched: unmatched.map((u) => ({
      position: u.position,
      patientControlNumber: u.patientControlNumber,
      payerClaimNumber: u.payerClaimNumber,
    })),
    links: { self: `/v1/remittances/${row.id}` },
  };
}
