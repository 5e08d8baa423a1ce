import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markOverdueClaims } from "../../src/pipeline/followup.js";
import { applyClaimEvent, claimTimeline, getClaim, insertClaim } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { createTenant } from "../../src/store/tenants.js";
import { postgresBackend } from "../support/postgres.js";

describe("follow-up clocks (PostgreSQL)", () => {
  const backend = postgresBackend();
  let db: Database;
  let clock = new Date("2026-03-01T00:00:00Z");
  const now = () => clock;

  const due = (hours: number) => new Date(clock.getTime() + hours * 3600_000);

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await createTenant(db, { id: "acme", name: "Acme" });
    for (const id of ["late", "ontime"]) {
      await insertClaim(
        db,
        "acme",
        {
          id,
          patientControlNumber: id,
          claimType: "professional",
          payerId: "P",
          totalChargeCents: 100,
          encounter: {},
        },
        { at: clock, cause: "test" },
      );
      for (const event of ["scrub_passed", "batched"] as const) {
        await applyClaimEvent(db, "acme", id, event, { at: clock, cause: "test" });
      }
      // Transmitted: its 999 is due in 24 h (the clock 'ontime' keeps).
      await applyClaimEvent(
        db,
        "acme",
        id,
        "transmitted",
        { at: clock, cause: "test" },
        { nextEvent: "ack", dueAt: due(24) },
      );
    }
    await applyClaimEvent(
      db,
      "acme",
      "late",
      "ack_accepted",
      { at: clock, cause: "999" },
      { nextEvent: "277ca", dueAt: due(72) },
    );
  });
  afterAll(() => backend.cleanup());

  it("stalls only the claims whose next event is past due, saying what is missing", async () => {
    clock = new Date("2026-03-02T01:00:00Z"); // 25 h later: the 999 of 'ontime' was due after 24 h
    expect(await markOverdueClaims({ db, now })).toEqual({ stalled: 1 });
    expect(await getClaim(db, "acme", "ontime")).toMatchObject({
      state: "stalled",
      reasonCode: "MISSING_ACK",
    });
    expect((await getClaim(db, "acme", "late"))?.state).toBe("transmitted");
    const last = (await claimTimeline(db, "acme", "ontime")).at(-1);
    expect(last).toMatchObject({
      event: "overdue",
      from: "transmitted",
      to: "stalled",
      details: { missing: "ack" },
    });
    expect(await markOverdueClaims({ db, now })).toEqual({ stalled: 0 });
    // The past-due clocks that stopped ('ontime' stalled) or moved on ('late' got a 72 h
    // 277CA clock after its 24 h 999 one) are gone; the running one stays.
    const { rows } = await db.query<{ claim_id: string; due_at: Date }>(
      "select claim_id, due_at from claim_clocks order by claim_id, due_at",
    );
    expect(rows.map((r) => [r.claim_id, new Date(r.due_at).toISOString()])).toEqual([
      ["late", "2026-03-04T00:00:00.000Z"],
    ]);
  });

  it("takes a stalled claim on when the awaited event arrives", async () => {
    const dueAt = new Date(clock.getTime() + 72 * 3600_000);
    const moved = await applyClaimEvent(
      db,
      "acme",
      "ontime",
      "ack_accepted",
      { at: clock, cause: "999" },
      { nextEvent: "277ca", dueAt },
    );
    expect(moved.transition).toMatchObject({ from: "stalled", to: "transmitted" });
    clock = new Date("2026-03-04T01:00:00Z"); // past the 72 h 277CA clock of 'late'
    expect(await markOverdueClaims({ db, now })).toEqual({ stalled: 1 });
    expect(await getClaim(db, "acme", "late")).toMatchObject({
      state: "stalled",
      reasonCode: "MISSING_277CA",
    });
    await applyClaimEvent(db, "acme", "late", "claim_accepted", { at: clock, cause: "277CA" });
    expect((await getClaim(db, "acme", "late"))?.state).toBe("accepted");
  });
});
