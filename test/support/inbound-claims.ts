/**
 * Claims placed directly in the state an inbound file finds them in (transmitted or accepted),
 * and inbound files recorded as received, for the 277CA / 835 ingest tests.
 */
import { randomUUID } from "node:crypto";
import { storePartners } from "../../src/pipeline/sessions.js";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { applyClaimEvent, insertClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import type { Database } from "../../src/store/database.js";
import { recordFile } from "../../src/store/files.js";

export const NOW = new Date("2026-03-05T10:00:00Z");

export interface ClaimSeed {
  readonly patientControlNumber: string;
  readonly payerId: string;
  readonly totalChargeCents: number;
  readonly state: "transmitted" | "accepted";
  readonly payerClaimNumber?: string;
  readonly encounter?: unknown;
}

/** received → ready → batched → transmitted (→ accepted), the way the pipeline moves it. */
export async function seedClaim(db: Database, tenantId: string, seed: ClaimSeed) {
  const at = { at: NOW, cause: "test" };
  const claim = await insertClaim(
    db,
    tenantId,
    {
      id: `clm-${randomUUID()}`,
      patientControlNumber: seed.patientControlNumber,
      claimType: "professional",
      payerId: seed.payerId,
      partnerId: "sbx",
      totalChargeCents: seed.totalChargeCents,
      encounter: seed.encounter ?? {},
    },
    at,
  );
  for (const event of ["scrub_passed", "batched", "transmitted"] as const)
    await applyClaimEvent(db, tenantId, claim.id, event, at);
  if (seed.state === "accepted") {
    const changes = seed.payerClaimNumber ? { payerClaimNumber: seed.payerClaimNumber } : {};
    await applyClaimEvent(db, tenantId, claim.id, "claim_accepted", at, changes);
  }
  return claim;
}

/** Records `content` as a received inbound file of the partner `sbx`. */
export async function recordInbound(
  db: Database,
  tenantId: string,
  kind: string,
  name: string,
  content: string | Uint8Array,
) {
  const { file, duplicate } = await recordFile(
    db,
    tenantId,
    {
      id: `file-${randomUUID()}`,
      partnerId: "sbx",
      direction: "inbound",
      kind,
      name,
      state: "received",
      content: Buffer.from(content),
    },
    NOW,
  );
  return { file, duplicate };
}

export function ingestDeps(db: Database) {
  return { db, partners: storePartners(db), now: () => NOW, newId: () => randomUUID() };
}

export function ingest(db: Database, tenantId: string, fileId: string) {
  return ingestFile(ingestDeps(db), { tenantId, fileId });
}

export type { ClaimRecord };
