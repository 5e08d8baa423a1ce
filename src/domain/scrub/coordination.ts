/**
 * Prior payers' money on a secondary or tertiary claim balances (837P/837I TR3 section 1.4.4):
 * for each other payer, the claim charge equals what it paid plus every adjustment it reported,
 * at claim level (2320 CAS) and at line level (2430 CAS) together; and when it adjudicated
 * lines, their payments less its claim-level adjustments equal its claim-level payment
 * (2320 AMT*D). An adjustment sent at both levels counts twice and breaks the first rule.
 */
import type { Adjustment, CodedEncounter, LineAdjudication, OtherPayer } from "../encounter.js";
import type { ScrubRun } from "./run.js";

function adjusted(adjustments: readonly Adjustment[] | undefined): number {
  let sum = 0;
  for (const a of adjustments ?? []) sum += a.amountCents;
  return sum;
}

function lineAdjudicationsOf(encounter: CodedEncounter, payerId: string): LineAdjudication[] {
  const out: LineAdjudication[] = [];
  for (const line of encounter.serviceLines) {
    for (const adjudication of line.otherPayerAdjudications ?? []) {
      if (adjudication.payerId === payerId) out.push(adjudication);
    }
  }
  return out;
}

function checkPayer(run: ScrubRun, other: OtherPayer, index: number, claimCharge: number): void {
  const lines = lineAdjudicationsOf(run.encounter, other.payer.id);
  const claimLevel = adjusted(other.adjustments);
  let lineLevel = 0;
  let linePaid = 0;
  for (const line of lines) {
    lineLevel += adjusted(line.adjustments);
    linePaid += line.paidCents;
  }
  const accounted = other.paidCents + claimLevel + lineLevel;
  if (accounted !== claimCharge) {
    run.add(
      "COB_UNBALANCED",
      `/otherPayers/${index}`,
      `Prior payer ${index + 1}: its payment plus its adjustments (claim and line level ` +
        `together) does not equal the claim charge. Report each adjustment once, at claim or at line level.`,
    );
    return;
  }
  if (lines.length > 0 && linePaid - claimLevel !== other.paidCents) {
    run.add(
      "COB_UNBALANCED",
      `/otherPayers/${index}/paidCents`,
      `Prior payer ${index + 1}: its line payments less its claim-level adjustments do not ` +
        `equal its claim payment.`,
    );
  }
}

export function coordinationEdits(run: ScrubRun): void {
  const others = run.encounter.otherPayers ?? [];
  if (others.length === 0) return;
  let claimCharge = 0;
  for (const line of run.encounter.serviceLines) claimCharge += line.chargeCents;
  others.forEach((other, i) => checkPayer(run, other, i, claimCharge));
}
