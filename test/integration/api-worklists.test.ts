/**
 * GET /v1/rejections and GET /v1/denials: claims rejected by a TA1, a 999 (IK3 on the claim) and
 * a 277CA are on the rejection queue with their reason, what to fix, owner and since when;
 * denied and partially paid claims are on the denial worklist with owner, CARC, reason, denied
 * amount and since when, filtered by owner (an unknown owner is a 400 problem), paged by
 * cursor, and kept to the tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import { batchPartner } from "../../src/pipeline/batch.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { applyClaimEvent, getClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import { AUTH, OTHER_AUTH, openApiWorld } from "../support/api-world.js";
import type { ApiWorld } from "../support/api-world.js";
import {
  NOW,
  claimPayment,
  claimSetRejection999,
  claimStatusText,
  ingest,
  recordInbound,
  remittanceText,
  seedClaim,
} from "../support/inbound-claims.js";
import { exampleEncounter } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

/** 277CA A7:562:85, a rejection at the 277CA (provider identifier not valid). */
const A7_562 = { category: "A7", code: "562", entity: "85" };
const LATER = new Date(NOW.getTime() + 3600_000);

/** A TA1 rejecting our interchange `isa13` with note code `note`. */
function rejectingTa1(isa13: string, note: string): string {
  const pad = (s: string) => s.padEnd(15, " ");
  return (
    `ISA*00*          *00*          *ZZ*${pad("SANDBOXPAYER")}*ZZ*${pad("ACMECLINIC")}*260305*1000*^*00501*000000911*0*T*:~` +
    `TA1*${isa13}*260305*0959*R*${note}~IEA*0*000000911~`
  );
}

interface RejectionBody {
  claimId: string;
  patientControlNumber: string;
  source: string;
  reasonCode: string;
  reason: string;
  fix: string;
  owner: string;
  since: string;
  links: { claim: string; resubmit: string };
}

interface DenialBody {
  claimId: string;
  patientControlNumber: string;
  state: string;
  owner: string;
  reasonCode: string;
  carc: { group: string; reason: string; description: string | null };
  reason: string;
  fix: string;
  deniedCents: number;
  paidCents: number;
  since: string;
  remittanceId: string;
}

describe.each(backends())("rejection queue and denial worklist on $kind", (backend) => {
  let world: ApiWorld;
  let n = 0;
  const byPcn = new Map<string, ClaimRecord>();
  const deps = () => ({
    db: world.db,
    now: () => NOW,
    newId: () => `wq${++n}`,
    codeSets: loadCodeSets(),
    payerRules: {},
    partners: storePartners(world.db),
  });

  /** Receives, scrubs, batches and transmits the example encounter under `pcn`, alone. */
  async function sendAlone(pcn: string): Promise<{ claim: ClaimRecord; isa13: string }> {
    const base = exampleEncounter("professional-office-visit");
    const r = await receiveEncounter(deps(), "acme", {
      ...base,
      patientControlNumber: pcn,
      subscriber: { ...base.subscriber, memberId: `XJD${pcn.replace(/\D/g, "").padStart(9, "0")}` },
    });
    if (r.outcome !== "received") throw new Error(r.outcome);
    await scrubClaim(deps(), { tenantId: "acme", claimId: r.claim.id });
    const [file] = await batchPartner(deps(), { tenantId: "acme", partnerId: "sbx" });
    await applyClaimEvent(world.db, "acme", r.claim.id, "transmitted", { at: NOW, cause: "test" });
    return {
      claim: (await getClaim(world.db, "acme", r.claim.id))!,
      isa13: file!.isaControlNumber,
    };
  }

  async function inbound(kind: string, text: string) {
    const { file } = await recordInbound(world.db, "acme", kind, `wq-${kind}-${++n}`, text);
    const result = await ingest(world.db, "acme", file.id);
    if (result.outcome !== "ingested") throw new Error(`${kind}: ${result.outcome}`);
  }

  beforeAll(async () => {
    world = await openApiWorld(backend);
    const { db } = world;
    const ta1 = await sendAlone("WQ-TA1");
    const ik3 = await sendAlone("WQ-999");
    const seeded = async (pcn: string, cents: number) => {
      const claim = await seedClaim(db, "acme", {
        patientControlNumber: pcn,
        payerId: "EXHP1",
        totalChargeCents: cents,
        state: "accepted",
        payerClaimNumber: `P-${pcn}`,
      });
      byPcn.set(pcn, claim);
      return claim;
    };
    const status = await seeded("WQ-277", 10000);
    const denied = await seeded("WQ-DEN", 15000);
    const partial = await seeded("WQ-PART", 20000);
    const paid = await seeded("WQ-PAID", 5000);
    byPcn.set("WQ-TA1", ta1.claim).set("WQ-999", ik3.claim);
    await inbound("TA1", rejectingTa1(ta1.isa13, "024"));
    await inbound(
      "999",
      await claimSetRejection999(world.db, ik3.claim, 901, ["5:3", "1325", "7"]),
    );
    await inbound("277", claimStatusText(902, status, A7_562));
    await inbound(
      "835",
      remittanceText(903, "WQ-CHK-1", [
        claimPayment(denied, {
          statusCode: "4",
          paidCents: 0,
          payerClaimNumber: "P-WQ-DEN",
          adjustments: [{ group: "CO", reason: "197", amountCents: 15000 }],
        }),
        claimPayment(partial, {
          paidCents: 12000,
          payerClaimNumber: "P-WQ-PART",
          adjustments: [
            { group: "CO", reason: "45", amountCents: 3000 },
            { group: "CO", reason: "50", amountCents: 5000 },
          ],
        }),
        claimPayment(paid, { payerClaimNumber: "P-WQ-PAID" }),
      ]),
    );
  });
  afterAll(async () => {
    await world.app.close();
    await backend.cleanup();
  });

  const get = async (url: string, headers = AUTH) =>
    world.app.inject({ method: "GET", url, headers });

  it("puts the TA1, 999 and 277CA rejections on the rejection queue with reason, fix, owner, since", async () => {
    const res = await get("/v1/rejections");
    expect(res.statusCode).toBe(200);
    const body = res.json<{ rejections: RejectionBody[]; nextCursor: string | null }>();
    expect(body.nextCursor).toBeNull();
    const by = new Map(body.rejections.map((r) => [r.patientControlNumber, r]));
    expect([...by.keys()].sort()).toEqual(["WQ-277", "WQ-999", "WQ-TA1"]);
    for (const r of by.values()) {
      expect(r.since).toBe(NOW.toISOString());
      expect(r.links.resubmit).toBe(`/v1/claims/${r.claimId}/resubmit`);
      expect(r.claimId).toBe(byPcn.get(r.patientControlNumber)!.id);
    }
    expect(by.get("WQ-TA1")).toMatchObject({
      source: "TA1",
      reasonCode: "TA1_024",
      owner: "submission",
      reason: expect.stringContaining("Invalid interchange content"),
      fix: expect.stringContaining("same encounter"),
    });
    expect(by.get("WQ-999")).toMatchObject({
      source: "999",
      reasonCode: "IK3_8",
      owner: "submission",
      reason: expect.stringMatching(
        /CLM in loop 2300 \(segment \d+ of the 837 set\): Segment has data element errors; element 5-3: Invalid code value/,
      ),
      fix: expect.stringMatching(/^Correct CLM in loop 2300/),
    });
    expect(by.get("WQ-277")).toMatchObject({
      source: "277CA",
      reasonCode: "277CA_A7_562",
      owner: "payer_setup",
      reason:
        "The billing provider's NPI is missing, invalid or not on file (277CA status A7:562:85).",
      fix: "Verify it in NPPES and with the payer's enrollment.",
    });
  });

  it("filters the rejection queue by owner and refuses an unknown owner", async () => {
    const owned = (await get("/v1/rejections?owner=payer_setup")).json<{
      rejections: RejectionBody[];
    }>();
    expect(owned.rejections.map((r) => r.patientControlNumber)).toEqual(["WQ-277"]);
    const bad = await get("/v1/rejections?owner=denied");
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    expect(bad.json()).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("pages the rejection queue with limit and cursor, each claim once", async () => {
    const seen: string[] = [];
    let url = "/v1/rejections?limit=2";
    for (let page = 0; page < 3; page++) {
      const body = (await get(url)).json<{
        rejections: RejectionBody[];
        nextCursor: string | null;
      }>();
      seen.push(...body.rejections.map((r) => r.patientControlNumber));
      if (body.nextCursor === null) break;
      url = `/v1/rejections?limit=2&cursor=${body.nextCursor}`;
    }
    expect(seen.sort()).toEqual(["WQ-277", "WQ-999", "WQ-TA1"]);
    expect((await get("/v1/rejections?cursor=nonsense")).statusCode).toBe(400);
    expect((await get("/v1/rejections?limit=0")).statusCode).toBe(400);
  });

  it("puts denied and partially paid claims on the denial worklist with owner, CARC, reason and amounts", async () => {
    const res = await get("/v1/denials");
    expect(res.statusCode).toBe(200);
    const body = res.json<{ denials: DenialBody[] }>();
    const by = new Map(body.denials.map((d) => [d.patientControlNumber, d]));
    expect([...by.keys()].sort()).toEqual(["WQ-DEN", "WQ-PART"]);
    expect(by.get("WQ-DEN")).toMatchObject({
      state: "denied",
      owner: "authorization",
      carc: { group: "CO", reason: "197", description: null },
      reason: "No prior authorization, precertification or notification on file.",
      fix: "Obtain it (retro if the payer allows) and appeal.",
      deniedCents: 15000,
      paidCents: 0,
      since: NOW.toISOString(),
    });
    expect(by.get("WQ-PART")).toMatchObject({
      state: "partially_paid",
      owner: "coding",
      carc: { group: "CO", reason: "50" },
      deniedCents: 5000,
      paidCents: 12000,
    });
    const remit = by.get("WQ-DEN")!.remittanceId;
    expect(by.get("WQ-PART")!.remittanceId).toBe(remit);
  });

  it("filters the denial worklist by owner and refuses an unknown owner", async () => {
    const coding = (await get("/v1/denials?owner=coding")).json<{ denials: DenialBody[] }>();
    expect(coding.denials.map((d) => d.patientControlNumber)).toEqual(["WQ-PART"]);
    const none = (await get("/v1/denials?owner=timely_filing")).json<{ denials: DenialBody[] }>();
    expect(none.denials).toEqual([]);
    const bad = await get("/v1/denials?owner=nobody");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("shows since as the time the claim entered its state", async () => {
    const claim = byPcn.get("WQ-PAID")!;
    await applyClaimEvent(world.db, "acme", claim.id, "remit_reversed", {
      at: LATER,
      cause: "test",
    });
    await applyClaimEvent(
      world.db,
      "acme",
      claim.id,
      "remit_denied",
      { at: LATER, cause: "test" },
      {
        owner: "timely_filing",
      },
    );
    const body = (await get("/v1/denials?owner=timely_filing")).json<{ denials: DenialBody[] }>();
    expect(body.denials).toHaveLength(1);
    expect(body.denials[0]).toMatchObject({
      patientControlNumber: "WQ-PAID",
      since: LATER.toISOString(),
    });
  });

  it("shows another tenant nothing", async () => {
    const rejections = (await get("/v1/rejections", OTHER_AUTH)).json<{ rejections: unknown[] }>();
    const denials = (await get("/v1/denials", OTHER_AUTH)).json<{ denials: unknown[] }>();
    expect(rejections.rejections).toEqual([]);
    expect(denials.denials).toEqual([]);
    expect((await get("/v1/rejections")).json<{ rejections: unknown[] }>().rejections).toHaveLength(
      3,
    );
  });
});
