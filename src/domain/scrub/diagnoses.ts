/**
 * Diagnoses: at least one (a principal one on 837I), each an ICD-10-CM code billable on the
 * date of service, valid present-on-admission indicators (837I), and 837P diagnosis pointers
 * that point at diagnoses, at most 4 per line. Owner: coding.
 */
import { diagnosesOf } from "../encounter.js";
import type { ProfessionalEncounter } from "../encounter.js";
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";
import { runClaimDate } from "./service-dates.js";

const POA_VALUES = new Set(["Y", "N", "U", "W", "1"]);
const MAX_POINTERS = 4;

export function diagnosisEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.kind === "professional" && encounter.diagnoses.length === 0) {
    run.add(
      "DIAGNOSIS_MISSING",
      "/diagnoses",
      "The claim has no diagnosis: add at least one ICD-10-CM code.",
    );
  }
  if (encounter.kind === "institutional" && !encounter.principalDiagnosis) {
    run.add(
      "PRINCIPAL_DIAGNOSIS_MISSING",
      "/principalDiagnosis",
      "The institutional claim has no principal diagnosis.",
    );
  }
  const diagnoses = diagnosesOf(encounter);
  codeSetEdits(run, diagnoses);
  if (encounter.kind === "institutional") poaEdits(run, diagnoses);
  if (encounter.kind === "professional") pointerEdits(run, encounter);
}

/** `diagnosesOf` the run's encounter, made once for both checks that read it. */
type Diagnoses = ReturnType<typeof diagnosesOf>;

function codeSetEdits(run: ScrubRun, diagnoses: Diagnoses): void {
  const first = diagnoses[0];
  if (!first) return;
  const icd10 = run.context.codeSets.icd10;
  const dated = runClaimDate(run);
  if (!icd10 || !dated || !icd10.covers(dated.date)) {
    const why = !icd10 ? "not loaded" : "not loaded for the date of service";
    run.unavailable("ICD-10-CM", `${first.path}/code`, why);
    return;
  }
  diagnoses.forEach(({ diagnosis, path }, i) => {
    const status = icd10.status(diagnosis.code, dated.date);
    if (status === "unknown") {
      run.add(
        "ICD10_UNKNOWN",
        `${path}/code`,
        `Diagnosis ${i + 1} is not an ICD-10-CM code valid on the date of service (write it without the dot).`,
      );
    } else if (status === "header") {
      run.add(
        "ICD10_NOT_BILLABLE",
        `${path}/code`,
        `Diagnosis ${i + 1} is a category, not a billable code: code it to the full number of characters.`,
      );
    }
  });
}

function poaEdits(run: ScrubRun, diagnoses: Diagnoses): void {
  diagnoses.forEach(({ diagnosis, path }) => {
    const poa = diagnosis.presentOnAdmission;
    if (poa !== undefined && !POA_VALUES.has(poa)) {
      run.add(
        "POA_INVALID",
        `${path}/presentOnAdmission`,
        "The present-on-admission indicator must be Y, N, U, W or 1 (exempt).",
      );
    }
  });
}

function pointerEdits(run: ScrubRun, encounter: ProfessionalEncounter): void {
  const count = encounter.diagnoses.length;
  // Pointers ("/serviceLines/0/diagnosisPointers") are made only for an edit.
  let i = -1;
  for (const line of encounter.serviceLines) {
    i++;
    const pointers = line.diagnosisPointers;
    if (pointers.length === 0) {
      const path = linePath(i, "diagnosisPointers");
      run.add("DIAGNOSIS_POINTER_MISSING", path, `${lineName(i)} points at no diagnosis.`);
    }
    if (pointers.length > MAX_POINTERS) {
      run.add(
        "DIAGNOSIS_POINTER_TOO_MANY",
        linePath(i, "diagnosisPointers"),
        `${lineName(i)} has more than ${MAX_POINTERS} diagnosis pointers; keep the 4 most relevant.`,
      );
    }
    let j = -1;
    for (const pointer of pointers) {
      j++;
      if (!Number.isInteger(pointer) || pointer < 1 || pointer > count) {
        run.add(
          "DIAGNOSIS_POINTER_INVALID",
          `${linePath(i, "diagnosisPointers")}/${j}`,
          `${lineName(i)} diagnosis pointer ${j + 1} does not point at one of the claim's ${count} diagnoses.`,
        );
      }
    }
  }
}
