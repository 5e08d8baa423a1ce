/**
 * GET /v1/remittances/:id: the payment (BPR amount and method, TRN trace, payer, payee, dates)
 * as the remittance row keeps it (read back from the archived 835 for a row recorded before
 * migration 0009), the claims it posted with their outcomes and amounts, its PLB
 * adjustments, the claim payments that matched no claim, and the balancing state: posted, or
 * held unbalanced with the problems and nothing posted. 404 for another tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimRecord } from "../../src/store/claims.js";
import { AUTH, OTHER_AUTH, openApiWorld } from "../support/api-world.js";
import type { ApiWorld } from "../support/api-world.js";
import {
  NOW,
  claimPayment,
  ingest,
  recordInbound,
  remittanceText,
  seedClaim,
} from "../support/inbound-claims.js";
import { backends } from "../support/postgres.js";

interface RemittanceBody {
  id: string;
  traceNumber: string;
  payerId: string;
  totalCents: number;
  receivedAt: string;
  state: string;
  balanced: boolean;
  problems: unknown[];
  payment: Record<string, unknown> | null;
  payer: Record<string, unknown> | null;
  payee: Record<string, unknown> | null;
  claimPaymentsInFile: number | null;
  totals: { claimsPaidCents: number; providerAdjustmentCents: number };
  claims: Record<string, unknown>[];
  providerAdjustments: Record<string, unknown>[];
  unmatched: Record<string, unknown>[];
}

describe.each(backends())("remittance view on $kind", (backend) => {
  let world: ApiWorld;
  let paid: ClaimRecord;
  let denied: ClaimRecord;
  let heldClaim: ClaimRecord;

  const remittanceId = async (trace: string) =>
    (
      await world.db.query<{ id: string }>("select id from remittances where trace_number = $1", [
        trace,
      ])
    ).rows[0]!.id;

  async function inbound(name: string, text: string) {
    const { file } = await recordInbound(world.db, "acme", "835", name, text);
    const result = await ingest(world.db, "acme", file.id);
    if (result.outcome !== "ingested") throw new Error(result.outcome);
  }

  beforeAll(async () => {
    world = await openApiWorld(backend);
    const seed = (pcn: string, cents: number) =>
      seedClaim(world.db, "acme", {
        patientControlNumber: pcn,
        payerId: "EXHP1",
        totalChargeCents: cents,
        state: "accepted",
        payerClaimNumber: `P-${pcn}`,
      });
    paid = await seed("RV-1", 10000);
    denied = await seed("RV-2", 4000);
    heldClaim = await seed("RV-3", 6000);
    // BPR = 100.00 + 0.00 - 15.00 (PLB WO recoupment) = 85.00; one CLP is not ours.
    await inbound(
      "rv1.835",
      remittanceText(
        801,
        "RV-TRN-1",
        [
          claimPayment(paid, { payerClaimNumber: "P-RV-1" }),
          claimPayment(denied, {
            statusCode: "4",
            paidCents: 0,
            payerClaimNumber: "P-RV-2",
            adjustments: [{ group: "CO", reason: "29", amountCents: 4000 }],
          }),
          claimPayment(
            { patientControlNumber: "NOT-OURS-9", totalChargeCents: 2500 },
            { paidCents: 0, adjustments: [{ group: "CO", reason: "45", amountCents: 2500 }] },
          ),
        ],
        [{ reason: "WO", reference: "P-OLD-7", amountCents: 1500 }],
      ),
    );
    // BPR02 changed to 50.00 while the one CLP pays 60.00: the payment does not balance.
    const balanced = remittanceText(802, "RV-TRN-2", [
      claimPayment(heldClaim, { payerClaimNumber: "P-RV-3" }),
    ]);
    const tampered = balanced.replace(/BPR\*([A-Z])\*60\*/, "BPR*$1*50*");
    expect(tampered).not.toBe(balanced);
    await inbound("rv2.835", tampered);
  });
  afterAll(async () => {
    await world.app.close();
    await backend.cleanup();
  });

  const get = (url: string, headers = AUTH) => world.app.inject({ method: "GET", url, headers });

  it("shows the payment, its payer and payee", async () => {
    const id = await remittanceId("RV-TRN-1");
    const res = await get(`/v1/remittances/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<RemittanceBody>();
    expect(body).toMatchObject({
      id,
      traceNumber: "RV-TRN-1",
      totalCents: 8500,
      receivedAt: NOW.toISOString(),
      state: "posted",
      balanced: true,
      problems: [],
      claimPaymentsInFile: 3,
    });
    expect(body.payment).toMatchObject({
      totalCents: 8500,
      method: "CHK",
      date: "2026-03-05",
      trace: { number: "RV-TRN-1" },
    });
    expect(body.payer).toMatchObject({ name: "Example Health Plan" });
    expect(body.payee).toMatchObject({ name: "Springfield Family Practice", id: "1234567893" });
  });

  it("lists the claims posted, PLB adjustments and unmatched claim payments", async () => {
    const body = (
      await get(`/v1/remittances/${await remittanceId("RV-TRN-1")}`)
    ).json<RemittanceBody>();
    expect(body.claims).toEqual([
      expect.objectContaining({
        claimId: paid.id,
        patientControlNumber: "RV-1",
        outcome: "paid",
        statusCode: "1",
        chargeCents: 10000,
        paidCents: 10000,
        deniedCents: 0,
        reversal: false,
        links: { claim: `/v1/claims/${paid.id}` },
      }),
      expect.objectContaining({
        claimId: denied.id,
        patientControlNumber: "RV-2",
        outcome: "denied",
        owner: "timely_filing",
        chargeCents: 4000,
        paidCents: 0,
        deniedCents: 4000,
      }),
    ]);
    expect(body.providerAdjustments).toEqual([
      { providerId: "1234567893", reason: "WO", reference: "P-OLD-7", amountCents: 1500 },
    ]);
    expect(body.totals).toEqual({ claimsPaidCents: 10000, providerAdjustmentCents: 1500 });
    expect(body.totals.claimsPaidCents - body.totals.providerAdjustmentCents).toBe(body.totalCents);
    expect(body.unmatched).toEqual([
      expect.objectContaining({ patientControlNumber: "NOT-OURS-9" }),
    ]);
  });

  it("pages the claims posted, with totals over all of them", async () => {
    const url = `/v1/remittances/${await remittanceId("RV-TRN-1")}`;
    const pages: string[][] = [];
    let cursor: string | null = "";
    while (cursor !== null && pages.length < 5) {
      const query: string = cursor === "" ? "?limit=1" : `?limit=1&cursor=${cursor}`;
      const body = (await get(`${url}${query}`)).json<
        RemittanceBody & { claimsPosted: number; nextCursor: string | null }
      >();
      expect(body.claimsPosted).toBe(2);
      expect(body.totals.claimsPaidCents).toBe(10000);
      pages.push(body.claims.map((c) => c.patientControlNumber as string));
      cursor = body.nextCursor;
    }
    expect(pages).toEqual([["RV-1"], ["RV-2"], []]);
    expect((await get(`${url}?cursor=x`)).statusCode).toBe(400);
    expect((await get(`${url}?limit=0`)).statusCode).toBe(400);
  });

  it("shows a payment that did not balance as held, with its problems and nothing posted", async () => {
    const body = (
      await get(`/v1/remittances/${await remittanceId("RV-TRN-2")}`)
    ).json<RemittanceBody>();
    expect(body).toMatchObject({ state: "held_unbalanced", balanced: false, claims: [] });
    expect(body.problems.length).toBeGreaterThan(0);
    expect(body.payment).toMatchObject({ totalCents: 5000, method: "CHK" });
    const claim = (await get(`/v1/claims/${heldClaim.id}`)).json<{
      state: string;
      payments: unknown[];
    }>();
    expect(claim).toMatchObject({ state: "accepted", payments: [] });
  });

  it("links each claim's payment to the remittance", async () => {
    const claim = (await get(`/v1/claims/${denied.id}`)).json<{
      payments: { links: { remittance: string } }[];
    }>();
    const linked = await get(claim.payments[0]!.links.remittance);
    expect(linked.statusCode).toBe(200);
    expect(linked.json<RemittanceBody>().traceNumber).toBe("RV-TRN-1");
  });

  // What the payment shows besides the claims, PLB and totals.
  const paymentFields = (body: RemittanceBody) => ({
    payment: body.payment,
    payer: body.payer,
    payee: body.payee,
    claimPaymentsInFile: body.claimPaymentsInFile,
    unmatched: body.unmatched,
  });

  it("shows the payment from the remittance row, with the archived 835 no longer readable", async () => {
    const claim = await seedClaim(world.db, "acme", {
      patientControlNumber: "RV-4",
      payerId: "EXHP1",
      totalChargeCents: 3000,
      state: "accepted",
      payerClaimNumber: "P-RV-4",
    });
    await inbound(
      "rv4.835",
      remittanceText(804, "RV-TRN-4", [
        claimPayment(claim, { payerClaimNumber: "P-RV-4" }),
        claimPayment(
          { patientControlNumber: "NOT-OURS-4", totalChargeCents: 700 },
          { paidCents: 0, adjustments: [{ group: "CO", reason: "45", amountCents: 700 }] },
        ),
      ]),
    );
    const id = await remittanceId("RV-TRN-4");
    const url = `/v1/remittances/${id}`;
    const before = (await get(url)).json<RemittanceBody>();
    const archived = await world.db.query(
      `update blobs set content = $1
       where sha256 = (select f.sha256 from files f join remittances r on r.file_id = f.id
                       where r.id = $2)`,
      [new TextEncoder().encode("not an 835 any more"), id],
    );
    expect(archived.rowCount).toBe(1);

    const after = (await get(url)).json<RemittanceBody>();
    expect(paymentFields(after)).toEqual(paymentFields(before));
    expect(after.payment).toEqual({
      totalCents: 3000,
      handlingCode: "I",
      creditDebit: "C",
      method: "CHK",
      format: null,
      date: "2026-03-05",
      trace: { type: "1", number: "RV-TRN-4", originatorId: "1123456789" },
      productionDate: "2026-03-05",
    });
    expect(after.payer).toMatchObject({ name: "Example Health Plan" });
    expect(after.payee).toEqual({
      name: "Springfield Family Practice",
      idQualifier: "XX",
      id: "1234567893",
    });
    expect(after.claimPaymentsInFile).toBe(2);
    expect(after.unmatched).toEqual([
      expect.objectContaining({ patientControlNumber: "NOT-OURS-4" }),
    ]);

    // Control: without the row's columns the file is all there is, and it is gone.
    await world.db.query("update remittances set payment_handling_code = null where id = $1", [id]);
    const legacy = (await get(url)).json<RemittanceBody>();
    expect(legacy).toMatchObject({ payment: null, payer: null, payee: null });
  });

  it("shows a row recorded before migration 0009 from the archived 835", async () => {
    const id = await remittanceId("RV-TRN-1");
    const url = `/v1/remittances/${id}`;
    const recorded = (await get(url)).json<RemittanceBody>();
    const cleared = await world.db.query(
      `update remittances set payment_handling_code = null, payment_credit_debit = null,
         payment_method = null, payment_format = null, payment_date = null, trace_type = null,
         trace_originator_id = null, production_date = null, payer_name = null,
         payer_id_qualifier = null, payer_party_id = null, payee_name = null,
         payee_id_qualifier = null, payee_id = null, claims_in_file = null,
         first_claim_position = null, last_claim_position = null
       where id = $1`,
      [id],
    );
    expect(cleared.rowCount).toBe(1);
    const legacy = (await get(url)).json<RemittanceBody>();
    expect(paymentFields(legacy)).toEqual(paymentFields(recorded));
    expect(legacy.payment).toMatchObject({ totalCents: 8500, method: "CHK", date: "2026-03-05" });
    expect(legacy.payee).toMatchObject({ name: "Springfield Family Practice" });
    expect(legacy.claimPaymentsInFile).toBe(3);
  });

  it("is 404 for another tenant and for an unknown id", async () => {
    const id = await remittanceId("RV-TRN-1");
    const other = await get(`/v1/remittances/${id}`, OTHER_AUTH);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: "NOT_FOUND" });
    expect(other.body).not.toContain("RV-TRN-1");
    expect((await get("/v1/remittances/nope")).statusCode).toBe(404);
  });
});
