import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import { batchPartner } from "../../src/pipeline/batch.js";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { applyClaimEvent, claimTimeline, getClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { getFile, recordFile } from "../../src/store/files.js";
import { migrate } from "../../src/store/migrate.js";
import { build277ca } from "../../src/x12/transactions/277ca-build.js";
import type { ClaimStatusCode } from "../../src/x12/transactions/277ca-build.js";
import type {
  ClaimPaymentInput,
  ProviderAdjustmentInput,
} from "../../src/x12/transactions/835-build.js";
import { formatCents, parseCents } from "../../src/x12/money.js";
import { buildInterchange } from "../../src/x12/writer.js";
import { examplePayment835 } from "../support/inbound-claims.js";
import { exampleEncounter, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

const DELIMITERS = { element: "*", repetition: "^", component: ":", segment: "~" };
const PAYER = { qualifier: "ZZ", id: "SANDBOXPAYER" };
const US = { qualifier: "ZZ", id: "ACMECLINIC" };

describe.each(backends())("277CA and 835 into the claim record on $kind", (backend) => {
  let db: Database;
  let n = 0;
  let isa = 100;
  const now = () => new Date("2026-03-05T10:00:00Z");
  const newId = () => `id${++n}`;
  const deps = () => ({
    db,
    now,
    newId,
    codeSets: loadCodeSets(),
    payerRules: {},
    partners: storePartners(db),
  });
  const claims: ClaimRecord[] = [];

  type SetBody = ReturnType<typeof examplePayment835>;
  /** One inbound file of `kind` holding `body` as its first set and `more` as the next ones. */
  async function inbound(kind: "277" | "835", body: SetBody, more: readonly SetBody[] = []) {
    const bodies = [body, ...more];
    const text = buildInterchange({
      sender: PAYER,
      receiver: US,
      controlNumber: ++isa,
      date: "20260305",
      time: "1000",
      usage: "T",
      delimiters: DELIMITERS,
      groups: [
        {
          functionalId: kind === "277" ? "HN" : "HP",
          sender: PAYER.id,
          receiver: US.id,
          controlNumber: isa,
          version: kind === "277" ? "005010X214" : "005010X221A1",
          transactionSets: bodies.map((set, i) => ({
            id: kind,
            controlNumber: String(i + 1).padStart(4, "0"),
            guide: kind === "277" ? "005010X214" : "005010X221A1",
            body: set,
          })),
        },
      ],
    });
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: newId(),
        partnerId: "sbx",
        direction: "inbound",
        kind,
        name: `${kind}-${isa}.x12`,
        state: "received",
        content: Buffer.from(text),
      },
      now(),
    );
    return ingestFile(deps(), { tenantId: "acme", fileId: file.id });
  }

  function claimAck(claim: ClaimRecord, status: ClaimStatusCode, payerClaimNumber?: string) {
    return build277ca({
      sender: { id: "SANDBOXPAYER", name: "Sandbox Payer" },
      receiver: { id: "ACMECLINIC", name: "Acme Clinic" },
      controlNumber: `A${isa}`,
      date: "2026-03-05",
      time: "1000",
      claims: [
        {
          patientControlNumber: claim.patientControlNumber,
          submissionId: `${claim.id}.1`,
          ...(payerClaimNumber ? { payerClaimNumber } : {}),
          chargeCents: claim.totalChargeCents,
          serviceDateFrom: "2026-02-10",
          billingProvider: { npi: "1234567893", name: "Springfield Family Practice" },
          subscriber: { memberId: "XJD123456789", lastName: "DOE", firstName: "JANE" },
          status,
        },
      ],
    });
  }

  function remit(
    trace: string,
    payments: ClaimPaymentInput[],
    plb: ProviderAdjustmentInput[] = [],
  ) {
    return examplePayment835(trace, payments, plb);
  }

  const payment = (claim: ClaimRecord, over: Partial<ClaimPaymentInput>): ClaimPaymentInput => ({
    patientControlNumber: claim.patientControlNumber,
    statusCode: "1",
    chargeCents: claim.totalChargeCents,
    paidCents: claim.totalChargeCents,
    patientResponsibilityCents: 0,
    payerClaimNumber: `PCN${claim.id}`,
    filingIndicator: "CI",
    adjustments: [],
    lines: [],
    ...over,
  });

  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
    await seedTenantAndPartner(db);
    const base = exampleEncounter("professional-office-visit");
    for (const i of [1, 2, 3, 4]) {
      const r = await receiveEncounter(deps(), "acme", {
        ...base,
        patientControlNumber: `PCN-IN-${i}`,
        subscriber: { ...base.subscriber, memberId: `XJD00000000${i}` },
      });
      if (r.outcome !== "received") throw new Error(r.outcome);
      await scrubClaim(deps(), { tenantId: "acme", claimId: r.claim.id });
    }
    await batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" });
    for (const c of await db
      .query<{ id: string }>("select id from claims order by patient_control_number")
      .then((r) => r.rows)) {
      await applyClaimEvent(db, "acme", c.id, "transmitted", { at: now(), cause: "test" });
      claims.push((await getClaim(db, "acme", c.id))!);
    }
  });
  afterAll(() => backend.cleanup());

  it("accepts a claim for adjudication from a 277CA A1, keeping the payer claim number", async () => {
    const result = await inbound(
      "277",
      claimAck(claims[0]!, { category: "A1", code: "20" }, "PAYER-CLM-1"),
    );
    expect(result).toMatchObject({ outcome: "ingested", statuses: { accepted: 1 } });
    expect(await getClaim(db, "acme", claims[0]!.id)).toMatchObject({
      state: "accepted",
      payerClaimNumber: "PAYER-CLM-1",
      nextEvent: "835",
    });
  });

  it("rejects a claim from a 277CA A7 with an owner and a reason, pointing at the file", async () => {
    const result = await inbound(
      "277",
      claimAck(claims[1]!, { category: "A7", code: "164", entity: "IL" }),
    );
    expect(result).toMatchObject({ statuses: { rejected: 1 } });
    const claim = await getClaim(db, "acme", claims[1]!.id);
    expect(claim).toMatchObject({ state: "rejected", reasonCode: "277CA_A7_164" });
    expect(claim?.owner).toBeTruthy();
    const last = (await claimTimeline(db, "acme", claims[1]!.id)).at(-1);
    expect(last).toMatchObject({ event: "claim_rejected", cause: "277CA" });
    expect(last?.fileId).toBeTruthy();
    expect(last?.segmentPosition).toBeGreaterThan(1);
  });

  it("posts a payment with a contractual adjustment as paid, once per trace number", async () => {
    const c = claims[0]!;
    const paid = payment(c, {
      paidCents: c.totalChargeCents - 2000,
      adjustments: [{ group: "CO", reason: "45", amountCents: 2000 }],
      payerClaimNumber: "PAYER-CLM-1",
    });
    const first = await inbound("835", remit("CHK1001", [paid]));
    expect(first).toMatchObject({ remittances: { posted: 1, duplicates: 0 } });
    expect(await getClaim(db, "acme", c.id)).toMatchObject({ state: "paid", owner: null });
    const again = await inbound("835", remit("CHK1001", [paid]));
    expect(again).toMatchObject({ remittances: { posted: 0, duplicates: 1 } });
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from claim_payments where claim_id = $1",
      [c.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("reverses a payment (CLP02 22) to reopen the claim, and posts the correction that follows", async () => {
    const c = claims[0]!;
    const original = {
      paidCents: c.totalChargeCents - 2000,
      adjustments: [{ group: "CO" as const, reason: "45", amountCents: 2000 }],
    };
    const reversal = payment(c, {
      statusCode: "22",
      chargeCents: -c.totalChargeCents,
      paidCents: -original.paidCents,
      adjustments: [{ group: "CO", reason: "45", amountCents: -2000 }],
      payerClaimNumber: "PAYER-CLM-1",
    });
    const corrected = payment(c, {
      paidCents: c.totalChargeCents - 5000,
      adjustments: [{ group: "CO", reason: "45", amountCents: 5000 }],
      payerClaimNumber: "PAYER-CLM-1",
    });
    const result = await inbound("835", remit("CHK1002", [reversal, corrected]));
    expect(result).toMatchObject({ remittances: { posted: 2 } });
    const events = (await claimTimeline(db, "acme", c.id)).map((e) => e.event).slice(-2);
    expect(events).toEqual(["remit_reversed", "remit_paid"]);
    expect(await getClaim(db, "acme", c.id)).toMatchObject({ state: "paid" });
  });

  it("denies a claim with the root-cause owner (CO-197 → authorization) and records a PLB", async () => {
    const c = claims[2]!;
    const denied = payment(c, {
      statusCode: "4",
      paidCents: 0,
      adjustments: [{ group: "CO", reason: "197", amountCents: c.totalChargeCents }],
    });
    const result = await inbound(
      "835",
      remit("CHK1003", [denied], [{ reason: "L6", reference: "INTEREST", amountCents: -150 }]),
    );
    expect(result).toMatchObject({ remittances: { posted: 1 } });
    expect(await getClaim(db, "acme", c.id)).toMatchObject({
      state: "denied",
      owner: "authorization",
    });
    const { rows } = await db.query<{ reason: string; amount_cents: string }>(
      "select reason, amount_cents::text from provider_adjustments where tenant_id = 'acme'",
    );
    expect(rows).toEqual([{ reason: "L6", amount_cents: "-150" }]);
  });

  it("holds an unbalanced 835 for review and posts nothing of it", async () => {
    const c = claims[3]!;
    const body = remit("CHK1004", [payment(c, {})]);
    // Break BPR02: one cent more than the claims pay.
    const bpr = body.find((s) => s.id === "BPR")!;
    const elements = [...bpr.elements];
    elements[1] = formatCents(parseCents(String(elements[1])) + 1);
    body[body.indexOf(bpr)] = { id: "BPR", elements };
    const result = await inbound("835", body);
    expect(result).toMatchObject({ remittances: { unbalanced: 1, posted: 0 } });
    expect((await getClaim(db, "acme", c.id))?.state).toBe("transmitted");
    const { rows } = await db.query<{ state: string }>(
      "select state from remittances where trace_number = 'CHK1004'",
    );
    expect(rows).toEqual([{ state: "held_unbalanced" }]);
  });

  it("keeps every set's statuses and unmatched items in a file of several 277CA sets (positions repeat per set)", async () => {
    const [first, second] = claims.slice(0, 2) as [ClaimRecord, ClaimRecord];
    const stranger = (pcn: string) => ({ ...first, patientControlNumber: pcn, id: `none-${pcn}` });
    const result = await inbound(
      "277",
      claimAck(stranger("NOBODY-1"), { category: "A1", code: "20", entity: "PR" }),
      [
        claimAck(stranger("NOBODY-2"), { category: "A1", code: "20", entity: "PR" }),
        claimAck(first, { category: "A1", code: "20", entity: "PR" }),
        claimAck(second, { category: "A1", code: "20", entity: "PR" }),
      ],
    );
    expect(result).toMatchObject({ outcome: "ingested" });
    const unmatched = await db.query<{ pcn: string; set_number: number }>(
      `select patient_control_number as pcn, set_number from unmatched_items
       where tenant_id = 'acme' and kind = '277CA' and patient_control_number like 'NOBODY-%'
       order by set_number`,
    );
    expect(unmatched.rows).toEqual([
      { pcn: "NOBODY-1", set_number: 1 },
      { pcn: "NOBODY-2", set_number: 2 },
    ]);
    const statuses = await db.query<{ claim_id: string; set_number: number; position: number }>(
      `select claim_id, set_number, position from claim_statuses
       where tenant_id = 'acme' and set_number > 1 order by set_number`,
    );
    expect(statuses.rows.map((r) => [r.claim_id, r.set_number])).toEqual([
      [first.id, 3],
      [second.id, 4],
    ]);
    // The same position within each set: without the set number the second row was dropped.
    expect(statuses.rows[0]?.position).toBe(statuses.rows[1]?.position);
  });

  it("lists a claim payment that matches no claim as unmatched", async () => {
    const stranger = { ...claims[3]!, patientControlNumber: "NOBODY-1", id: "x" } as ClaimRecord;
    const result = await inbound(
      "835",
      remit("CHK1005", [payment(stranger, { payerClaimNumber: "NOPE" })]),
    );
    expect(result).toMatchObject({ remittances: { unmatched: 1, posted: 0 } });
    const { rows } = await db.query<{ kind: string; patient_control_number: string }>(
      "select kind, patient_control_number from unmatched_items where tenant_id = 'acme' and kind = '835'",
    );
    expect(rows).toEqual([{ kind: "835", patient_control_number: "NOBODY-1" }]);
  });

  it("marks a file that is not X12 failed, with its code, and does not retry it", async () => {
    const { file } = await recordFile(
      db,
      "acme",
      {
        id: newId(),
        partnerId: "sbx",
        direction: "inbound",
        kind: "unknown",
        name: "junk.x12",
        state: "received",
        content: Buffer.from("hello"),
      },
      now(),
    );
    const result = await ingestFile(deps(), { tenantId: "acme", fileId: file.id });
    expect(result).toEqual({ outcome: "failed", errorCode: "X12_NOT_INTERCHANGE" });
    expect(await getFile(db, "acme", file.id)).toMatchObject({
      state: "failed",
      errorCode: "X12_NOT_INTERCHANGE",
    });
    expect(await ingestFile(deps(), { tenantId: "acme", fileId: file.id })).toEqual({
      outcome: "skipped",
      state: "failed",
    });
  });
});
