/** The demo's printed report: claims per state, outcomes with owners, and balanced totals. */
import type { DemoOutcome, DemoSummary } from "../app/demo.js";

/** At most this many patient control numbers are listed per outcome line. */
const LISTED = 3;

function dollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

function claimList(outcome: DemoOutcome): string {
  const shown = outcome.patientControlNumbers.slice(0, LISTED).join(", ");
  const more = outcome.patientControlNumbers.length - LISTED;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** A root-cause rule key (`*-197`, `CO-45`) as a biller reads it; other codes as they are. */
function reasonText(code: string): string {
  const rule = /^(\*|[A-Z]{2})-(\w+)$/.exec(code);
  if (rule === null) return code;
  return rule[1] === "*" ? `CARC ${rule[2]}` : `${rule[1]}-${rule[2]}`;
}

function outcomeLine(outcome: DemoOutcome): string {
  const n = String(outcome.patientControlNumbers.length).padStart(4);
  const who = outcome.owner === null ? "" : `owner ${outcome.owner}, `;
  const why = outcome.reasonCode === null ? "" : `reason ${reasonText(outcome.reasonCode)}`;
  const detail = `${who}${why}`.replace(/, $/, "");
  return `  ${outcome.state.padEnd(14)} ${n}  ${outcome.scenario.padEnd(22)} ${detail.padEnd(40)} ${claimList(outcome)}`;
}

export function printDemoSummary(summary: DemoSummary, print: (line: string) => void): void {
  print("claims by state");
  for (const [state, n] of Object.entries(summary.byState).sort())
    print(`  ${state.padEnd(14)} ${n}`);
  print("");
  print("outcomes (state, claims, sandbox scenario, whose work and why, claims)");
  for (const outcome of summary.outcomes) print(outcomeLine(outcome));
  if (summary.stalledByClock > 0)
    print(
      `  (stalled: the follow-up check run as of ${summary.clockHoursAhead} h from now, past their 277CA due time)`,
    );
  print("");
  const t = summary.totals;
  print(`remittances posted (${t.postings} claim payments, reversals included)`);
  print(`  charged                ${dollars(t.chargedCents).padStart(14)}`);
  print(`  paid                   ${dollars(t.paidCents).padStart(14)}`);
  print(`  adjusted               ${dollars(t.adjustedCents).padStart(14)}`);
  print(`  patient responsibility ${dollars(t.patientResponsibilityCents).padStart(14)}`);
  print(
    `  charged = paid + adjusted + patient responsibility: ${summary.balanced ? "balances" : "DOES NOT BALANCE"}`,
  );
  print(`  provider-level (PLB)   ${dollars(t.providerAdjustmentCents).padStart(14)}`);
  print("");
  print(`claims where their scenario says  ${summary.asExpected} of ${summary.claims}`);
  print(`files sent                        ${summary.filesSent}`);
  print(`acknowledgment files received     ${summary.acksReceived}`);
  print(`time taken                        ${summary.seconds.toFixed(1)} s`);
}
