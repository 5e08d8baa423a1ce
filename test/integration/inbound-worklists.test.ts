/**
 * The same encounter rejected by a 999, rejected by a 277CA and denied by an 835 lands in three
 * different places: told apart by state, owner, reason code prefix and the timeline's cause,
 * and separated by the claim list filters of the API.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/api/auth.js";
import { buildApi } from "../../src/api/server.js";
import { loadCodeSets } from "../../src/domain/codesets/index.js";
import { createLogger } from "../../src/logging/logger.js";
import { batchPartner } from "../../src/pipeline/batch.js";
import { receiveEncounter } from "../../src/pipeline/intake.js";
import { scrubClaim } from "../../src/pipeline/scrub.js";
import { storePartners } from "../../src/pipeline/sessions.js";
import { applyClaimEvent, claimTimeline, getClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { build277ca } from "../../src/x12/transactions/277ca-build.js";
import type { SegmentInput } from "../../src/x12/segment.js";
import { buildInterchange } from "../../src/x12/writer.js";
import {
  NOW,
  claimPayment,
  ingest,
  recordInbound,
  remittanceText,
} from "../support/inbound-claims.js";
import { exampleEncounter, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

const TENANT = "acme";
const DELIMITERS = { element: "*", repetition: "^", component: ":", segment: "~" };
const PAYER = { qualifier: "ZZ", id: "SANDBOXPAYER" };
const US = { qualifier: "ZZ", id: "ACMECLINIC" };
const seg = (id: string, ...elements: string[]): SegmentInput => ({ id, elements });

function interchange(isa: number, kind: "999" | "277", body: SegmentInput[]): string {
  const guide = kind === "999" ? "005010X231A1" : "005010X214";
  return buildInterchange({
    sender: PAYER,
    receiver: US,
    controlNumber: isa,
    date: "20260305",
    time: "1000",
    usage: "T",
    delimiters: DELIMITERS,
    groups: [
      {
        functionalId: kind === "999" ? "FA" : "HN",
        sender: PAYER.id,
        receiver: US.id,
        controlNumber: isa,
        version: guide,
        transactionSets: [{ id: kind, controlNumber: "0001", guide, body }],
      },
    ],
  });
}

describe.each(backends())(
  "three rejections of one encounter, three worklists on $kind",
  (backend) => {
    let db: Database;
    let app: FastifyInstance;
    let n = 0;
    const newId = () => `wl${++n}`;
    const deps = () => ({
      db,
      now: () => NOW,
      newId,
      codeSets: loadCodeSets(),
      payerRules: {},
      partners: storePartners(db),
    });
    const claim: Record<"ack" | "status" | "remit", ClaimRecord | undefined> = {
      ack: undefined,
      status: undefined,
      remit: undefined,
    };
    const auth = { authorization: "Bearer key-wl" };

    /** Receives, scrubs and batches the encounter under `pcn` in a batch of its own. */
    async function sendAlone(pcn: string): Promise<ClaimRecord> {
      const base = exampleEncounter("professional-office-visit");
      // Another member id only so the duplicate-claim edit does not hold the second and third.
      const r = await receiveEncounter(deps(), TENANT, {
        ...base,
        patientControlNumber: pcn,
        subscriber: {
          ...base.subscriber,
          memberId: `XJD${pcn.replace(/\D/g, "").padStart(9, "0")}`,
        },
      });
      if (r.outcome !== "received") throw new Error(r.outcome);
      await scrubClaim(deps(), { tenantId: TENANT, claimId: r.claim.id });
      await batchPartner(deps(), { tenantId: TENANT, partnerId: "sbx" });
      await applyClaimEvent(db, TENANT, r.claim.id, "transmitted", { at: NOW, cause: "test" });
      return (await getClaim(db, TENANT, r.claim.id))!;
    }

    /** A 999 rejecting the claim's transaction set, with an IK3 at the claim's first segment. */
    async function rejecting999(c: ClaimRecord): Promise<string> {
      const { rows } = await db.query<{ gs: string; st: string; from: number }>(
        `select t.gs_control_number as gs, t.st_control_number as st, s.segment_from as "from"
       from submissions s join transaction_sets t on t.id = s.transaction_set_id
       where s.claim_id = $1 and s.seq = $2`,
        [c.id, c.currentSubmission],
      );
      const sent = rows[0]!;
      return interchange(901, "999", [
        seg("AK1", "HC", sent.gs, "005010X222A1"),
        seg("AK2", "837", sent.st, "005010X222A1"),
        seg("IK3", "CLM", String(sent.from), "2300", "8"),
        seg("IK5", "R", "5"),
        seg("AK9", "R", "1", "1", "0"),
      ]);
    }

    function rejecting277(c: ClaimRecord): string {
      const body = build277ca({
        sender: { id: "SANDBOXPAYER", name: "Sandbox Payer" },
        receiver: { id: "ACMECLINIC", name: "Acme Clinic" },
        controlNumber: "A902",
        date: "2026-03-05",
        time: "1000",
        claims: [
          {
            patientControlNumber: c.patientControlNumber,
            chargeCents: c.totalChargeCents,
            serviceDateFrom: "2026-02-10",
            billingProvider: { npi: "1234567893", name: "Springfield Family Practice" },
            subscriber: { memberId: "XJD123456789", lastName: "DOE", firstName: "JANE" },
            status: { category: "A7", code: "562", entity: "85" },
          },
        ],
      });
      return interchange(902, "277", body);
    }

    const denying835 = (c: ClaimRecord) =>
      remittanceText(903, "WL-CHK-1", [
        claimPayment(c, {
          statusCode: "4",
          paidCents: 0,
          adjustments: [{ group: "CO", reason: "197", amountCents: c.totalChargeCents }],
        }),
      ]);

    beforeAll(async () => {
      db = await backend.open();
      await migrate(db);
      await seedTenantAndPartner(db);
      await addApiKey(db, TENANT, { id: "kwl", keyHash: hashApiKey("key-wl") });
      await createTenant(db, { id: "other", name: "Other" });
      await addApiKey(db, "other", { id: "kot", keyHash: hashApiKey("key-other") });
      app = await buildApi({
        db,
        newId,
        now: () => NOW,
        logger: createLogger({ level: "silent" }),
      });
      claim.ack = await sendAlone("WL-999");
      claim.status = await sendAlone("WL-277");
      claim.remit = await sendAlone("WL-835");
      const files = [
        ["999", await rejecting999(claim.ack)],
        ["277", rejecting277(claim.status)],
        ["835", denying835(claim.remit)],
      ] as const;
      for (const [kind, text] of files) {
        const { file } = await recordInbound(db, TENANT, kind, `wl.${kind}`, text);
        const result = await ingest(db, TENANT, file.id);
        if (result.outcome !== "ingested") throw new Error(`${kind}: ${result.outcome}`);
      }
    });
    afterAll(async () => {
      await app?.close();
      await backend.cleanup();
    });

    it("starts from the same encounter data", async () => {
      const encounters = await Promise.all(
        Object.values(claim).map(async (c) => {
          const encounter = (await getClaim(db, TENANT, c!.id))!.encounter as {
            patientControlNumber: string;
            subscriber: Record<string, unknown>;
          };
          const { patientControlNumber: _pcn, subscriber, ...rest } = encounter;
          const { memberId: _member, ...person } = subscriber;
          return { ...rest, subscriber: person };
        }),
      );
      expect(encounters[1]).toEqual(encounters[0]);
      expect(encounters[2]).toEqual(encounters[0]);
    });

    it.each([
      ["ack", { state: "rejected", owner: "submission" }, /^IK3_8$/, "ack_rejected", "999"],
      [
        "status",
        { state: "rejected", owner: "payer_setup" },
        /^277CA_A7_562$/,
        "claim_rejected",
        "277CA",
      ],
      // An 835 denial keeps the root-cause rule that matched (CARC 197, any group) as its reason.
      ["remit", { state: "denied", owner: "authorization" }, /-197$/, "remit_denied", "835"],
    ] as const)(
      "the %s path ends in its own state, owner, reason and cause",
      async (key, fields, reason, event, cause) => {
        const c = (await getClaim(db, TENANT, claim[key]!.id))!;
        expect(c).toMatchObject(fields);
        expect(c.reasonCode).toMatch(reason);
        const last = (await claimTimeline(db, TENANT, c.id)).at(-1);
        expect(last).toMatchObject({ event, cause, to: fields.state });
        expect(last?.fileId).toBeTruthy();
      },
    );

    async function listed(query: string, headers = auth): Promise<string[]> {
      const res = await app.inject({ method: "GET", url: `/v1/claims?${query}`, headers });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ claims: { patientControlNumber: string }[] }>();
      return body.claims.map((c) => c.patientControlNumber).sort();
    }

    it("separates them with the claim list filters (state, owner, reason prefix)", async () => {
      expect(await listed("state=rejected")).toEqual(["WL-277", "WL-999"]);
      expect(await listed("state=rejected&owner=submission")).toEqual(["WL-999"]);
      expect(await listed("state=rejected&owner=payer_setup")).toEqual(["WL-277"]);
      expect(await listed("state=denied&owner=authorization")).toEqual(["WL-835"]);
      expect(await listed("state=rejected&reason=277CA_")).toEqual(["WL-277"]);
      expect(await listed("state=rejected&reason=IK3_")).toEqual(["WL-999"]);
      expect(await listed("state=denied&reason=277CA_")).toEqual([]);
      expect(await listed("state=denied&reason=IK3_")).toEqual([]);
      expect(await listed("state=paid")).toEqual([]);
    });

    it("keeps the lists to the tenant", async () => {
      expect(await listed("state=rejected", { authorization: "Bearer key-other" })).toEqual([]);
      expect(await listed("state=denied", { authorization: "Bearer key-other" })).toEqual([]);
    });
  },
);
