/**
 * Procedure codes, modifiers, revenue codes and place of service. CPT is licensed, so CPT
 * codes are checked by shape only; HCPCS Level II codes are looked up in the CMS file.
 */
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";
import { runLineDates } from "./service-dates.js";

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
  const dates = runLineDates(run);
  let i = -1;
  for (const line of lines) {
    i++;
    if (line.procedureCode !== undefined) {
      procedureCodeEdit(run, line.procedureCode, i, dates[i]?.date);
    }
    if (line.modifiers !== undefined) modifierEdits(run, line.modifiers, i);
  }
  if (run.encounter.kind === "institutional") {
    let n = -1;
    for (const line of run.encounter.serviceLines) {
      n++;
      if (!REVENUE_CODE.test(line.revenueCode)) {
        run.add(
          "REVENUE_CODE_FORMAT",
          linePath(n, "revenueCode"),
          `${lineName(n)} revenue code must be 4 digits (for example 0450).`,
        );
      }
    }
  } else {
    placeOfServiceEdits(run);
  }
}

/** Pointers are made only for an edit: most lines have none. */
function procedureCodeEdit(run: ScrubRun, code: string, i: number, date: string | undefined): void {
  const kind = procedureKind(code);
  if (kind === "invalid") {
    run.add(
      "PROCEDURE_CODE_FORMAT",
      linePath(i, "procedureCode"),
      `${lineName(i)} procedure code is neither a CPT code (5 digits, or 4 digits and F, T or U) nor a HCPCS code (a letter and 4 digits).`,
    );
    return;
  }
  if (kind === "cpt" || date === undefined) return;
  const hcpcs = run.context.codeSets.hcpcs;
  if (!hcpcs || !hcpcs.covers(date)) {
    const why = hcpcs ? "not loaded for the date of service" : "not loaded";
    run.unavailable("HCPCS", linePath(i, "procedureCode"), why);
    return;
  }
  const status = hcpcs.status(code, date);
  if (status === "unknown") {
    run.add(
      "HCPCS_UNKNOWN",
      linePath(i, "procedureCode"),
      `${lineName(i)} HCPCS code is not in the CMS HCPCS code set.`,
    );
  } else if (status === "terminated" || status === "not_yet_effective") {
    const when = status === "terminated" ? "was discontinued before" : "takes effect after";
    run.add(
      "HCPCS_NOT_EFFECTIVE",
      linePath(i, "procedureCode"),
      `${lineName(i)} HCPCS code ${when} the date of service.`,
    );
  }
}

function modifierEdits(run: ScrubRun, modifiers: readonly string[], i: number): void {
  if (modifiers.length > MAX_MODIFIERS) {
    run.add(
      "MODIFIER_TOO_MANY",
      linePath(i, "modifiers"),
      `${lineName(i)} has more than ${MAX_MODIFIERS} modifiers.`,
    );
  }
  let j = -1;
  for (const modifier of modifiers) {
    j++;
    if (!MODIFIER.test(modifier)) {
      run.add(
        "MODIFIER_FORMAT",
        `${linePath(i, "modifiers")}/${j}`,
        `${lineName(i)} modifier ${j + 1} must be two capital letters or digits.`,
      );
    }
  }
}

function placeOfServiceMessage(name: string): string {
  return `${name}'s place of service is not a code of the CMS place of service list.`;
}

function placeOfServiceEdits(run: ScrubRun): void {
  const encounter = run.encounter;
  if (encounter.kind !== "professional") return;
  const pos = run.context.codeSets.pos;
  if (!pos) {
    run.unavailable("place of service", "/placeOfService", "not loaded");
    return;
  }
  if (!pos.exists(encounter.placeOfService)) {
    run.add("PLACE_OF_SERVICE_INVALID", "/placeOfService", placeOfServiceMessage("The claim"));
  }
  let i = -1;
  for (const line of encounter.serviceLines) {
    i++;
    const place = line.placeOfService;
    if (place !== undefined && !pos.exists(place)) {
      const path = linePath(i, "placeOfService");
      run.add("PLACE_OF_SERVICE_INVALID", path, placeOfServiceMessage(lineName(i)));
    }
  }
}
