/**
 * The one way claims move: each by one lifecycle event, in three statements for any number of
 * claims (lock and read, update, timeline). The rows are locked, every transition is checked (an
 * illegal one throws LIFECYCLE_ILLEGAL_TRANSITION before anything is written), each move gets its
 * timeline row. A claim may appear once per call (the caller splits repeated claims into later
 * calls). `applyClaimEventIn` in claims.ts is this with one move.
 */
import { transition } from "../domain/lifecycle.js";
import type { ClaimEvent, Transition } from "../domain/lifecycle.js";
import { ClaimgateError } from "../errors.js";
import type { Queryable } from "./database.js";

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

const UPDATE_SQL = `update claims c set state = m.state, updated_at = m.at,
  ${COLUMNS.map(([, col]) => `${col} = case when m.set_${col} then m.${col} else c.${col} end`).join(",\n  ")}
  from jsonb_to_recordset($2::jsonb) as m(id text, state text, at timestamptz,
    ${COLUMNS.map(([, col, type]) => `${col} ${type}, set_${col} boolean`).join(", ")})
  where c.tenant_id = $1 and c.id = m.id`;

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
  from rows from (jsonb_to_recordset($2::jsonb)
    as (${EVENT_FIELDS.map(([name, type]) => `${name} ${type}`).join(", ")}))
    with ordinality as e(${EVENT_FIELDS.map(([name]) => name).join(", ")}, n)
  order by e.n`;

function changeFields(changes: ClaimChanges): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, col] of COLUMNS) {
    const value = changes[key];
    fields[`set_${col}`] = value !== undefined;
    fields[col] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return fields;
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
  const { rows } = await tx.query<{ id: string; state: Transition["from"] }>(
    "select id, state from claims where tenant_id = $1 and id = any($2::text[]) order by id for update",
    [tenantId, ids],
  );
  const current = new Map(rows.map((r) => [r.id, r.state]));
  const moved = moves.map((m) => {
    const from = current.get(m.claimId);
    if (from === undefined)
      throw new ClaimgateError("STORE_NOT_FOUND", "no such claim for the tenant");
    return { move: m, step: transition(from, m.event) };
  });
  if (moved.length === 0) return new Map();
  const updates = moved.map(({ move, step }) => ({
    id: move.claimId,
    state: step.to,
    at: move.evidence.at.toISOString(),
    ...changeFields(move.changes),
  }));
  await tx.query(UPDATE_SQL, [tenantId, JSON.stringify(updates)]);
  const events = moved.map(({ move, step }) => ({
    claim_id: move.claimId,
    at: move.evidence.at.toISOString(),
    event: move.event,
    from_state: step.from,
    to_state: step.to,
    cause: move.evidence.cause,
    file_id: move.evidence.fileId ?? null,
    segment_position: move.evidence.segmentPosition ?? null,
    details: move.evidence.details ?? {},
  }));
  await tx.query(EVENTS_SQL, [tenantId, JSON.stringify(events)]);
  return new Map(moved.map(({ move, step }) => [move.claimId, step]));
}
