/**
 * The one way claims move: each by one lifecycle event, in three statements for any number of
 * claims (lock and read, update, timeline). The rows are locked, every transition is checked (an
 * illegal one throws LIFECYCLE_ILLEGAL_TRANSITION before anything is written), each move gets its
 * timeline row. A claim may appear once per call (the caller splits repeated claims into later
 * calls). `applyClaimEventIn` in claims.ts is this with one move. A caller that has already
 * locked and read the claims (`lockClaimStatesIn`) moves them with `applyClaimEventsFromIn`.
 *
 * Rows travel as one typed array a column (sql-arrays.ts), not JSON records: PostgreSQL reads
 * arrays of text, integers and timestamps with far less work than it parses JSON records.
 */
import { transition } from "../domain/lifecycle.js";
import type { ClaimEvent, ClaimState, Transition } from "../domain/lifecycle.js";
import { ClaimgateError } from "../errors.js";
import type { Queryable } from "./database.js";
import { arrayLiteral, columnReader } from "./sql-arrays.js";

/** What caused a timeline row: who or what, and the evidence (file and segment) if any. */
export interface Evidence {
  readonly at: Date;
  readonly cause: string;
  readonly fileId?: string;
  readonly segmentPosition?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Columns an event may set alongside the state. `null` clears; absent keeps. */
export interface ClaimChanges {
  readonly owner?: string | null;
  readonly reasonCode?: string | null;
  readonly payerClaimNumber?: string | null;
  readonly partnerId?: string | null;
  readonly nextEvent?: string | null;
  readonly dueAt?: Date | null;
  readonly currentSubmission?: number;
  readonly fingerprint?: string | null;
}

export interface ClaimMove {
  readonly claimId: string;
  readonly event: ClaimEvent;
  readonly evidence: Evidence;
  readonly changes: ClaimChanges;
}

const COLUMNS = [
  ["owner", "owner", "text"],
  ["reasonCode", "reason_code", "text"],
  ["payerClaimNumber", "payer_claim_number", "text"],
  ["partnerId", "partner_id", "text"],
  ["nextEvent", "next_event", "text"],
  ["dueAt", "due_at", "timestamptz"],
  ["currentSubmission", "current_submission", "integer"],
  ["fingerprint", "fingerprint", "text"],
] as const satisfies readonly (readonly [keyof ClaimChanges, string, string])[];

// `mask` has bit i set when the move sets COLUMNS[i] (absent keeps the stored value).
const UPDATE_SQL = `update claims c set state = m.state, updated_at = m.at,
  ${COLUMNS.map(([, col], i) => `${col} = case when m.mask & ${1 << i} <> 0 then m.${col} else c.${col} end`).join(",\n  ")}
  from rows from (${["text", "text", "timestamptz", "integer", ...COLUMNS.map(([, , type]) => type)]
    .map((type, i) => columnReader(i + 2, type))
    .join(", ")})
    as m(id, state, at, mask, ${COLUMNS.map(([, col]) => col).join(", ")})
  where c.tenant_id = $1 and c.id = any($2::text[]) and c.id = m.id`;

const EVENT_FIELDS = [
  ["claim_id", "text"],
  ["at", "timestamptz"],
  ["event", "text"],
  ["from_state", "text"],
  ["to_state", "text"],
  ["cause", "text"],
  ["file_id", "text"],
  ["segment_position", "integer"],
  ["details", "jsonb"],
] as const;

// WITH ORDINALITY keeps the timeline rows (bigserial ids) in the order of the moves.
const EVENTS_SQL = `insert into claim_events
  (tenant_id, ${EVENT_FIELDS.map(([name]) => name).join(", ")})
  select $1, ${EVENT_FIELDS.map(([name]) => `e.${name}`).join(", ")}
  from rows from (${EVENT_FIELDS.map(([, type], i) => columnReader(i + 2, type)).join(", ")})
    with ordinality as e(${EVENT_FIELDS.map(([name]) => name).join(", ")}, n)
  order by e.n`;

type Cell = string | number | null;

/** ISO text of a date; the moves of one call mostly share one `at`, converted once. */
function isoText(): (date: Date) => string {
  let last: Date | undefined;
  let text = "";
  return (date) => {
    if (date !== last) {
      last = date;
      text = date.toISOString();
    }
    return text;
  };
}

/**
 * The update's arrays: id, state, at, mask, then one per change column. A column no move sets
 * goes as an empty array: `rows from` pads it with NULLs and the mask keeps the stored value.
 */
function updateColumns(moved: readonly { move: ClaimMove; step: Transition }[]): string[] {
  const n = moved.length;
  const ids = new Array<Cell>(n);
  const states = new Array<Cell>(n);
  const ats = new Array<Cell>(n);
  const masks = new Array<Cell>(n);
  const changes: Cell[][] = COLUMNS.map(() => new Array<Cell>(n));
  let used = 0;
  const iso = isoText();
  for (let r = 0; r < n; r++) {
    const { move, step } = moved[r]!;
    ids[r] = move.claimId;
    states[r] = step.to;
    ats[r] = iso(move.evidence.at);
    let mask = 0;
    for (let i = 0; i < COLUMNS.length; i++) {
      const value = move.changes[COLUMNS[i]![0]];
      if (value !== undefined) mask |= 1 << i;
      changes[i]![r] = value instanceof Date ? iso(value) : (value ?? null);
    }
    masks[r] = mask;
    used |= mask;
  }
  return [
    arrayLiteral(ids),
    arrayLiteral(states),
    arrayLiteral(ats),
    arrayLiteral(masks),
    ...changes.map((column, i) => (used & (1 << i) ? arrayLiteral(column) : "{}")),
  ];
}

/** The timeline insert's arrays, in EVENT_FIELDS order (details as one JSON array). */
function eventColumns(moved: readonly { move: ClaimMove; step: Transition }[]): string[] {
  const n = moved.length;
  const [ids, ats, events, froms, tos, causes, files, positions] = [1, 2, 3, 4, 5, 6, 7, 8].map(
    () => new Array<Cell>(n),
  ) as [Cell[], Cell[], Cell[], Cell[], Cell[], Cell[], Cell[], Cell[]];
  const details = new Array<unknown>(n);
  const iso = isoText();
  for (let r = 0; r < n; r++) {
    const { move, step } = moved[r]!;
    const { evidence } = move;
    ids[r] = move.claimId;
    ats[r] = iso(evidence.at);
    events[r] = move.event;
    froms[r] = step.from;
    tos[r] = step.to;
    causes[r] = evidence.cause;
    files[r] = evidence.fileId ?? null;
    positions[r] = evidence.segmentPosition ?? null;
    details[r] = evidence.details ?? {};
  }
  const columns = [ids, ats, events, froms, tos, causes, files, positions];
  return [...columns.map(arrayLiteral), JSON.stringify(details)];
}

/** Locks the claims (in id order, so two callers cannot deadlock on them) and reads their states. */
export async function lockClaimStatesIn(
  tx: Queryable,
  tenantId: string,
  claimIds: readonly string[],
): Promise<Map<string, ClaimState>> {
  const { rows } = await tx.query<{ id: string; state: ClaimState }>(
    "select id, state from claims where tenant_id = $1 and id = any($2::text[]) order by id for update",
    [tenantId, arrayLiteral(claimIds)],
  );
  return new Map(rows.map((r) => [r.id, r.state]));
}

/**
 * Applies every move to claims the caller has locked and read (`current`: each claim's state
 * under the lock); returns each claim's transition.
 */
export async function applyClaimEventsFromIn(
  tx: Queryable,
  tenantId: string,
  moves: readonly ClaimMove[],
  current: ReadonlyMap<string, ClaimState>,
): Promise<Map<string, Transition>> {
  const ids = new Set(moves.map((m) => m.claimId));
  if (ids.size !== moves.length)
    throw new ClaimgateError("STORE_CONFLICT", "a claim may be moved once per bulk move");
  const moved = moves.map((m) => {
    const from = current.get(m.claimId);
    if (from === undefined)
      throw new ClaimgateError("STORE_NOT_FOUND", "no such claim for the tenant");
    return { move: m, step: transition(from, m.event) };
  });
  if (moved.length === 0) return new Map();
  await tx.query(UPDATE_SQL, [tenantId, ...updateColumns(moved)]);
  await tx.query(EVENTS_SQL, [tenantId, ...eventColumns(moved)]);
  return new Map(moved.map(({ move, step }) => [move.claimId, step]));
}

/** Applies every move; returns each claim's transition. */
export async function applyClaimEventsIn(
  tx: Queryable,
  tenantId: string,
  moves: readonly ClaimMove[],
): Promise<Map<string, Transition>> {
  const ids = moves.map((m) => m.claimId);
  if (new Set(ids).size !== ids.length)
    throw new ClaimgateError("STORE_CONFLICT", "a claim may be moved once per bulk move");
  if (ids.length === 0) return new Map();
  return applyClaimEventsFromIn(tx, tenantId, moves, await lockClaimStatesIn(tx, tenantId, ids));
}
