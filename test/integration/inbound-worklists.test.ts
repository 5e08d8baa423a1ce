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
import {
  NOW,
  claimPayment,
  claimSetRejection999,
  claimStatusText,
  ingest,
  recordInbound,
  remittanceText,
} from "../support/inbound-claims.js";
import { exampleEncounter, seedTenantAndPartner } from "../support/pipeline-fixtures.js";
import { backends } from "../support/postgres.js";

const TENANT = "acme";
/** 277CA A7:562:85, a rejection at the 277CA (provider identifier not valid). */
const A7_562 = { category: "A7", code: "562", entity: "85" };

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
        ["999", await claimSetRejection999(db, claim.ack, 901)],
        ["277", claimStatusText(902, claim.status, A7_562)],
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
