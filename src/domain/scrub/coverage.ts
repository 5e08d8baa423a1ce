/**
 * Front-end checks against what the payer said or requires: coverage on the date of service
 * (when an eligibility answer exists) and prior authorization for the procedures that need one.
 */
import { isValidIsoDate } from "../iso-date.js";
import { patientKey } from "./duplicates.js";
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";
import { runLineDates } from "./service-dates.js";

export function coverageEdits(run: ScrubRun): void {
  if (run.context.eligibility.length === 0) return; // no answers at all: skip the key
  const key = patientKey(run.encounter);
  const payerId = run.encounter.payer.id;
  const result = run.context.eligibility.find((e) => e.patientKey === key && e.payerId === payerId);
  if (!result) return; // no answer: nothing to hold on
  if (!result.active) {
    run.add(
      "COVERAGE_INACTIVE",
      "/subscriber/memberId",
      "The payer reported this coverage as not active: verify eligibility or bill the right payer.",
    );
    return;
  }
  const from = isValidIsoDate(result.coverageFrom) ? result.coverageFrom : undefined;
  const through = isValidIsoDate(result.coverageThrough) ? result.coverageThrough : undefined;
  runLineDates(run).forEach((dated, i) => {
    if (!dated) return;
    if ((from && dated.date < from) || (through && dated.date > through)) {
      run.add(
        "COVERAGE_INACTIVE",
        dated.path,
        `${lineName(i)} date of service is outside the coverage dates the payer reported.`,
      );
    }
  });
}

export function authorizationEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.priorAuthorizationNumber) return;
  const rule = run.context.payerRules.payers?.[encounter.payer.id]?.authorizationRequired;
  if (!rule || rule.length === 0) return;
  const required = rule.map((code) => code.trim().toUpperCase());
  const lines: readonly { procedureCode?: string }[] = encounter.serviceLines;
  lines.forEach((line, i) => {
    if (
      line.procedureCode !== undefined &&
      required.includes(line.procedureCode.trim().toUpperCase())
    ) {
      run.add(
        "AUTHORIZATION_MISSING",
        linePath(i, "procedureCode"),
        `The payer requires a prior authorization for ${lineName(i).toLowerCase()}'s procedure: add the authorization number.`,
      );
    }
  });
}
