/**
 * Eligibility: a question from a practice-management system is stored with its send job in
 * one transaction (`requestEligibility`); a batch of questions (`requestEligibilityBatch`) is
 * stored in one transaction too, with one send job per trading partner. The job builds the
 * 270 with control numbers from the store (one file for the request, or for every pending
 * request of its batch and partner, one transaction set each), records it as an outbound
 * file with its interchange and sets, marks the requests sent and queues the transmit job,
 * again in one transaction (`sendEligibilityRequest`). The 271 comes back through ingest
 * (`ingest-eligibility.ts`); a TA1 or 999 rejecting the 270 fails its requests
 * (`ingest-acks.ts`), and so does the follow-up clock (`eligibility-followup.ts`).
 */
import type { TradingPartner } from "../config/partners.js";
import { renderFileName } from "../config/partners.js";
import type { SchemaProblem } from "../domain/encounter-schema.js";
import { eligibilityPatientKey, validateEligibilityRequest } from "../domain/eligibility.js";
import type { EligibilityRequest } from "../domain/eligibility.js";
import { ClaimgateError } from "../errors.js";
import { jobIds } from "../queue/queues.js";
import { allocateControlNumbers, formatIsaControlNumber } from "../store/control-numbers.js";
import type { Database, Queryable } from "../store/database.js";
import {
  getEligibilityRequest,
  insertEligibilityRequestIn,
  markEligibilitySent,
  pendingBatchMates,
} from "../store/eligibility.js";
import type { EligibilityRecord } from "../store/eligibility.js";
import { recordFileIn } from "../store/files.js";
import { addOutboxJobs } from "../store/outbox.js";
import type { OutboxJob } from "../store/outbox.js";
import { partnerForPayer } from "../store/partners.js";
import { build270Batch } from "../x12/transactions/270-build.js";
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

export interface EligibilityIntakeOptions {
  /**
   * Runs inside the transaction that stores the requests, with each one's result (the API
   * stores its idempotency key there, so a retry never stores a second request).
   */
  readonly within?: (tx: Queryable, results: readonly EligibilityIntakeResult[]) => Promise<void>;
}

/** At most this many requests in one 270 file (the batch API's own limit). */
export const MAX_REQUESTS_PER_270 = 1000;

type Routed =
  | { readonly refused: EligibilityIntakeResult }
  | { readonly request: EligibilityRequest; readonly partnerId: string };

async function route(deps: EligibilityIntakeDeps, tenantId: string, bodies: readonly unknown[]) {
  const partners = new Map<string, string | undefined>();
  const routed: Routed[] = [];
  for (const body of bodies) {
    const validation = validateEligibilityRequest(body);
    if (!validation.ok) {
      routed.push({ refused: { outcome: "invalid", problems: validation.problems } });
      continue;
    }
    const payerId = validation.request.payer.id;
    if (!partners.has(payerId)) {
      partners.set(payerId, (await partnerForPayer(deps.db, tenantId, payerId))?.id);
    }
    const partnerId = partners.get(payerId);
    routed.push(
      partnerId === undefined
        ? { refused: { outcome: "no_partner", payerId } }
        : { request: validation.request, partnerId },
    );
  }
  return routed;
}

/**
 * Stores questions in one transaction. As a batch (`batch: true`) they share a batch id and
 * get one send job per partner, so each partner's questions go out in one 270 file; else
 * each gets its own job (and file).
 */
async function intake(
  deps: EligibilityIntakeDeps,
  tenantId: string,
  bodies: readonly unknown[],
  batch: boolean,
  options: EligibilityIntakeOptions,
): Promise<EligibilityIntakeResult[]> {
  const routed = await route(deps, tenantId, bodies);
  const batchId = batch ? deps.newId() : undefined;
  return deps.db.transaction(async (tx) => {
    const results: EligibilityIntakeResult[] = [];
    const jobs: OutboxJob[] = [];
    const partnersWithJob = new Set<string>();
    for (const [position, item] of routed.entries()) {
      if ("refused" in item) {
        results.push(item.refused);
        continue;
      }
      const { request, partnerId } = item;
      const stored = await insertEligibilityRequestIn(
        tx,
        tenantId,
        {
          id: deps.newId(),
          partnerId,
          patientKey: eligibilityPatientKey(request),
          request,
          ...(batchId === undefined ? {} : { batch: { id: batchId, position } }),
        },
        deps.now(),
      );
      if (stored === undefined) {
        results.push({ outcome: "duplicate", traceId: request.traceId });
        continue;
      }
      results.push({ outcome: "received", request: stored });
      if (batchId !== undefined && partnersWithJob.has(partnerId)) continue;
      partnersWithJob.add(partnerId);
      const job = { tenantId, requestId: stored.id };
      jobs.push({ queue: "eligibility", jobId: jobIds.eligibility(job), payload: job });
    }
    await addOutboxJobs(tx, jobs);
    await options.within?.(tx, results);
    return results;
  });
}

export async function requestEligibility(
  deps: EligibilityIntakeDeps,
  tenantId: string,
  body: unknown,
  options: EligibilityIntakeOptions = {},
): Promise<EligibilityIntakeResult> {
  const [result] = await intake(deps, tenantId, [body], false, options);
  return result as EligibilityIntakeResult;
}

/** Questions sent together: each partner's in one 270 file, one transaction set each. */
export async function requestEligibilityBatch(
  deps: EligibilityIntakeDeps,
  tenantId: string,
  bodies: readonly unknown[],
  options: EligibilityIntakeOptions = {},
): Promise<EligibilityIntakeResult[]> {
  return intake(deps, tenantId, bodies, true, options);
}

export interface EligibilitySendDeps {
  readonly db: Database;
  readonly partners: PartnerLookup;
  readonly now: () => Date;
  readonly newId: () => string;
}

export type EligibilitySendResult =
  | {
      readonly outcome: "sent";
      readonly fileId: string;
      readonly isaControlNumber: string;
      /** The requests the file carries, in its set order. */
      readonly requestIds: readonly string[];
    }
  | { readonly outcome: "skipped"; readonly state: string };

const ccyymmdd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
const hhmm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");

/** TRN03 (10 characters): "9" and our ISA sender id, padded. */
export function originatorIdOf(partner: TradingPartner): string {
  const id = partner.isa.senderId.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  return `9${id}`.padEnd(10, "0").slice(0, 10);
}

/** The 270 file of these requests (one set each, BHT03 = request id), with its interchange and sets. */
async function store270(
  tx: Queryable,
  deps: EligibilitySendDeps,
  records: readonly EligibilityRecord[],
  partner: TradingPartner,
) {
  const now = deps.now();
  const { tenantId, partnerId } = records[0] as EligibilityRecord;
  const isa = (await allocateControlNumbers(tx, tenantId, partnerId, "isa")).first;
  const gs = (await allocateControlNumbers(tx, tenantId, partnerId, "gs")).first;
  // BHT03 is the request id: a 271 that echoes no trace is matched on it.
  const { text, sets } = build270Batch(
    records.map((r) => ({ request: r.request, reference: r.id })),
    {
      date: ccyymmdd(now),
      time: hhmm(now),
      originatorId: originatorIdOf(partner),
      interchangeSender: { qualifier: partner.isa.senderQualifier, id: partner.isa.senderId },
      interchangeReceiver: { qualifier: partner.isa.receiverQualifier, id: partner.isa.receiverId },
      groupSender: partner.gs.senderId,
      groupReceiver: partner.gs.receiverId,
      usage: partner.usage,
      controlNumbers: { isa, gs },
    },
  );
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
  const interchangeId = deps.newId();
  await tx.query(
    `insert into interchanges (id, tenant_id, partner_id, file_id, direction, isa_control_number, state, created_at)
     values ($1, $2, $3, $4, 'outbound', $5, 'built', $6)`,
    [interchangeId, tenantId, partnerId, file.id, isa13, now],
  );
  const setIds: string[] = [];
  for (const built of sets) {
    const setId = deps.newId();
    await tx.query(
      `insert into transaction_sets (id, tenant_id, interchange_id, gs_control_number, st_control_number)
       values ($1, $2, $3, $4, $5)`,
      [setId, tenantId, interchangeId, String(gs), built.set.controlNumber],
    );
    setIds.push(setId);
  }
  return { fileId: file.id, isa13, setIds };
}

/**
 * Builds, stores and queues the 270 of one pending request, with the other pending requests
 * of its batch for the same partner; a sent one is skipped.
 */
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
    const mates = await pendingBatchMates(tx, record, MAX_REQUESTS_PER_270 - 1);
    const records = [record, ...mates].sort(
      (a, b) => (a.batchPosition ?? 0) - (b.batchPosition ?? 0),
    );
    const { fileId, isa13, setIds } = await store270(tx, deps, records, partner);
    for (const [index, r] of records.entries()) {
      await markEligibilitySent(tx, req.tenantId, r.id, {
        fileId,
        reference: r.id,
        transactionSetId: setIds[index],
      });
    }
    const transmit = { tenantId: req.tenantId, partnerId: record.partnerId, fileId };
    await addOutboxJobs(tx, [
      { queue: "transmit", jobId: jobIds.transmit(transmit), payload: transmit },
    ]);
    return {
      outcome: "sent",
      fileId,
      isaControlNumber: isa13,
      requestIds: records.map((r) => r.id),
    };
  });
}
