/**
 * 835 health care claim payment/advice (005010X221A1) built from claim payments: the body
 * between ST and SE, for `buildInterchange` (GS01 HP, GS08 005010X221A1; the 835 does not use
 * ST03, so the set is written without a guide).
 *
 * The builder computes the payment total so the remittance balances (ARCHITECTURE.md
 * section 5): BPR02 = Σ CLP04 − Σ PLB amounts (a positive PLB amount, such as WO recoupment,
 * reduces the payment; a negative one, such as L6 interest, adds to it). It refuses claims and
 * lines that do not balance themselves: CLP03 − Σ CAS (claim and lines) = CLP04 and
 * SVC02 − Σ line CAS = SVC03. A reversal (CLP02 22) is given with its amounts already negated.
 *
 * Payment: BPR01 I with a check (CHK), H with no payment (NON, total 0); a negative total is a
 * debit (BPR03 D) of its absolute value.
 */
import type { SegmentInput } from "../segment.js";
import { amount, buildInvalid, d8, nm1, quantity, seg } from "./837-common.js";

export const REMITTANCE_GUIDE = "005010X221A1";

/** CAS01 group codes allowed in 5010 (CR is not used). */
export type RemitAdjustmentGroup = "CO" | "PR" | "OA" | "PI";

export interface RemitAdjustment {
  readonly group: RemitAdjustmentGroup;
  /** CARC. */
  readonly reason: string;
  readonly amountCents: number;
  readonly quantity?: number;
}

export interface ServiceLinePayment {
  /** SVC01-1: "HC" HCPCS/CPT (default) or "NU" revenue code. */
  readonly qualifier?: "HC" | "NU";
  /** SVC01-2: the procedure (or, with NU, the revenue) code. */
  readonly procedureCode: string;
  /** SVC04 revenue code of an institutional line paid by procedure. */
  readonly revenueCode?: string;
  readonly modifiers?: readonly string[];
  readonly chargeCents: number;
  readonly paidCents: number;
  /** SVC05 units paid. */
  readonly units?: number;
  /** ISO date (DTM*472). */
  readonly serviceDate?: string;
  readonly adjustments: readonly RemitAdjustment[];
  /** RARCs (LQ*HE). */
  readonly remarks?: readonly string[];
  /** AMT*B6 allowed amount. */
  readonly allowedCents?: number;
  /** REF*6R: the 837's line item control number. */
  readonly lineControlNumber?: string;
}

export interface ClaimPaymentInput {
  /** CLP01: the 837's CLM01. */
  readonly patientControlNumber: string;
  /** CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal, … */
  readonly statusCode: string;
  readonly chargeCents: number;
  readonly paidCents: number;
  /** CLP05; written when not 0. */
  readonly patientResponsibilityCents: number;
  /** CLP07. */
  readonly payerClaimNumber: string;
  /** CLP06 claim filing indicator, e.g. "12" PPO, "MB" Medicare B. */
  readonly filingIndicator: string;
  /** CLP08 place of service / facility type code. */
  readonly facilityCode?: string;
  /** CLP09 frequency code. */
  readonly frequencyCode?: string;
  /** Claim-level CAS. */
  readonly adjustments: readonly RemitAdjustment[];
  /** MOA03..MOA07 claim remarks, e.g. MA15 (claim split). At most 5. */
  readonly remarks?: readonly string[];
  /** NM1*QC: the patient. */
  readonly patient?: {
    readonly lastName: string;
    readonly firstName?: string;
    readonly memberId?: string;
  };
  readonly lines: readonly ServiceLinePayment[];
}

export interface ProviderAdjustmentInput {
  /** PLB03-1, e.g. "L6" interest, "WO" overpayment recovery. */
  readonly reason: string;
  /** PLB03-2, e.g. the payer claim number recouped. */
  readonly reference?: string;
  /** Positive reduces the payment, negative adds to it. */
  readonly amountCents: number;
}

export interface Build835Input {
  readonly payer: {
    /** REF*2U payer identification number. */
    readonly id: string;
    readonly name: string;
    /** The payer's EIN (9 digits): TRN03 is "1" followed by it. */
    readonly taxId: string;
    readonly address: {
      readonly line1: string;
      readonly city: string;
      readonly state: string;
      readonly postalCode: string;
    };
    /** PER*BL technical contact. */
    readonly contact: { readonly name: string; readonly phone: string };
  };
  readonly payee: { readonly npi: string; readonly name: string };
  /** TRN02: the check or EFT trace number (with the payer, the duplicate key). */
  readonly trace: string;
  /** ISO: BPR16, DTM*405. */
  readonly paymentDate: string;
  /** BPR04 when money moves; a zero total is always NON. */
  readonly method: "CHK" | "NON";
  readonly claims: readonly ClaimPaymentInput[];
  readonly providerAdjustments?: readonly ProviderAdjustmentInput[];
}

const sum = (items: readonly { amountCents: number }[]): number =>
  items.reduce((total, item) => total + item.amountCents, 0);

function checkCents(cents: number, field: string): void {
  if (!Number.isSafeInteger(cents)) throw buildInvalid(`${field} must be whole cents`);
}

/** CAS segments: one per group (in order of first use), at most 6 triples each. */
function casSegments(adjustments: readonly RemitAdjustment[]): SegmentInput[] {
  const byGroup = new Map<string, RemitAdjustment[]>();
  for (const a of adjustments) {
    if (!["CO", "PR", "OA", "PI"].includes(a.group)) throw buildInvalid("CAS01 group code");
    if (a.reason === "") throw buildInvalid("CAS02 reason code is required");
    checkCents(a.amountCents, "adjustment amount");
    byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
  }
  const out: SegmentInput[] = [];
  for (const [group, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      const triples = list.slice(i, i + 6).flatMap((a) => {
        const qty = a.quantity === undefined ? "" : quantity(a.quantity, "adjustment quantity");
        return [a.reason, amount(a.amountCents), qty];
      });
      out.push(seg("CAS", group, ...triples));
    }
  }
  return out;
}

function lineLoop(line: ServiceLinePayment): SegmentInput[] {
  checkCents(line.chargeCents, "line charge");
  checkCents(line.paidCents, "line paid amount");
  if (line.chargeCents - sum(line.adjustments) !== line.paidCents) {
    throw buildInvalid("a service line does not balance: SVC02 less its CAS must equal SVC03");
  }
  const units = line.units === undefined ? "" : quantity(line.units, "units");
  const out = [
    seg(
      "SVC",
      [line.qualifier ?? "HC", line.procedureCode, ...(line.modifiers ?? [])],
      amount(line.chargeCents),
      amount(line.paidCents),
      line.revenueCode ?? "",
      units,
    ),
  ];
  if (line.serviceDate !== undefined) out.push(seg("DTM", "472", d8(line.serviceDate, "date")));
  out.push(...casSegments(line.adjustments));
  if (line.lineControlNumber !== undefined) out.push(seg("REF", "6R", line.lineControlNumber));
  if (line.allowedCents !== undefined) out.push(seg("AMT", "B6", amount(line.allowedCents)));
  for (const remark of line.remarks ?? []) out.push(seg("LQ", "HE", remark));
  return out;
}

function claimLoop(claim: ClaimPaymentInput): SegmentInput[] {
  // Lines first: a line that does not balance is named as such, not as its claim.
  const lines = claim.lines.flatMap(lineLoop);
  checkCents(claim.chargeCents, "claim charge");
  checkCents(claim.paidCents, "claim paid amount");
  checkCents(claim.patientResponsibilityCents, "patient responsibility");
  const adjusted = sum(claim.adjustments) + claim.lines.reduce((t, l) => t + sum(l.adjustments), 0);
  if (claim.chargeCents - adjusted !== claim.paidCents) {
    throw buildInvalid("a claim payment does not balance: CLP03 less its CAS must equal CLP04");
  }
  const remarks = claim.remarks ?? [];
  if (remarks.length > 5) throw buildInvalid("at most 5 claim remarks (MOA03 to MOA07)");
  const responsibility = claim.patientResponsibilityCents;
  const { patient } = claim;
  const out = [
    seg(
      "CLP",
      claim.patientControlNumber,
      claim.statusCode,
      amount(claim.chargeCents),
      amount(claim.paidCents),
      responsibility === 0 ? "" : amount(responsibility),
      claim.filingIndicator,
      claim.payerClaimNumber,
      claim.facilityCode ?? "",
      claim.frequencyCode ?? "",
    ),
    ...casSegments(claim.adjustments),
    patient === undefined
      ? seg("NM1", "QC", "1")
      : nm1(
          "QC",
          ["1", patient.lastName, patient.firstName ?? "", "", "", ""],
          "MI",
          patient.memberId,
        ),
  ];
  if (remarks.length > 0) out.push(seg("MOA", "", "", ...remarks));
  out.push(...lines);
  return out;
}

/** PLB segments: up to 6 adjustment pairs each; PLB02 is the end of the payment's year. */
function plbSegments(input: Build835Input): SegmentInput[] {
  const adjustments = input.providerAdjustments ?? [];
  const fiscalYearEnd = `${d8(input.paymentDate, "paymentDate").slice(0, 4)}1231`;
  const out: SegmentInput[] = [];
  for (let i = 0; i < adjustments.length; i += 6) {
    const pairs = adjustments.slice(i, i + 6).flatMap((a) => {
      if (a.reason === "") throw buildInvalid("PLB03-1 adjustment reason code is required");
      checkCents(a.amountCents, "provider adjustment amount");
      return [[a.reason, a.reference ?? ""], amount(a.amountCents)];
    });
    out.push(seg("PLB", input.payee.npi, fiscalYearEnd, ...pairs));
  }
  return out;
}

/** BPR02 as the balancing rule gives it: Σ CLP04 − Σ PLB amounts. */
export function paymentTotal(
  claims: readonly { paidCents: number }[],
  providerAdjustments: readonly { amountCents: number }[] = [],
): number {
  return claims.reduce((t, c) => t + c.paidCents, 0) - sum(providerAdjustments);
}

function bpr(input: Build835Input, total: number): SegmentInput {
  const date = d8(input.paymentDate, "paymentDate");
  const none = total === 0 || input.method === "NON";
  const handling = none ? "H" : "I";
  const method = none ? "NON" : input.method;
  const creditDebit = total < 0 ? "D" : "C";
  const blanks = Array<string>(11).fill("");
  return seg("BPR", handling, amount(Math.abs(total)), creditDebit, method, ...blanks, date);
}

/** The 835 body (BPR through PLB) for `buildInterchange`. */
export function build835(input: Build835Input): SegmentInput[] {
  if (input.trace === "") throw buildInvalid("TRN02 trace number is required");
  if (!/^\d{9}$/.test(input.payer.taxId)) throw buildInvalid("payer taxId must be 9 digits");
  const total = paymentTotal(input.claims, input.providerAdjustments);
  const { payer, payee } = input;
  const out: SegmentInput[] = [
    bpr(input, total),
    seg("TRN", "1", input.trace, `1${payer.taxId}`),
    seg("DTM", "405", d8(input.paymentDate, "paymentDate")),
    seg("N1", "PR", payer.name),
    seg("N3", payer.address.line1),
    seg("N4", payer.address.city, payer.address.state, payer.address.postalCode),
    seg("REF", "2U", payer.id),
    seg("PER", "BL", payer.contact.name, "TE", payer.contact.phone),
    seg("N1", "PE", payee.name, "XX", payee.npi),
  ];
  if (input.claims.length > 0) out.push(seg("LX", "1"));
  for (const claim of input.claims) out.push(...claimLoop(claim));
  out.push(...plbSegments(input));
  return out;
}
