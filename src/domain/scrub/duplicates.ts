/**
 * Duplicate detection. A claim's fingerprint is what makes it "the same claim" to a payer:
 * the patient, the payer, the billing provider, and each line's dates and codes. The store
 * keeps the fingerprint of each submitted claim and passes the prior ones to scrub.
 */
import { createHash } from "node:crypto";
import { patientOf } from "../encounter.js";
import type { CodedEncounter } from "../encounter.js";
import type { ScrubRun } from "./run.js";
import type { PriorClaim } from "./types.js";

function norm(text: string | undefined): string {
  return (text ?? "").trim().toUpperCase();
}

/** Who the claim is for, the same way in scrub, eligibility results and the store. */
export function patientKey(encounter: CodedEncounter): string {
  const patient = patientOf(encounter);
  return [
    norm(encounter.subscriber.memberId),
    norm(patient?.lastName),
    norm(patient?.firstName),
    patient?.birthDate ?? "",
  ].join("|");
}

function lineKeys(encounter: CodedEncounter): string[] {
  if (encounter.kind === "professional") {
    return encounter.serviceLines.map((l) =>
      [
        l.serviceDate,
        l.serviceDateEnd ?? "",
        norm(l.procedureCode),
        (l.modifiers ?? []).map(norm).join(":"),
      ].join("/"),
    );
  }
  return encounter.serviceLines.map((l) =>
    [
      l.serviceDate ?? "",
      l.revenueCode,
      norm(l.procedureCode),
      (l.modifiers ?? []).map(norm).join(":"),
    ].join("/"),
  );
}

/** A hash (no PHI in the clear) of patient, payer, billing provider, dates and codes. */
export function claimFingerprint(encounter: CodedEncounter): string {
  const header =
    encounter.kind === "institutional"
      ? [encounter.statementFrom, encounter.statementThrough, encounter.typeOfBill.slice(0, 3)]
      : [];
  const parts = [
    encounter.kind,
    patientKey(encounter),
    norm(encounter.payer.id),
    encounter.billingProvider.npi,
    ...header,
    ...lineKeys(encounter).sort(),
  ];
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

/**
 * Prior claims indexed by fingerprint, built once per list the caller passes (a batch scrubs
 * many encounters against the same list). A cache, not state: the same list gives the same index.
 */
const indexes = new WeakMap<readonly PriorClaim[], Map<string, PriorClaim[]>>();

function priorsWith(priors: readonly PriorClaim[], fingerprint: string): readonly PriorClaim[] {
  let index = indexes.get(priors);
  if (!index) {
    index = new Map();
    for (const prior of priors) {
      const same = index.get(prior.fingerprint);
      if (same) same.push(prior);
      else index.set(prior.fingerprint, [prior]);
    }
    indexes.set(priors, index);
  }
  return index.get(fingerprint) ?? [];
}

export function duplicateEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  // A replacement or void repeats the original on purpose.
  if (encounter.frequencyCode === "7" || encounter.frequencyCode === "8") return;
  // Nothing to be a duplicate of: skip the hash (a batch's first claims usually have none).
  if (run.context.priorClaims.length === 0) return;
  const fingerprint = claimFingerprint(encounter);
  const duplicate = priorsWith(run.context.priorClaims, fingerprint).some(
    (prior) => prior.patientControlNumber !== encounter.patientControlNumber,
  );
  if (duplicate) {
    run.add(
      "DUPLICATE_CLAIM",
      "/serviceLines",
      "A claim for the same patient, provider, dates and codes was already submitted: send a replacement (frequency 7) instead, or drop this one.",
    );
  }
}
