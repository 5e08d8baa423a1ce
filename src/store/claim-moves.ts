/**
 * The one way claims move: each by one lifecycle event, in three statements for any number of
 * claims (lock and read, update, timeline). The rows are locked, every transition is checked (an
 * illegal one throws LIFECYCLE_ILLEGAL_TRANSITION before anything is written), each move gets its
 * timeline row. A claim may appear once per call (the caller splits repeated claims into later
 * calls). `applyClaimEventIn` in claims.ts is this with one move. A caller that has already
 * locked and read the claims (`lockClaimStatesIn`) moves them with `applyClaimEventsFromIn`, or
 * gathers the moves in a `ClaimMoveBatch` as it makes them and writes it with `writeClaimMovesIn`.
 *
 * The update's rows travel as one typed array a column (sql-arrays.ts), not JSON records:
 * PostgreSQL reads arrays of text, integers and timestamps with far less work than it parses
 * JSON records. The timeline rows go through the store's bulk insert (COPY on PostgreSQL).
 */
import { transition } from "../domain/lifecycle.js";
import type { ClaimEvent, ClaimState, Transition } from "../domain/lifecycle.js";
import { ClaimgateError } from "../errors.js";
import type { BulkColumn } from "./bulk-insert.js";
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

/** The timeline's columns after the tenant (its ids come from its sequence, in the rows' order). */
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

// A clock started by a move (due_at set) is recorded once; restarting it at the same instant
// records nothing new.
const CLOCKS_SQL = `insert into claim_clocks (tenant_id, claim_id, due_at)
  select $1, k.claim_id, k.due_at from unnest($2::text[], $3::timestamptz[]) as k(claim_id, due_at)
  on conflict do nothing`;

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

/** The statements' parameters after the tenant, each column as one literal. */
export interface PreparedMoves {
  readonly size: number;
  readonly update: readonly string[];
  /** The timeline rows, a column at a time, in the moves' order. */
  readonly events: readonly BulkColumn[];
  /** The follow-up clocks started (claim ids, due times); absent when no move starts one. */
  readonly clocks?: readonly [string, string];
}

/**
 * Moves gathered a column at a time as they are made (no move object is kept, only its values
 * and timeline details); `prepare` turns them into the update's parameters and the timeline's
 * columns. Each move comes with its checked step (`transition`) from the claim's state under
 * the caller's lock; a claim appears once per batch.
 */
export class ClaimMoveBatch {
  private readonly update: Cell[][] = Array.from({ length: 4 + COLUMNS.length }, () => []);
  private readonly events: unknown[][] = EVENT_FIELDS.map(() => []);
  /** Claims whose move starts a follow-up clock (sets due_at), and its due time. */
  private readonly clockIds: string[] = [];
  private readonly clockDue: string[] = [];
  /** Bit i set when some move sets COLUMNS[i]. */
  private used = 0;
  private readonly atText = isoText();
  private readonly dateText = isoText();

  get size(): number {
    return this.events[0]!.length;
  }

  add(move: ClaimMove, step: Transition): void {
    const { claimId, evidence, changes } = move;
    const at = this.atText(evidence.at);
    const update = this.update;
    update[0]!.push(claimId);
    update[1]!.push(step.to);
    update[2]!.push(at);
    let mask = 0;
    for (let i = 0; i < COLUMNS.length; i++) {
      const value = changes[COLUMNS[i]![0]];
      if (value !== undefined) mask |= 1 << i;
      update[4 + i]!.push(value instanceof Date ? this.dateText(value) : (value ?? null));
    }
    update[3]!.push(mask);
    this.used |= mask;
    if (changes.dueAt) {
      this.clockIds.push(claimId);
      this.clockDue.push(this.dateText(changes.dueAt));
    }
    const events = this.events;
    events[0]!.push(claimId);
    events[1]!.push(at);
    events[2]!.push(move.event);
    events[3]!.push(step.from);
    events[4]!.push(step.to);
    events[5]!.push(evidence.cause);
    events[6]!.push(evidence.fileId ?? null);
    events[7]!.push(evidence.segmentPosition ?? null);
    // JSON text now: kept as objects, the details would outlive many collections.
    events[8]!.push(JSON.stringify(evidence.details ?? {}));
  }

  /**
   * The parameters: a change column no move sets goes as an empty array (`rows from` pads it
   * with NULLs and the mask keeps the stored value).
   */
  prepare(): PreparedMoves {
    const used = this.used;
    return {
      size: this.size,
      update: this.update.map((column, i) =>
        i < 4 || used & (1 << (i - 4)) ? arrayLiteral(column) : "{}",
      ),
      events: EVENT_FIELDS.map(([name, type], i) => ({
        name,
        type,
        values: this.events[i]!,
        ...(type === "jsonb" ? { jsonText: true } : {}),
      })),
      ...(this.clockIds.length > 0
        ? { clocks: [arrayLiteral(this.clockIds), arrayLiteral(this.clockDue)] as const }
        : {}),
    };
  }
}

/**
 * Writes prepared moves: the claims updated, their timeline rows in the moves' order, and the
 * follow-up clocks they start (claim_clocks, read by the overdue scan; migration 0008).
 */
export async function writeClaimMovesIn(
  tx: Queryable,
  tenantId: string,
  moves: PreparedMoves,
): Promise<void> {
  if (moves.size === 0) return;
  await tx.query(UPDATE_SQL, [tenantId, ...moves.update]);
  await tx.bulkInsert(
    "claim_events",
    [{ name: "tenant_id", type: "text", value: tenantId }],
    moves.events,
    moves.size,
  );
  if (moves.clocks) await tx.query(CLOCKS_SQL, [tenantId, ...moves.clocks]);
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
  const batch = new ClaimMoveBatch();
  const steps = new Map<string, Transition>();
  for (const move of moves) {
    const from = current.get(move.claimId);
    if (from === undefined)
      throw new ClaimgateError("STORE_NOT_FOUND", "no such claim for the tenant");
    const step = transition(from, move.event);
    batch.add(move, step);
    steps.set(move.claimId, step);
  }
  await writeClaimMovesIn(tx, tenantId, batch.prepare());
  return steps;
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
