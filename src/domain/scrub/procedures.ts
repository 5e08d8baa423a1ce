/**
 * Procedure codes, modifiers, revenue codes and place of service. CPT is licensed, so CPT
 * codes are checked by shape only; HCPCS Level II codes are looked up in the CMS file.
 */
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";
import { lineServiceDates } from "./service-dates.js";

/** CPT: five digits (Category I), or four digits and F (Cat II), T (Cat III) or U (PLA). */
const CPT = /^(\d{5}|\d{4}[FTU])$/;
/** HCPCS Level II: a letter and four digits. */
const HCPCS = /^[A-Z]\d{4}$/;
const MODIFIER = /^[A-Z0-9]{2}$/;
const REVENUE_CODE = /^\d{4}$/;
const MAX_MODIFIERS = 4;

export type ProcedureKind = "cpt" | "hcpcs" | "invalid";

export function procedureKind(code: string): ProcedureKind {
  if (CPT.test(code)) return "cpt";
  return HCPCS.test(code) ? "hcpcs" : "invalid";
}

interface LineCodes {
  procedureCode?: string;
  modifiers?: string[];
}

export function procedureEdits(run: ScrubRun): void {
  const lines: readonly LineCodes[] = run.encounter.serviceLines;
  const dates = lineServiceDates(run.encounter);
  lines.forEach((line, i) => {
    if (line.procedureCode !== undefined)
      procedureCodeEdit(run, line.procedureCode, i, dates[i]?.date);
    modifierEdits(run, line.modifiers ?? [], i);
  });
  if (run.encounter.kind === "institutional") {
    run.encounter.serviceLines.forEach((line, i) => {
      if (!REVENUE_CODE.test(line.revenueCode)) {
        run.add(
          "REVENUE_CODE_FORMAT",
          linePath(i, "revenueCode"),
          `${lineName(i)} revenue code must be 4 digits (for example 0450).`,
        );
      }
    });
  } else {
    placeOfServiceEdits(run);
  }
}

function procedureCodeEdit(run: ScrubRun, code: string, i: number, date: string | undefined): void {
  const path = linePath(i, "procedureCode");
  const kind = procedureKind(code);
  if (kind === "invalid") {
    run.add(
      "PROCEDURE_CODE_FORMAT",
      path,
      `${lineName(i)} procedure code is neither a CPT code (5 digits, or 4 digits and F, T or U) nor a HCPCS code (a letter and 4 digits).`,
    );
    return;
  }
  if (kind === "cpt" || date === undefined) return;
  const hcpcs = run.context.codeSets.hcpcs;
  if (!hcpcs || !hcpcs.covers(date)) {
    run.unavailable("HCPCS", path, hcpcs ? "not loaded for the date of service" : "not loaded");
    return;
  }
  const status = hcpcs.status(code, date);
  if (status === "unknown") {
    run.add("HCPCS_UNKNOWN", path, `${lineName(i)} HCPCS code is not in the CMS HCPCS code set.`);
  } else if (status === "terminated" || status === "not_yet_effective") {
    const when = status === "terminated" ? "was discontinued before" : "takes effect after";
    run.add("HCPCS_NOT_EFFECTIVE", path, `${lineName(i)} HCPCS code ${when} the date of service.`);
  }
}

function modifierEdits(run: ScrubRun, modifiers: readonly string[], i: number): void {
  const path = linePath(i, "modifiers");
  if (modifiers.length > MAX_MODIFIERS) {
    run.add("MODIFIER_TOO_MANY", path, `${lineName(i)} has more than ${MAX_MODIFIERS} modifiers.`);
  }
  modifiers.forEach((modifier, j) => {
    if (!MODIFIER.test(modifier)) {
      run.add(
        "MODIFIER_FORMAT",
        `${path}/${j}`,
        `${lineName(i)} modifier ${j + 1} must be two capital letters or digits.`,
      );
    }
  });
}

function placeOfServiceEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.kind !== "professional") return;
  const pos = run.context.codeSets.pos;
  if (!pos) {
    run.unavailable("place of service", "/placeOfService", "not loaded");
    return;
  }
  const message = (name: string) =>
    `${name}'s place of service is not a code of the CMS place of service list.`;
  if (!pos.exists(encounter.placeOfService)) {
    run.add("PLACE_OF_SERVICE_INVALID", "/placeOfService", message("The claim"));
  }
  encounter.serviceLines.forEach((line, i) => {
    if (line.placeOfService !== undefined && !pos.exists(line.placeOfService)) {
      run.add("PLACE_OF_SERVICE_INVALID", linePath(i, "placeOfService"), message(lineName(i)));
    }
  });
}
