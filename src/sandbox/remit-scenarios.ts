/**
 * The sandbox payer's 277CA status and 835 payments for one claim, worked out from the claim
 * as read from the 837 and its scenario (scenarios.ts). Pure and deterministic: the same claim
 * always gets the same answer, so tests and the demo can predict every amount.
 *
 * Amounts: every paying outcome allows 80% of each line's charge (rounded down to the cent) and
 * adjusts the rest as CO-45 (contractual, not work for anyone). Patient responsibility comes
 * out of the allowed amount: a copay (PR-3, up to $20 on the first line), a deductible (PR-1,
 * up to $50 over the claim), then 20% coinsurance (PR-2) of what is left on each line.
 *
 * An 835 "round" is one remittance file: round 0 is the first 835, round 1 the second (the
 * reversal and re-adjudication, or the second part of a split claim).
 */
import type { CodedEncounter } from "../domain/encounter.js";
import type { ClaimAckInput } from "../x12/transactions/277ca-build.js";
import type {
  ClaimPaymentInput,
  ProviderAdjustmentInput,
  RemitAdjustment,
  ServiceLinePayment,
} from "../x12/transactions/835-build.js";
import type { Read837Claim } from "../x12/transactions/837-read.js";
import type { RemittanceOutcome, Scenario } from "./scenarios.js";

/** Percent of a line's charge the sandbox allows (the rest is CO-45). */
export const ALLOWED_PERCENT = 80;
/** The lower allowance of a payment that is later reversed and paid again. */
export const FIRST_ALLOWED_PERCENT = 70;
export const COPAY_CENTS = 2000;
export const DEDUCTIBLE_CENTS = 5000;
export const COINSURANCE_PERCENT = 20;
/** STC for an accepted claim: A1 acknowledged, 20 accepted for processing. */
export const ACCEPTED_STATUS = { category: "A1", code: "20" } as const;

/** One claim's answers beyond the 999. */
export interface ClaimRemit {
  /** The claim's 277CA status; undefined sends no 277CA for it (silence). */
  readonly ack?: ClaimAckInput;
  /** Claim payments per 835 round ([0] the first file, [1] the second). */
  readonly payments: readonly (readonly ClaimPaymentInput[])[];
  /** Provider-level adjustments per round, paid to the claim's billing provider. */
  readonly providerAdjustments: readonly (readonly ProviderAdjustmentInput[])[];
}

interface Line {
  readonly charge: number;
  readonly base: Omit<ServiceLinePayment, "chargeCents" | "paidCents" | "adjustments">;
}

const percentOf = (cents: number, percent: number): number => Math.floor((cents * percent) / 100);

function linesOf(encounter: CodedEncounter): Line[] {
  if (encounter.kind === "professional") {
    return encounter.serviceLines.map((l) => ({
      charge: l.chargeCents,
      base: compact({
        procedureCode: l.procedureCode,
        modifiers: l.modifiers,
        units: l.units,
        serviceDate: l.serviceDate,
        lineControlNumber: l.lineControlNumber,
      }),
    }));
  }
  return encounter.serviceLines.map((l) => ({
    charge: l.chargeCents,
    base: compact({
      ...(l.procedureCode === undefined
        ? { qualifier: "NU" as const, procedureCode: l.revenueCode }
        : { procedureCode: l.procedureCode, revenueCode: l.revenueCode }),
      modifiers: l.modifiers,
      units: l.units,
      serviceDate: l.serviceDate,
      lineControlNumber: l.lineControlNumber,
    }),
  }));
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function adjustment(group: RemitAdjustment["group"], reason: string, cents: number) {
  return cents === 0 ? [] : [{ group, reason, amountCents: cents }];
}

/** A line paid `paid` of its charge, with these adjustments (they must add up). */
function paidLine(line: Line, adjustments: RemitAdjustment[]): ServiceLinePayment {
  const adjusted = adjustments.reduce((t, a) => t + a.amountCents, 0);
  return { ...line.base, chargeCents: line.charge, paidCents: line.charge - adjusted, adjustments };
}

function allowedLine(line: Line, percent = ALLOWED_PERCENT): ServiceLinePayment {
  const allowed = percentOf(line.charge, percent);
  return {
    ...paidLine(line, adjustment("CO", "45", line.charge - allowed)),
    allowedCents: allowed,
  };
}

function deniedLine(line: Line, group: RemitAdjustment["group"], reason: string) {
  return paidLine(line, adjustment(group, reason, line.charge));
}

/** Copay on the first line, deductible across lines, coinsurance on the rest. */
function patientShareLines(lines: readonly Line[]): ServiceLinePayment[] {
  let deductibleLeft = DEDUCTIBLE_CENTS;
  return lines.map((line, i) => {
    const allowed = percentOf(line.charge, ALLOWED_PERCENT);
    const copay = i === 0 ? Math.min(COPAY_CENTS, allowed) : 0;
    const deductible = Math.min(deductibleLeft, allowed - copay);
    deductibleLeft -= deductible;
    const coinsurance = percentOf(allowed - copay - deductible, COINSURANCE_PERCENT);
    const adjustments = [
      ...adjustment("CO", "45", line.charge - allowed),
      ...adjustment("PR", "3", copay),
      ...adjustment("PR", "1", deductible),
      ...adjustment("PR", "2", coinsurance),
    ];
    return { ...paidLine(line, adjustments), allowedCents: allowed };
  });
}

/** CLP02 of a paid claim: the payer's place in the order of payers. */
function paidStatus(encounter: CodedEncounter): string {
  const order = { primary: "1", secondary: "2", tertiary: "3" } as Record<string, string>;
  return order[encounter.subscriber.payerResponsibility] ?? "1";
}

/**
 * CLP06: the 837's claim filing indicator, for the four 837 codes the 835 does not list:
 * commercial (CI) and Blue Cross (BL) as 15 indemnity, FEP (FI) as OF other federal, 11 as ZZ.
 */
const FILING_INDICATOR_835: Readonly<Record<string, string>> = {
  CI: "15",
  BL: "15",
  FI: "OF",
  "11": "ZZ",
};

/** CLP08: place of service (professional) or facility type (institutional). */
function facilityCode(encounter: CodedEncounter): string {
  return encounter.kind === "professional"
    ? encounter.placeOfService
    : encounter.typeOfBill.replace(/^0/, "").slice(0, 2);
}

function claimPayment(
  encounter: CodedEncounter,
  payerClaimNumber: string,
  statusCode: string,
  lines: readonly ServiceLinePayment[],
  remarks: readonly string[] = [],
): ClaimPaymentInput {
  const all = lines.flatMap((l) => l.adjustments);
  const patientShare = all.filter((a) => a.group === "PR").reduce((t, a) => t + a.amountCents, 0);
  const patient = encounter.relationship === "self" ? undefined : encounter.patient;
  const person = patient ?? encounter.subscriber;
  return {
    patientControlNumber: encounter.patientControlNumber,
    statusCode,
    chargeCents: lines.reduce((t, l) => t + l.chargeCents, 0),
    paidCents: lines.reduce((t, l) => t + l.paidCents, 0),
    patientResponsibilityCents: patientShare,
    payerClaimNumber,
    filingIndicator:
      FILING_INDICATOR_835[encounter.payer.claimFilingIndicator] ??
      encounter.payer.claimFilingIndicator,
    facilityCode: facilityCode(encounter),
    frequencyCode: encounter.frequencyCode,
    adjustments: [],
    ...(remarks.length === 0 ? {} : { remarks }),
    patient: compact({
      lastName: person.lastName,
      firstName: person.firstName,
      memberId: encounter.subscriber.memberId,
    }),
    lines,
  };
}

/** The reversal of a payment: CLP02 22 with every amount negated (5010: no CR group). */
export function reversalOf(payment: ClaimPaymentInput): ClaimPaymentInput {
  // 0 - x keeps a zero amount +0.
  const negate = (a: RemitAdjustment): RemitAdjustment => ({
    ...a,
    amountCents: 0 - a.amountCents,
  });
  return {
    ...payment,
    statusCode: "22",
    chargeCents: 0 - payment.chargeCents,
    paidCents: 0 - payment.paidCents,
    patientResponsibilityCents: 0 - payment.patientResponsibilityCents,
    adjustments: payment.adjustments.map(negate),
    lines: payment.lines.map((l) => ({
      ...l,
      chargeCents: 0 - l.chargeCents,
      paidCents: 0 - l.paidCents,
      adjustments: l.adjustments.map(negate),
      ...(l.allowedCents === undefined ? {} : { allowedCents: 0 - l.allowedCents }),
    })),
  };
}

interface Payments {
  readonly payments: (readonly ClaimPaymentInput[])[];
  readonly providerAdjustments: (readonly ProviderAdjustmentInput[])[];
}

/** A claim payment of the claim being answered, with this status, lines and claim remarks. */
type Pay = (
  status: string,
  lines: readonly ServiceLinePayment[],
  remarks?: string[],
) => ClaimPaymentInput;

/** One payment in the first 835, no provider adjustment. */
const single = (payment: ClaimPaymentInput): Payments => ({
  payments: [[payment]],
  providerAdjustments: [],
});

function remittance(
  outcome: RemittanceOutcome,
  encounter: CodedEncounter,
  payerClaimNumber: string,
): Payments {
  const lines = linesOf(encounter);
  const status = paidStatus(encounter);
  const pay: Pay = (code, paid, remarks) =>
    claimPayment(encounter, payerClaimNumber, code, paid, remarks);
  const paid = pay(
    status,
    lines.map((l) => allowedLine(l)),
  );
  switch (outcome.kind) {
    case "silence":
      return { payments: [], providerAdjustments: [] };
    case "paid":
      return single(paid);
    case "partial":
      return single(pay(status, patientShareLines(lines)));
    case "denied":
      return single(
        pay(
          "4",
          lines.map((l) => deniedLine(l, outcome.group, outcome.reason)),
        ),
      );
    case "line-denied":
      return single(lastLineDenied(lines, pay, status, outcome.reason));
    case "reversed":
      return reversedAndPaidAgain(lines, pay, status, paid);
    case "provider-adjustment":
      return {
        payments: [[paid]],
        providerAdjustments: [[providerAdjustment(outcome.reason, paid)]],
      };
    case "split":
      return { payments: splitPayments(lines, pay, status), providerAdjustments: [] };
  }
}

/** CO-45 on every line but the last, denied in full (a one-line claim is denied: CLP02 4). */
function lastLineDenied(lines: readonly Line[], pay: Pay, status: string, reason: string) {
  const last = lines.length - 1;
  const out = lines.map((l, i) => (i === last ? deniedLine(l, "CO", reason) : allowedLine(l)));
  return pay(last === 0 ? "4" : status, out);
}

/** First 835: paid at the lower allowance; second: that payment reversed, then `paid`. */
function reversedAndPaidAgain(
  lines: readonly Line[],
  pay: Pay,
  status: string,
  paid: ClaimPaymentInput,
): Payments {
  const first = pay(
    status,
    lines.map((l) => allowedLine(l, FIRST_ALLOWED_PERCENT)),
  );
  const again = { ...paid, payerClaimNumber: `${paid.payerClaimNumber}A` };
  return { payments: [[first], [reversalOf(first), again]], providerAdjustments: [] };
}

/** L6 interest: 1% of the payment (at least a cent), added; WO: a quarter of it, recovered. */
function providerAdjustment(reason: "L6" | "WO", paid: ClaimPaymentInput): ProviderAdjustmentInput {
  const amountCents =
    reason === "L6" ? -Math.max(1, percentOf(paid.paidCents, 1)) : percentOf(paid.paidCents, 25);
  return { reason, reference: paid.payerClaimNumber, amountCents };
}

/** The first half of the lines in the first 835, the rest in the second; each part MA15. */
function splitPayments(lines: readonly Line[], pay: Pay, status: string): ClaimPaymentInput[][] {
  const paid = lines.map((l) => allowedLine(l));
  const cut = Math.floor(paid.length / 2);
  const parts = [paid.slice(0, cut), paid.slice(cut)];
  return parts.map((part) => (part.length === 0 ? [] : [pay(status, part, ["MA15"])]));
}

/** What the sandbox payer answers for one claim after its set was accepted by the 999. */
export function remitForClaim(
  claim: Read837Claim,
  scenario: Scenario,
  payerClaimNumber: string,
): ClaimRemit {
  const { encounter } = claim;
  const { claimAck } = scenario;
  if (claimAck.kind === "silence") return { payments: [], providerAdjustments: [] };
  const rejected = claimAck.kind === "reject";
  const ack: ClaimAckInput = {
    ...ackClaim(claim),
    ...(rejected ? {} : { payerClaimNumber }),
    status: rejected
      ? compact({ category: claimAck.category, code: claimAck.status, entity: claimAck.entity })
      : ACCEPTED_STATUS,
  };
  if (rejected) return { ack, payments: [], providerAdjustments: [] };
  return { ack, ...remittance(scenario.remittance, encounter, payerClaimNumber) };
}

/** The claim's 277CA facts: trace ids, charge, dates of service, provider and subscriber. */
function ackClaim(claim: Read837Claim): Omit<ClaimAckInput, "status"> {
  const { encounter } = claim;
  const lines: readonly { chargeCents: number; serviceDate?: string; serviceDateEnd?: string }[] =
    encounter.serviceLines;
  const dates = lines.flatMap((l) => [l.serviceDate, l.serviceDateEnd]);
  const known = dates.filter((d): d is string => d !== undefined).sort();
  const from = encounter.kind === "institutional" ? encounter.statementFrom : known[0];
  const to = encounter.kind === "institutional" ? encounter.statementThrough : known.at(-1);
  const provider = encounter.billingProvider;
  const name = provider.entity === "organization" ? provider.organizationName : provider.lastName;
  return compact({
    patientControlNumber: encounter.patientControlNumber,
    submissionId: claim.submissionId,
    chargeCents: lines.reduce((t, l) => t + l.chargeCents, 0),
    serviceDateFrom: from ?? "",
    serviceDateTo: to === from ? undefined : to,
    billingProvider: { npi: provider.npi, name },
    subscriber: compact({
      memberId: encounter.subscriber.memberId,
      lastName: encounter.subscriber.lastName,
      firstName: encounter.subscriber.firstName,
    }),
  });
}
