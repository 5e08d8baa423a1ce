/**
 * Claim-level submission checks: patient loop when the patient is not the subscriber, payer
 * routed by a trading partner, replacements and voids naming the original claim, prior payer
 * data on secondary claims.
 */
import type { ScrubRun } from "./run.js";

const NEEDS_ORIGINAL = new Set(["7", "8"]);

export function claimEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.relationship !== "self" && !encounter.patient) {
    run.add(
      "PATIENT_MISSING",
      "/patient",
      "The patient is not the subscriber: add the patient's name, birth date and sex.",
    );
  }
  const known = run.context.knownPayerIds;
  const isKnown = Array.isArray(known)
    ? (known as readonly string[]).includes(encounter.payer.id)
    : (known as ReadonlySet<string>).has(encounter.payer.id);
  if (!isKnown) {
    run.add(
      "PAYER_UNKNOWN",
      "/payer/id",
      "No trading partner is set up for this payer id: check the payer id or set up the payer.",
    );
  }
  if (NEEDS_ORIGINAL.has(encounter.frequencyCode) && !encounter.originalPayerClaimNumber) {
    const what = encounter.frequencyCode === "7" ? "replacement" : "void";
    run.add(
      "ORIGINAL_CLAIM_NUMBER_MISSING",
      "/originalPayerClaimNumber",
      `A ${what} claim needs the payer's claim number of the original claim.`,
    );
  }
  const responsibility = encounter.subscriber.payerResponsibility;
  if (responsibility !== "primary" && (encounter.otherPayers ?? []).length === 0) {
    run.add(
      "OTHER_PAYER_MISSING",
      "/otherPayers",
      `A ${responsibility} claim needs the prior payer's information (payer, paid amount, adjustments).`,
    );
  }
}
