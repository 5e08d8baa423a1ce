/**
 * Claims placed directly in the state an inbound file finds them in (transmitted or accepted),
 * and inbound files recorded as received, for the 277CA / 835 ingest tests.
 */
import { randomUUID } from "node:crypto";
import { storePartners } from "../../src/pipeline/sessions.js";
import { ingestFile } from "../../src/pipeline/ingest.js";
import { applyClaimEvent, insertClaim } from "../../src/store/claims.js";
import type { ClaimRecord } from "../../src/store/claims.js";
import type { Database, Queryable } from "../../src/store/database.js";
import { recordFile } from "../../src/store/files.js";
import type { SegmentInput } from "../../src/x12/segment.js";
import { build277ca } from "../../src/x12/transactions/277ca-build.js";
import type { ClaimStatusCode } from "../../src/x12/transactions/277ca-build.js";
import { build835 } from "../../src/x12/transactions/835-build.js";
import type {
  ClaimPaymentInput,
  ProviderAdjustmentInput,
} from "../../src/x12/transactions/835-build.js";
import { buildInterchange } from "../../src/x12/writer.js";

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

const DELIMITERS = { element: "*", repetition: "^", component: ":", segment: "~" };
const PAYER = { qualifier: "ZZ", id: "SANDBOXPAYER" };
const US = { qualifier: "ZZ", id: "ACMECLINIC" };

/** One 835 set from the example health plan to the example practice, paying `claims` under `trace`. */
export function examplePayment835(
  trace: string,
  claims: ClaimPaymentInput[],
  providerAdjustments: ProviderAdjustmentInput[] = [],
) {
  return build835({
    payer: {
      id: "EXHP1",
      name: "Example Health Plan",
      taxId: "123456789",
      address: { line1: "1 Payer Way", city: "Springfield", state: "IL", postalCode: "62701" },
      contact: { name: "EDI", phone: "5555550100" },
    },
    payee: { npi: "1234567893", name: "Springfield Family Practice" },
    trace,
    paymentDate: "2026-03-05",
    method: "CHK",
    claims,
    providerAdjustments,
  });
}

const PAYER_SETS = {
  "999": { functionalId: "FA", guide: "005010X231A1" },
  "277": { functionalId: "HN", guide: "005010X214" },
  "835": { functionalId: "HP", guide: "005010X221A1" },
} as const;

/** A one-set interchange from the sandbox payer to the practice (ISA13 = GS06 = `isa`). */
export function payerInterchange(
  isa: number,
  kind: keyof typeof PAYER_SETS,
  body: readonly SegmentInput[],
): string {
  const { functionalId, guide } = PAYER_SETS[kind];
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
        functionalId,
        sender: PAYER.id,
        receiver: US.id,
        controlNumber: isa,
        version: guide,
        transactionSets: [{ id: kind, controlNumber: "0001", guide, body }],
      },
    ],
  });
}

/**
 * A 999 from the sandbox payer (ISA13 = `isa`) rejecting the transaction set that carries the
 * claim's current submission, with an IK3 at the claim's CLM (and `ik4` under it, if given).
 */
export async function claimSetRejection999(
  db: Queryable,
  claim: Pick<ClaimRecord, "id" | "currentSubmission">,
  isa: number,
  ik4?: readonly string[],
): Promise<string> {
  const { rows } = await db.query<{ gs: string; st: string; from: number }>(
    `select t.gs_control_number as gs, t.st_control_number as st, s.segment_from as "from"
     from submissions s join transaction_sets t on t.id = s.transaction_set_id
     where s.claim_id = $1 and s.seq = $2`,
    [claim.id, claim.currentSubmission],
  );
  const sent = rows[0]!;
  const seg = (id: string, ...elements: string[]): SegmentInput => ({ id, elements });
  return payerInterchange(isa, "999", [
    seg("AK1", "HC", sent.gs, "005010X222A1"),
    seg("AK2", "837", sent.st, "005010X222A1"),
    seg("IK3", "CLM", String(sent.from), "2300", "8"),
    ...(ik4 === undefined ? [] : [seg("IK4", ...ik4)]),
    seg("IK5", "R", "5"),
    seg("AK9", "R", "1", "1", "0"),
  ]);
}

/** An 835 interchange from the sandbox payer (ISA13 = `isa`) paying `claims` under `trace`. */
export function remittanceText(
  isa: number,
  trace: string,
  claims: ClaimPaymentInput[],
  providerAdjustments: ProviderAdjustmentInput[] = [],
): string {
  return payerInterchange(isa, "835", examplePayment835(trace, claims, providerAdjustments));
}

/** A 277CA interchange from the sandbox payer (ISA13 = `isa`) giving `claim` one status. */
export function claimStatusText(
  isa: number,
  claim: Pick<ClaimRecord, "patientControlNumber" | "totalChargeCents">,
  status: ClaimStatusCode,
): string {
  const body = build277ca({
    sender: { id: "SANDBOXPAYER", name: "Sandbox Payer" },
    receiver: { id: "ACMECLINIC", name: "Acme Clinic" },
    controlNumber: `A${isa}`,
    date: "2026-03-05",
    time: "1000",
    claims: [
      {
        patientControlNumber: claim.patientControlNumber,
        chargeCents: claim.totalChargeCents,
        serviceDateFrom: "2026-02-10",
        billingProvider: { npi: "1234567893", name: "Springfield Family Practice" },
        subscriber: { memberId: "XJD123456789", lastName: "DOE", firstName: "JANE" },
        status,
      },
    ],
  });
  return payerInterchange(isa, "277", body);
}

/** A CLP for `claim`, paid in full unless `over` says otherwise. */
export function claimPayment(
  claim: Pick<ClaimRecord, "patientControlNumber" | "totalChargeCents">,
  over: Partial<ClaimPaymentInput> = {},
): ClaimPaymentInput {
  return {
    patientControlNumber: claim.patientControlNumber,
    statusCode: "1",
    chargeCents: claim.totalChargeCents,
    paidCents: claim.totalChargeCents,
    patientResponsibilityCents: 0,
    payerClaimNumber: `PCN-${claim.patientControlNumber}`,
    filingIndicator: "CI",
    adjustments: [],
    lines: [],
    ...over,
  };
}
