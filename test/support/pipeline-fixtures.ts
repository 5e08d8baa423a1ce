/**
 * Fixtures for pipeline tests: a tenant with a trading partner routing the example payers, and
 * the worked example encounters from schemas/examples (read in place).
 */
import { readFileSync } from "node:fs";
import { parseTradingPartner } from "../../src/config/partners.js";
import type { TradingPartner } from "../../src/config/partners.js";
import type { CodedEncounter } from "../../src/domain/encounter.js";
import type { Database } from "../../src/store/database.js";
import { upsertPartner } from "../../src/store/partners.js";
import { createTenant } from "../../src/store/tenants.js";

export const EXAMPLE_NAMES = [
  "professional-office-visit",
  "professional-dependent",
  "professional-secondary-cob",
  "professional-replacement",
  "institutional-outpatient",
  "institutional-inpatient",
] as const;

export function exampleEncounter(name: (typeof EXAMPLE_NAMES)[number]): CodedEncounter {
  const url = new URL(`../../schemas/examples/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as CodedEncounter;
}

export function samplePartner(overrides: Record<string, unknown> = {}): TradingPartner {
  return parseTradingPartner(
    {
      id: "sbx",
      tenantId: "acme",
      name: "Sandbox Payer",
      usage: "T",
      sftp: {
        host: "127.0.0.1",
        port: 2222,
        username: "acme",
        privateKeyFile: "/nonexistent/key",
        hostKeyFingerprint: `SHA256:${"A".repeat(43)}`,
      },
      inboundDir: "/inbound",
      outboundDir: "/outbound",
      isa: {
        senderQualifier: "ZZ",
        senderId: "ACMECLINIC",
        receiverQualifier: "ZZ",
        receiverId: "SANDBOXPAYER",
      },
      gs: { senderId: "ACMECLINIC", receiverId: "SANDBOXPAYER" },
      payers: [{ payerId: "EXHP1" }, { payerId: "EXMCR" }, { payerId: "EXMCD" }],
      batch: { size: 500, intervalSeconds: 60, maxClaimsPerSt: 5000 },
      ...overrides,
    },
    0,
  );
}

export async function seedTenantAndPartner(db: Database, partner = samplePartner()) {
  await createTenant(db, { id: partner.tenantId, name: "Acme Clinic" });
  await upsertPartner(db, partner);
  return partner;
}
