/**
 * The rows of the two root-cause mapping files (schemas/root-cause/carc.json and
 * 277ca-status.json), read from parsed JSON and checked before use: a row with an unknown owner,
 * group or code shape, a duplicate key, or a "not a denial" row marked as one stops the load
 * with ROOT_CAUSE_MAP_INVALID naming the file and row (the files hold no PHI).
 */
import { ClaimgateError } from "../errors.js";
import { isRejection } from "../x12/transactions/277ca.js";
import type { AdjustmentGroup } from "../x12/transactions/835.js";
import { EDIT_OWNERS } from "./scrub/types.js";

/** Scrub's owners plus the three that only an adjudicated claim can have. */
export const OWNERS = [
  ...EDIT_OWNERS,
  "coordination_of_benefits",
  "patient_responsibility",
  "contractual",
] as const;
export type Owner = (typeof OWNERS)[number];

export const ADJUSTMENT_GROUPS: readonly AdjustmentGroup[] = ["CO", "PR", "OA", "PI", "CR"];

/** "*" = any CARC (a group default row) or any group. */
export interface CarcRow {
  readonly carc: string;
  readonly group: AdjustmentGroup | "*";
  readonly rarc?: string;
  readonly owner: Owner;
  /** False for contractual and patient responsibility: expected money, not work. */
  readonly denial: boolean;
  readonly reason: string;
}

/** "*" = any category (of the rejected ones) or any status code. */
export interface StatusRow {
  readonly category: string;
  readonly code: string;
  readonly entity?: string;
  readonly owner: Owner;
  readonly reason: string;
}

const CARC_SHAPE = /^([0-9]{1,3}|[A-Z][0-9]{0,2})$/;
const RARC_SHAPE = /^[A-Z]{1,2}[0-9]{1,3}$/;
const STATUS_SHAPE = /^[0-9]{1,5}$/;
const ENTITY_SHAPE = /^[A-Z0-9]{2,3}$/;
const NOT_DENIAL_OWNERS: readonly Owner[] = ["contractual", "patient_responsibility"];

export function carcKey(carc: string, group: string, rarc?: string): string {
  return `${group}-${carc}${rarc ? `+${rarc}` : ""}`;
}

export function statusKey(category: string, code: string, entity?: string): string {
  return `${category}:${code}${entity ? `:${entity}` : ""}`;
}

function invalid(file: string, index: number, problem: string): ClaimgateError {
  return new ClaimgateError("ROOT_CAUSE_MAP_INVALID", `${file} row ${index + 1}: ${problem}`);
}

function rowsOf(json: unknown, file: string): Record<string, unknown>[] {
  const rows = (json as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw invalid(file, -1, "has no rows array");
  return rows.map((row, index) => {
    if (typeof row !== "object" || row === null) throw invalid(file, index, "is not an object");
    return row as Record<string, unknown>;
  });
}

function text(row: Record<string, unknown>, field: string): string | undefined {
  const value = row[field];
  return typeof value === "string" ? value : undefined;
}

function ownerOf(row: Record<string, unknown>): Owner | undefined {
  const owner = text(row, "owner");
  return OWNERS.find((known) => known === owner);
}

function carcRowProblem(row: Record<string, unknown>): string | undefined {
  const carc = text(row, "carc") ?? "";
  const group = text(row, "group") ?? "";
  const rarc = text(row, "rarc");
  const owner = ownerOf(row);
  if (carc !== "*" && !CARC_SHAPE.test(carc)) return "carc is not a CARC or *";
  if (group !== "*" && !ADJUSTMENT_GROUPS.includes(group as AdjustmentGroup)) {
    return "group is not CO, PR, OA, PI, CR or *";
  }
  if (carc === "*" && (group === "*" || rarc !== undefined)) {
    return "a default row names one group and no rarc";
  }
  if (rarc !== undefined && !RARC_SHAPE.test(rarc)) return "rarc is not a RARC";
  if (!owner) return "owner is not a known owner";
  if (typeof row.denial !== "boolean") return "denial is not true or false";
  if (row.denial && (NOT_DENIAL_OWNERS.includes(owner) || group === "PR")) {
    return "contractual and patient responsibility rows are never denials";
  }
  if (!text(row, "reason")?.trim()) return "reason is empty";
  return undefined;
}

export function parseCarcRows(json: unknown, file = "carc.json"): CarcRow[] {
  const seen = new Set<string>();
  const rows = rowsOf(json, file).map((row, index): CarcRow => {
    const problem = carcRowProblem(row);
    if (problem) throw invalid(file, index, problem);
    const rarc = text(row, "rarc");
    const parsed: CarcRow = {
      carc: text(row, "carc")!,
      group: text(row, "group") as CarcRow["group"],
      ...(rarc ? { rarc } : {}),
      owner: ownerOf(row)!,
      denial: row.denial as boolean,
      reason: text(row, "reason")!,
    };
    const key = carcKey(parsed.carc, parsed.group, parsed.rarc);
    if (seen.has(key)) throw invalid(file, index, `duplicates ${key}`);
    seen.add(key);
    return parsed;
  });
  const missing = ADJUSTMENT_GROUPS.find((group) => !seen.has(carcKey("*", group)));
  if (missing) throw invalid(file, rows.length, `no default row for group ${missing}`);
  return rows;
}

function statusRowProblem(row: Record<string, unknown>): string | undefined {
  const category = text(row, "category") ?? "";
  const code = text(row, "code") ?? "";
  const entity = text(row, "entity");
  if (category !== "*" && !isRejection(category)) return "category is not a rejection or *";
  if (code !== "*" && !STATUS_SHAPE.test(code)) return "code is not a claim status code or *";
  if (entity !== undefined && (code === "*" || !ENTITY_SHAPE.test(entity))) {
    return "entity needs a status code and an entity identifier code";
  }
  if (!ownerOf(row)) return "owner is not a known owner";
  if (NOT_DENIAL_OWNERS.includes(ownerOf(row)!)) return "a rejection has a work owner";
  if (!text(row, "reason")?.trim()) return "reason is empty";
  return undefined;
}

export function parseStatusRows(json: unknown, file = "277ca-status.json"): StatusRow[] {
  const seen = new Set<string>();
  const rows = rowsOf(json, file).map((row, index): StatusRow => {
    const problem = statusRowProblem(row);
    if (problem) throw invalid(file, index, problem);
    const entity = text(row, "entity");
    const parsed: StatusRow = {
      category: text(row, "category")!,
      code: text(row, "code")!,
      ...(entity ? { entity } : {}),
      owner: ownerOf(row)!,
      reason: text(row, "reason")!,
    };
    const key = statusKey(parsed.category, parsed.code, parsed.entity);
    if (seen.has(key)) throw invalid(file, index, `duplicates ${key}`);
    seen.add(key);
    return parsed;
  });
  if (!seen.has(statusKey("*", "*"))) throw invalid(file, rows.length, "no default row *:*");
  return rows;
}
