/**
 * Eligibility: a question from a practice-management system is stored with its send job in
 * one transaction (`requestEligibility`); the job builds the 270 with control numbers from
 * the store, records it as an outbound file with its interchange, marks the request sent and
 * queues the transmit job, again in one transaction (`sendEligibilityRequest`). The 271 comes
 * back through ingest (`ingest-eligibility.ts`).
 */
import type { TradingPartner } from "../config/partners.js";
import { renderFileName } from "../config/partners.js";
import type { SchemaProblem } from "../domain/encounter-schema.js";
import { eligibilityPatientKey, validateEligibilityRequest } from "../domain/eligibility.js";
import { ClaimgateError } from "../errors.js";
import { jobIds } from "../queue/queues.js";
import { allocateControlNumbers, formatIsaControlNumber } from "../store/control-numbers.js";
import type { Database, Queryable } from "../store/database.js";
import {
  getEligibilityRequest,
  insertEligibilityRequest,
  markEligibilitySent,
} from "../store/eligibility.js";
import type { EligibilityRecord } from "../store/eligibility.js";
import { recordFileIn } from "../store/files.js";
import { addOutboxJobs } from "../store/outbox.js";
import { partnerForPayer } from "../store/partners.js";
import { build270Interchange } from "../x12/transactions/270-build.js";
import { requirePartner } from "./sessions.js";
import type { PartnerLookup } from "./sessions.js";

export interface EligibilityIntakeDeps {
  readonly db: Database;
  readonly newId: () => string;
  readonly now: () => Date;
}

export type EligibilityIntakeResult =
  | { readonly outcome: "received"; readonly request: EligibilityRecord }
  | { readonly outcome: "invalid"; readonly problems: readonly SchemaProblem[] }
  | { readonly outcome: "no_partner"; readonly payerId: string }
  | { readonly outcome: "duplicate"; readonly traceId: string };

export async function requestEligibility(
  deps: EligibilityIntakeDeps,
  tenantId: string,
  body: unknown,
): Promise<EligibilityIntakeResult> {
  const validation = validateEligibilityRequest(body);
  if (!validation.ok) return { outcome: "invalid", problems: validation.problems };
  const request = validation.request;
  const partner = await partnerForPayer(deps.db, tenantId, request.payer.id);
  if (partner === undefined) return { outcome: "no_partner", payerId: request.payer.id };
  const id = deps.newId();
  const job = { tenantId, requestId: id };
  try {
    const stored = await insertEligibilityRequest(
      deps.db,
      tenantId,
      { id, partnerId: partner.id, patientKey: eligibilityPatientKey(request), request },
      deps.now(),
      [{ queue: "eligibility", jobId: jobIds.eligibility(job), payload: job }],
    );
    return { outcome: "received", request: stored };
  } catch (error) {
    if (error instanceof ClaimgateError && error.code === "STORE_CONFLICT") {
      return { outcome: "duplicate", traceId: request.traceId };
    }
    throw error;
  }
}

export interface EligibilitySendDeps {
  readonly db: Database;
  readonly partners: PartnerLookup;
  readonly now: () => Date;
  readonly newId: () => string;
}

export type EligibilitySendResult =
  | { readonly outcome: "sent"; readonly fileId: string; readonly isaControlNumber: string }
  | { readonly outcome: "skipped"; readonly state: string };

const ccyymmdd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
const hhmm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");

/** TRN03 (10 characters): "9" and our ISA sender id, padded. */
export function originatorIdOf(partner: TradingPartner): string {
  const id = partner.isa.senderId.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  return `9${id}`.padEnd(10, "0").slice(0, 10);
}

async function store270(
  tx: Queryable,
  deps: EligibilitySendDeps,
  record: EligibilityRecord,
  partner: TradingPartner,
) {
  const now = deps.now();
  const { tenantId, partnerId } = record;
  const isa = (await allocateControlNumbers(tx, tenantId, partnerId, "isa")).first;
  const gs = (await allocateControlNumbers(tx, tenantId, partnerId, "gs")).first;
  // BHT03 is the request id: a 271 that echoes no trace is matched on it.
  const { text } = build270Interchange([record.request], {
    reference: record.id,
    date: ccyymmdd(now),
    time: hhmm(now),
    originatorId: originatorIdOf(partner),
    interchangeSender: { qualifier: partner.isa.senderQualifier, id: partner.isa.senderId },
    interchangeReceiver: { qualifier: partner.isa.receiverQualifier, id: partner.isa.receiverId },
    groupSender: partner.gs.senderId,
    groupReceiver: partner.gs.receiverId,
    usage: partner.usage,
    controlNumbers: { isa, gs, st: 1 },
  });
  const isa13 = formatIsaControlNumber(isa);
  const name = renderFileName(partner.fileNamePattern, {
    kind: "270",
    isa13,
    partner: partnerId,
    date: ccyymmdd(now),
    time: hhmm(now),
  });
  const { file } = await recordFileIn(
    tx,
    tenantId,
    {
      id: deps.newId(),
      partnerId,
      direction: "outbound",
      kind: "270",
      name,
      state: "built",
      content: Buffer.from(text, "utf8"),
    },
    now,
  );
  await tx.query(
    `insert into interchanges (id, tenant_id, partner_id, file_id, direction, isa_control_number, state, created_at)
     values ($1, $2, $3, $4, 'outbound', $5, 'built', $6)`,
    [deps.newId(), tenantId, partnerId, file.id, isa13, now],
  );
  return { fileId: file.id, isa13 };
}

/** Builds, stores and queues the 270 of one pending request; a sent one is skipped. */
export async function sendEligibilityRequest(
  deps: EligibilitySendDeps,
  req: { tenantId: string; requestId: string },
): Promise<EligibilitySendResult> {
  const found = await getEligibilityRequest(deps.db, req.tenantId, req.requestId);
  if (found === undefined) {
    throw new ClaimgateError("STORE_NOT_FOUND", "no such eligibility request");
  }
  if (found.state !== "pending") return { outcome: "skipped", state: found.state };
  // Looked up before the transaction: the lookup may use its own connection.
  const partner = await requirePartner(deps.partners, req.tenantId, found.partnerId);
  return deps.db.transaction(async (tx) => {
    // Locked and read again: a concurrent job may have sent it meanwhile.
    const record = await getEligibilityRequest(tx, req.tenantId, req.requestId, true);
    if (record === undefined || record.state !== "pending") {
      return { outcome: "skipped", state: record?.state ?? "missing" };
    }
    const { fileId, isa13 } = await store270(tx, deps, record, partner);
    await markEligibilitySent(tx, req.tenantId, record.id, { fileId, reference: record.id });
    const transmit = { tenantId: req.tenantId, partnerId: record.partnerId, fileId };
    await addOutboxJobs(tx, [
      { queue: "transmit", jobId: jobIds.transmit(transmit), payload: transmit },
    ]);
    return { outcome: "sent", fileId, isaControlNumber: isa13 };
  });
}
