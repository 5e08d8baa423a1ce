/**
 * GET /v1/claims/:id shows what 835s posted to the claim (each payment with its adjustments,
 * CARC texts where the list has them, null where not) and the claim's timeline, in cents and
 * ISO dates, to the claim's tenant only, and nothing of the patient the 835 named.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimRecord } from "../../src/store/claims.js";
import {
  NOW,
  claimPayment,
  ingest,
  recordInbound,
  remittanceText,
  seedClaim,
} from "../support/inbound-claims.js";
import { AUTH, OTHER_AUTH, openApiWorld } from "../support/api-world.js";
import type { ApiWorld } from "../support/api-world.js";
import { backends } from "../support/postgres.js";

interface PaymentBody {
  remittanceId: string;
  at: string;
  statusCode: string;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents: number;
  deniedCents: number;
  reversal: boolean;
  outcome: string;
  owner: string | null;
  adjustments: Record<string, unknown>[];
  remarks: { code: string; description: string | null }[];
  links: { remittance: string };
}

describe.each(backends())("claim view with payments and timeline on $kind", (backend) => {
  let world: ApiWorld;
  let paid: ClaimRecord;
  let unpaid: ClaimRecord;

  beforeAll(async () => {
    world = await openApiWorld(backend);
    const { db } = world;
    paid = await seedClaim(db, "acme", {
      patientControlNumber: "CV-1",
      payerId: "EXHP1",
      totalChargeCents: 20000,
      state: "accepted",
      payerClaimNumber: "PAYER-CV-1",
    });
    unpaid = await seedClaim(db, "acme", {
      patientControlNumber: "CV-2",
      payerId: "EXHP1",
      totalChargeCents: 5000,
      state: "accepted",
    });
    // Line 1: 120.00 charged, 90.00 paid, CO-45 30.00 (qty 1). Line 2: 80.00 denied CO-197.
    const clp = claimPayment(paid, {
      paidCents: 9000,
      payerClaimNumber: "PAYER-CV-1",
      remarks: ["MA01"],
      patient: { lastName: "DOE", firstName: "JANE", memberId: "XJD123456789" },
      lines: [
        {
          procedureCode: "99213",
          chargeCents: 12000,
          paidCents: 9000,
          serviceDate: "2026-02-10",
          adjustments: [{ group: "CO", reason: "45", amountCents: 3000, quantity: 1 }],
          remarks: ["N130"],
        },
        {
          procedureCode: "81002",
          chargeCents: 8000,
          paidCents: 0,
          serviceDate: "2026-02-10",
          adjustments: [{ group: "CO", reason: "197", amountCents: 8000 }],
        },
      ],
    });
    const { file } = await recordInbound(
      db,
      "acme",
      "835",
      "cv.835",
      remittanceText(701, "CV-TRN-1", [clp]),
    );
    const result = await ingest(db, "acme", file.id);
    if (result.outcome !== "ingested") throw new Error(result.outcome);
  });
  afterAll(async () => {
    await world.app.close();
    await backend.cleanup();
  });

  const view = async (id: string, headers = AUTH) =>
    world.app.inject({ method: "GET", url: `/v1/claims/${id}`, headers });

  it("shows each posting with amounts in cents, outcome, owner and adjustments", async () => {
    const res = await view(paid.id);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ state: string; owner: string; payments: PaymentBody[] }>();
    expect(body).toMatchObject({ state: "partially_paid", owner: "authorization" });
    expect(body.payments).toHaveLength(1);
    const [payment] = body.payments;
    expect(payment).toMatchObject({
      at: NOW.toISOString(),
      statusCode: "1",
      payerClaimNumber: "PAYER-CV-1",
      chargeCents: 20000,
      paidCents: 9000,
      patientResponsibilityCents: 0,
      deniedCents: 8000,
      reversal: false,
      outcome: "partially_paid",
      owner: "authorization",
    });
    expect(payment!.remarks).toEqual([
      { code: "N130", description: "test text of N130" },
      { code: "MA01", description: null },
    ]);
    expect(payment!.links.remittance).toBe(`/v1/remittances/${payment!.remittanceId}`);
    expect(payment!.adjustments).toEqual([
      expect.objectContaining({
        level: "line",
        group: "CO",
        reason: "45",
        description: "test text of CARC 45",
        amountCents: 3000,
        quantity: 1,
        linePosition: expect.any(Number),
        // The line's LQ, then the claim's MOA; a code the RARC list lacks has no text.
        remarks: [
          { code: "N130", description: "test text of N130" },
          { code: "MA01", description: null },
        ],
        owner: "contractual",
        denial: false,
      }),
      expect.objectContaining({
        level: "line",
        group: "CO",
        reason: "197",
        // Not in the CARC list given: no text is made up.
        description: null,
        amountCents: 8000,
        quantity: null,
        remarks: [{ code: "MA01", description: null }],
        owner: "authorization",
        denial: true,
      }),
    ]);
  });

  it("shows the timeline in the claim view, the same as the timeline link", async () => {
    const body = (await view(paid.id)).json<{
      timeline: { event: string; to: string; at: string; evidence: unknown }[];
      links: { timeline: string };
    }>();
    expect(body.timeline.map((e) => e.to)).toEqual([
      "received",
      "ready",
      "batched",
      "transmitted",
      "accepted",
      "partially_paid",
    ]);
    expect(body.timeline.at(-1)).toMatchObject({
      event: "remit_partially_paid",
      at: NOW.toISOString(),
    });
    expect(body.timeline.at(-1)?.evidence).toMatchObject({ fileId: expect.any(String) });
    const linked = await world.app.inject({
      method: "GET",
      url: body.links.timeline,
      headers: AUTH,
    });
    expect(linked.json<{ timeline: unknown[] }>().timeline).toEqual(body.timeline);
  });

  it("shows no payments for a claim no 835 paid yet", async () => {
    const body = (await view(unpaid.id)).json<{ payments: unknown[]; timeline: unknown[] }>();
    expect(body.payments).toEqual([]);
    expect(body.timeline).toHaveLength(5);
  });

  it("shows nothing of the patient the 835 named", async () => {
    const text = (await view(paid.id)).body;
    for (const phi of ["DOE", "JANE", "XJD123456789"]) expect(text).not.toContain(phi);
  });

  it("is 404 with another tenant's key", async () => {
    const res = await view(paid.id, OTHER_AUTH);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "NOT_FOUND" });
    expect(res.body).not.toContain("CV-1");
  });
});
