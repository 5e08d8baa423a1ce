/**
 * applyClaimEventsIn: many claims moved in three statements, with the rules of
 * applyClaimEventIn (checked transitions, changes kept when absent, one timeline row a move).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimTimeline, getClaim } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { applyClaimEventsIn } from "../../src/store/claim-moves.js";
import { migrate } from "../../src/store/migrate.js";
import { NOW, seedClaim } from "../support/inbound-claims.js";
import { seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { pgliteBackend } from "../support/postgres.js";

describe("bulk claim moves", () => {
  const backend = pgliteBackend();
  let db: Database;
  const evidence = (position: number) => ({
    at: NOW,
    cause: "835",
    segmentPosition: position,
    details: { position },
  });

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
  });
  afterAll(() => backend.cleanup());

  const claim = (pcn: string) =>
    seedClaim(db, "acme", {
      patientControlNumber: pcn,
      payerId: "EXHP1",
      totalChargeCents: 100,
      state: "accepted",
      payerClaimNumber: `PAY-${pcn}`,
    });

  it("moves each claim, sets the given columns, keeps the absent ones, and writes the timeline in order", async () => {
    const a = await claim("MV-1");
    const b = await claim("MV-2");
    const states = await db.transaction((tx) =>
      applyClaimEventsIn(tx, "acme", [
        {
          claimId: b.id,
          event: "remit_denied",
          evidence: evidence(20),
          changes: { owner: "authorization", reasonCode: "*-197", nextEvent: null, dueAt: null },
        },
        { claimId: a.id, event: "remit_paid", evidence: evidence(10), changes: { owner: null } },
      ]),
    );
    const to = Object.fromEntries([...states].map(([id, step]) => [id, step.to]));
    expect(to).toEqual({ [a.id]: "paid", [b.id]: "denied" });
    expect(await getClaim(db, "acme", b.id)).toMatchObject({
      state: "denied",
      owner: "authorization",
      reasonCode: "*-197",
      payerClaimNumber: "PAY-MV-2",
      nextEvent: null,
    });
    expect(await getClaim(db, "acme", a.id)).toMatchObject({
      state: "paid",
      owner: null,
      payerClaimNumber: "PAY-MV-1",
    });
    expect((await claimTimeline(db, "acme", b.id)).at(-1)).toMatchObject({
      event: "remit_denied",
      from: "accepted",
      to: "denied",
      cause: "835",
      segmentPosition: 20,
      details: { position: 20 },
    });
    const { rows } = await db.query<{ claim_id: string }>(
      "select claim_id from claim_events where event like 'remit_%' order by id",
    );
    expect(rows.map((r) => r.claim_id)).toEqual([b.id, a.id]);
  });

  it("refuses an illegal move and writes nothing of the call", async () => {
    const a = await claim("MV-3");
    const b = await claim("MV-4");
    await expect(
      db.transaction((tx) =>
        applyClaimEventsIn(tx, "acme", [
          { claimId: a.id, event: "remit_paid", evidence: evidence(1), changes: {} },
          { claimId: b.id, event: "batched", evidence: evidence(2), changes: {} },
        ]),
      ),
    ).rejects.toMatchObject({ code: "LIFECYCLE_ILLEGAL_TRANSITION" });
    expect((await getClaim(db, "acme", a.id))?.state).toBe("accepted");
  });

  it("refuses the same claim twice in one call", async () => {
    const a = await claim("MV-5");
    const move = {
      claimId: a.id,
      event: "remit_paid" as const,
      evidence: evidence(1),
      changes: {},
    };
    await expect(
      db.transaction((tx) => applyClaimEventsIn(tx, "acme", [move, move])),
    ).rejects.toMatchObject({ code: "STORE_CONFLICT" });
  });
});
