/**
 * One 835 payment as the API shows it: what the store recorded (trace, total, balancing state,
 * the claims posted, PLB adjustments, unmatched claim payments) and, from the archived file,
 * the BPR and header parties (method, dates, payer, payee), which the store does not keep.
 * Cents and ISO dates; the patient names the 835 carries are never shown.
 */
import { ClaimgateError } from "../errors.js";
import type {
  PostedClaim,
  ProviderAdjustmentRecord,
  RemittanceRecord,
  UnmatchedRecord,
} from "../store/claim-payments-read.js";
import { readInterchanges } from "../x12/envelope.js";
import type { Remittance, RemittanceParty } from "../x12/transactions/835.js";
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

const party = (p: RemittanceParty | undefined) =>
  p === undefined
    ? null
    : { name: p.name ?? null, idQualifier: p.idQualifier ?? null, id: p.id ?? null };

function paymentOf(remit: Remittance | undefined) {
  if (remit === undefined) return null;
  const { payment, trace } = remit;
  return {
    totalCents: payment.totalCents,
    handlingCode: payment.handlingCode,
    creditDebit: payment.creditDebit,
    method: payment.method ?? null,
    format: payment.format ?? null,
    date: payment.date ?? null,
    trace: trace
      ? { type: trace.type, number: trace.number, originatorId: trace.originatorId ?? null }
      : null,
    productionDate: remit.productionDate ?? null,
  };
}

export interface RemittanceParts {
  readonly row: RemittanceRecord;
  readonly remit: Remittance | undefined;
  /** A page of the claims posted. */
  readonly claims: readonly PostedClaim[];
  /** Every claim posted: how many, and Σ CLP04. */
  readonly claimsPosted: number;
  readonly claimsPaidCents: number;
  readonly providerAdjustments: readonly ProviderAdjustmentRecord[];
  readonly unmatched: readonly UnmatchedRecord[];
}

export function remittanceView(parts: RemittanceParts) {
  const { row, remit, claims, providerAdjustments } = parts;
  // A file can hold several payments: its unmatched items are this one's when they sit at one
  // of its CLPs (all of them when the file could not be read back).
  const clps = remit ? new Set(remit.claims.map((c) => c.position)) : undefined;
  const unmatched = parts.unmatched.filter((u) => clps === undefined || clps.has(u.position));
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
    payment: paymentOf(remit),
    payer: party(remit?.payer),
    payee: party(remit?.payee),
    claimPaymentsInFile: remit?.claims.length ?? null,
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
