/**
 * Migration 0008: claims.work_state is the state exactly for the states the worklists and the
 * ready pick read (WORK_STATES), a move between two other states writes the claim row alone (a
 * HOT update: nothing indexed changes), and a move that starts a follow-up clock records it in
 * claim_clocks while one that stops it writes nothing there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIM_STATES } from "../../src/domain/lifecycle.js";
import { applyClaimEventsIn } from "../../src/store/claim-moves.js";
import { WORK_STATES, applyClaimEvent } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { NOW, seedClaim } from "../support/inbound-claims.js";
import { seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

describe.each(backends())("claim moves and migration 0008 ($kind)", (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  const accepted = (pcn: string) =>
    seedClaim(db, "acme", {
      patientControlNumber: pcn,
      payerId: "EXHP1",
      totalChargeCents: 100,
      state: "accepted",
    });

  it("keeps work_state equal to the state for the work states and null for the others", async () => {
    const claim = await accepted("WS-1");
    const seen: Record<string, string | null> = {};
    for (const state of CLAIM_STATES) {
      await db.query("update claims set state = $2 where id = $1", [claim.id, state]);
      const { rows } = await db.query<{ work_state: string | null }>(
        "select work_state from claims where id = $1",
        [claim.id],
      );
      seen[state] = rows[0]!.work_state;
    }
    const expected = Object.fromEntries(
      CLAIM_STATES.map((s) => [s, (WORK_STATES as readonly string[]).includes(s) ? s : null]),
    );
    expect(seen).toEqual(expected);
    expect(WORK_STATES).toContain("ready");
    expect(WORK_STATES).not.toContain("accepted");
  });

  it("moves claims between states outside the work states as HOT updates", async () => {
    const claims = [await accepted("HOT-1"), await accepted("HOT-2"), await accepted("HOT-3")];
    const updates = await db.transaction(async (tx) => {
      const counts = async () =>
        (
          await tx.query<{ upd: string; hot: string }>(
            `select n_tup_upd::text as upd, n_tup_hot_upd::text as hot
             from pg_stat_xact_user_tables where relname = 'claims'`,
          )
        ).rows[0]!;
      const before = await counts();
      // Paid: the state leaves accepted, the clock stops (due_at cleared), nothing indexed moves.
      await applyClaimEventsIn(
        tx,
        "acme",
        claims.map((c) => ({
          claimId: c.id,
          event: "remit_paid" as const,
          evidence: { at: NOW, cause: "835" },
          changes: { owner: null, nextEvent: null, dueAt: null },
        })),
      );
      const after = await counts();
      return {
        updated: Number(after.upd) - Number(before.upd),
        hot: Number(after.hot) - Number(before.hot),
      };
    });
    expect(updates).toEqual({ updated: 3, hot: 3 });
  });

  it("records a clock a move starts, once, and nothing for one it stops", async () => {
    const claim = await accepted("CLK-1");
    const clocks = async () =>
      (
        await db.query<{ due_at: Date | string }>(
          "select due_at from claim_clocks where tenant_id = 'acme' and claim_id = $1",
          [claim.id],
        )
      ).rows.map((r) => new Date(r.due_at).toISOString());
    const due = new Date("2026-04-04T10:00:00Z");
    const reversal = { at: NOW, cause: "835" };
    await applyClaimEvent(db, "acme", claim.id, "remit_paid", reversal, { dueAt: null });
    expect(await clocks()).toEqual([]);
    await applyClaimEvent(db, "acme", claim.id, "remit_reversed", reversal, {
      nextEvent: "835",
      dueAt: due,
    });
    expect(await clocks()).toEqual([due.toISOString()]);
    await applyClaimEvent(db, "acme", claim.id, "remit_paid", reversal, { dueAt: null });
    expect(await clocks()).toEqual([due.toISOString()]);
  });
});
