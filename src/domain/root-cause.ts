/**
 * Root cause and owner of what a payer did not pay (835 CAS: group, CARC, RARC) and of why a
 * claim never entered adjudication (277CA STC: category, status code, entity). The mapping is
 * data in schemas/root-cause/ (see its README); this module only looks rows up, most specific
 * first. "Denied" is not a root cause: every answer names whose work it is and why.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { classifyCategory } from "../x12/transactions/277ca.js";
import type { CategoryClass } from "../x12/transactions/277ca.js";
import { projectPath } from "./project-files.js";
import { carcKey, parseCarcRows, parseStatusRows, statusKey } from "./root-cause-rows.js";
import type { CarcRow, Owner, StatusRow } from "./root-cause-rows.js";

export { OWNERS } from "./root-cause-rows.js";
export type { CarcRow, Owner, StatusRow } from "./root-cause-rows.js";

export interface RootCauseMap {
  readonly carcRows: readonly CarcRow[];
  readonly statusRows: readonly StatusRow[];
  readonly carcByKey: ReadonlyMap<string, CarcRow>;
  readonly statusByKey: ReadonlyMap<string, StatusRow>;
}

export interface AdjustmentCause {
  readonly owner: Owner;
  /** Work to do. Never true for group PR: the payer says the patient owes it. */
  readonly denial: boolean;
  /** Plain language, our words. */
  readonly reason: string;
  /** The row that matched, e.g. "CO-45", "*-16+M51", "OA-*" (group default). */
  readonly rule: string;
}

export interface ClaimStatusCause {
  /** Whose work the rejection is; absent when the status is not a rejection. */
  readonly owner?: Owner;
  readonly rejection: boolean;
  readonly reason: string;
  /** The row that matched, e.g. "*:562:85", "A7:*"; absent when not a rejection. */
  readonly rule?: string;
}

export function rootCauseMapFrom(carcJson: unknown, statusJson: unknown): RootCauseMap {
  const carcRows = parseCarcRows(carcJson);
  const statusRows = parseStatusRows(statusJson);
  return {
    carcRows,
    statusRows,
    carcByKey: new Map(carcRows.map((row) => [carcKey(row.carc, row.group, row.rarc), row])),
    statusByKey: new Map(
      statusRows.map((row) => [statusKey(row.category, row.code, row.entity), row]),
    ),
  };
}

export function defaultRootCauseDir(): string {
  return projectPath("schemas", "root-cause");
}

/** Reads and checks both mapping files (throws ROOT_CAUSE_MAP_INVALID on a bad row). */
export function loadRootCauseMap(dir: string = defaultRootCauseDir()): RootCauseMap {
  const read = (name: string): unknown =>
    JSON.parse(readFileSync(path.join(dir, name), "utf8")) as unknown;
  return rootCauseMapFrom(read("carc.json"), read("277ca-status.json"));
}

let shipped: RootCauseMap | undefined;

/** The project's own mapping, loaded once. */
export function defaultRootCauseMap(): RootCauseMap {
  shipped ??= loadRootCauseMap();
  return shipped;
}

type RemarkInput = string | { readonly code: string };

const remarkCode = (remark: RemarkInput): string =>
  (typeof remark === "string" ? remark : remark.code).trim().toUpperCase();

/** Most specific first: carc+group+rarc, carc+*+rarc, carc+group, carc+*, group default. */
function matchCarc(
  map: RootCauseMap,
  carc: string,
  group: string,
  rarcs: readonly string[],
): CarcRow | undefined {
  const rows = map.carcByKey;
  for (const rarc of rarcs) {
    const row = rows.get(carcKey(carc, group, rarc));
    if (row) return row;
  }
  for (const rarc of rarcs) {
    const row = rows.get(carcKey(carc, "*", rarc));
    if (row) return row;
  }
  return (
    rows.get(carcKey(carc, group)) ?? rows.get(carcKey(carc, "*")) ?? rows.get(carcKey("*", group))
  );
}

function adjustmentCause(
  adjustment: { readonly group: string; readonly reason: string },
  remarks: readonly RemarkInput[],
  map: RootCauseMap,
): AdjustmentCause {
  const carc = adjustment.reason.trim().toUpperCase();
  const raw = adjustment.group.trim().toUpperCase();
  const group = map.carcByKey.has(carcKey("*", raw)) ? raw : "OA";
  const row = matchCarc(map, carc, group, remarks.map(remarkCode))!;
  return Object.freeze({
    owner: row.owner,
    denial: row.denial && group !== "PR",
    reason: row.reason,
    rule: carcKey(row.carc, row.group, row.rarc),
  });
}

/**
 * Causes already found, per map, by the adjustment's group, CARC and remark codes as given. An
 * 835 repeats a few dozen combinations over thousands of claims; a cause is found once each
 * (about six key strings built and looked up) and shared, frozen. Bounded: emptied when full.
 */
const causeCache = new WeakMap<RootCauseMap, Map<string, AdjustmentCause>>();
const CAUSE_CACHE_SIZE = 10_000;
/** Joins the key's parts; an input holding it is not cached (its key could be ambiguous). */
const SEPARATOR = "\u001f";

function causeKey(
  group: string,
  reason: string,
  remarks: readonly RemarkInput[],
): string | undefined {
  if (group.includes(SEPARATOR) || reason.includes(SEPARATOR)) return undefined;
  let key = `${group}${SEPARATOR}${reason}`;
  for (const remark of remarks) {
    const code = typeof remark === "string" ? remark : remark.code;
    if (code.includes(SEPARATOR)) return undefined;
    key += `${SEPARATOR}${code}`;
  }
  return key;
}

/**
 * Owner and reason of one CAS adjustment, with the remark codes (LQ, MOA, MIA) that go with it.
 * A group code outside CO/PR/OA/PI/CR is read as OA ("when no other group code applies").
 */
export function classifyAdjustment(
  adjustment: { readonly group: string; readonly reason: string },
  remarks: readonly RemarkInput[] = [],
  map: RootCauseMap = defaultRootCauseMap(),
): AdjustmentCause {
  const key = causeKey(adjustment.group, adjustment.reason, remarks);
  if (key === undefined) return adjustmentCause(adjustment, remarks, map);
  let causes = causeCache.get(map);
  if (!causes) {
    causes = new Map();
    causeCache.set(map, causes);
  }
  let cause = causes.get(key);
  if (!cause) {
    cause = adjustmentCause(adjustment, remarks, map);
    if (causes.size >= CAUSE_CACHE_SIZE) causes.clear();
    causes.set(key, cause);
  }
  return cause;
}

/** The default row of a group: what an adjustment with no mapped reason code means. */
export function groupDefaultCause(
  group: string,
  map: RootCauseMap = defaultRootCauseMap(),
): AdjustmentCause {
  const row = map.carcByKey.get(carcKey("*", group)) ?? map.carcByKey.get(carcKey("*", "OA"))!;
  return {
    owner: row.owner,
    denial: row.denial,
    reason: row.reason,
    rule: carcKey(row.carc, row.group),
  };
}

/** Most specific first: category+code+entity, category+code, then any category, then defaults. */
function matchStatus(
  map: RootCauseMap,
  category: string,
  code: string,
  entity: string | undefined,
): StatusRow {
  const keys = [
    ...(entity ? [statusKey(category, code, entity)] : []),
    statusKey(category, code),
    ...(entity ? [statusKey("*", code, entity)] : []),
    statusKey("*", code),
    statusKey(category, "*"),
    statusKey("*", "*"),
  ];
  for (const key of keys) {
    const row = map.statusByKey.get(key);
    if (row) return row;
  }
  throw new Error("unreachable: parseStatusRows requires the *:* row");
}

const NOT_REJECTED: Record<Exclude<CategoryClass, "rejected">, string> = {
  accepted: "Accepted: the claim entered the payer's adjudication.",
  pending: "Pending at the payer: no action until the payer finalizes or asks for more.",
  finalized: "Finalized by the payer: the remittance (835) carries the outcome.",
  information_requested: "The payer asks for more information before it can adjudicate.",
  unavailable: "The payer's system could not answer now: send the status request again later.",
  unknown: "A status category the gateway does not know: read the status code.",
};

/** Owner and reason of one 277CA STC status; only rejections (A3/A4/A6/A7/A8…) have an owner. */
export function classifyClaimStatus(
  status: { readonly category: string; readonly code: string; readonly entity?: string },
  map: RootCauseMap = defaultRootCauseMap(),
): ClaimStatusCause {
  const category = status.category.trim().toUpperCase();
  const kind = classifyCategory(category);
  if (kind !== "rejected") return { rejection: false, reason: NOT_REJECTED[kind] };
  const entity = status.entity?.trim().toUpperCase() || undefined;
  const row = matchStatus(map, category, status.code.trim(), entity);
  return {
    owner: row.owner,
    rejection: true,
    reason: row.reason,
    rule: statusKey(row.category, row.code, row.entity),
  };
}
