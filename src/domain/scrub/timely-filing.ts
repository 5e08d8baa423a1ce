/**
 * Timely filing: days from the date of service to today against the payer's limit (its own
 * from the payer rules, else the default, else 365). Past the limit the claim is held; from
 * 90% of the limit a warning says to send it now.
 */
import { daysBetween } from "../iso-date.js";
import type { ScrubRun } from "./run.js";
import { runClaimDate } from "./service-dates.js";

export const DEFAULT_TIMELY_FILING_DAYS = 365;
const WARN_AT = 0.9;

export function timelyFilingLimit(run: ScrubRun): number {
  const rules = run.context.payerRules;
  return (
    rules.payers?.[run.encounter.payer.id]?.timelyFilingDays ??
    rules.defaultTimelyFilingDays ??
    DEFAULT_TIMELY_FILING_DAYS
  );
}

export function timelyFilingEdits(run: ScrubRun): void {
  const dated = runClaimDate(run);
  if (!dated) return; // no valid date: DATE_INVALID already holds the claim
  const limit = timelyFilingLimit(run);
  const days = daysBetween(dated.date, run.context.today);
  if (days > limit) {
    run.add(
      "TIMELY_FILING_EXPIRED",
      dated.path,
      `The payer's filing limit of ${limit} days from the date of service has passed (${days} days).`,
    );
  } else if (days >= Math.ceil(limit * WARN_AT)) {
    run.add(
      "TIMELY_FILING_NEAR",
      dated.path,
      `${limit - days} days remain of the payer's ${limit}-day filing limit: send the claim now.`,
    );
  }
}
