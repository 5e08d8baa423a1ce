/**
 * Batch: the ready claims routed to one partner become 837 interchanges (one per claim type),
 * each with ISA/GS control numbers allocated in the store, stored as an outbound file with its
 * interchange, transaction-set and submission rows, every claim moved to `batched`, and the
 * transmit job in the outbox, all in ONE transaction: a crash anywhere leaves nothing half done
 * and no control number used.
 */
import type { TradingPartner } from "../config/partners.js";
import { renderFileName } from "../config/partners.js";
import type { CodedEncounter } from "../domain/encounter.js";
import { jobIds } from "../queue/queues.js";
import { applyClaimEventsFromIn } from "../store/claim-moves.js";
import type { ClaimMove } from "../store/claim-moves.js";
import { allocateControlNumbers, formatIsaControlNumber } from "../store/control-numbers.js";
import type { Database, Queryable } from "../store/database.js";
import { recordFileIn } from "../store/files.js";
import { arrayLiteral } from "../store/sql-arrays.js";
import type { ArrayCell } from "../store/sql-arrays.js";
import { batch837 } from "../x12/transactions/837-batch.js";
import type { Batch837 } from "../x12/transactions/837-batch.js";
import type { Kind837 } from "../x12/transactions/837-common.js";
import { requirePartner } from "./sessions.js";
import type { PartnerLookup } from "./sessions.js";

export interface BatchDeps {
  readonly db: Database;
  readonly partners: PartnerLookup;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Name and id of the submitter (1000A); the tenant's name and ISA sender id by default. */
  readonly submitterName?: string;
}

export interface BatchRequest {
  readonly tenantId: string;
  readonly partnerId: string;
}

export interface BatchedFile {
  readonly fileId: string;
  readonly name: string;
  readonly kind: Kind837;
  readonly isaControlNumber: string;
  readonly claims: number;
}

/** Most claims one batch run takes; the rest waits for the next run (enqueued at once). */
export const MAX_CLAIMS_PER_RUN = 5000;

interface ReadyClaim {
  id: string;
  current_submission: number;
  encounter: CodedEncounter;
}

async function readyClaims(tx: Queryable, req: BatchRequest): Promise<ReadyClaim[]> {
  const { rows } = await tx.query<ReadyClaim>(
    `select c.id, c.current_submission, coalesce(e.encounter, c.encounter::json) as encounter
     from claims c
     left join claim_encounters e on e.claim_id = c.id and e.tenant_id = c.tenant_id
     where c.tenant_id = $1 and c.partner_id = $2 and c.work_state = 'ready'
     order by c.created_at, c.id limit $3 for update of c`,
    [req.tenantId, req.partnerId, MAX_CLAIMS_PER_RUN],
  );
  return rows;
}

const ccyymmdd = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "");
const hhmm = (d: Date) => d.toISOString().slice(11, 16).replace(":", "");

function buildFor(
  kind: Kind837,
  claims: readonly ReadyClaim[],
  partner: TradingPartner,
  numbers: { isa: number; gs: number },
  now: Date,
  submitterName: string,
): Batch837 {
  return batch837(
    claims.map((c) => ({ encounter: c.encounter, submissionId: submissionId(c) })),
    {
      kind,
      interchangeSender: { qualifier: partner.isa.senderQualifier, id: partner.isa.senderId },
      interchangeReceiver: { qualifier: partner.isa.receiverQualifier, id: partner.isa.receiverId },
      groupSender: partner.gs.senderId,
      groupReceiver: partner.gs.receiverId,
      submitter: {
        name: submitterName,
        id: partner.isa.senderId,
        contactName: "CLAIMS",
        email: "claims@example.invalid",
      },
      receiver: { name: partner.name, id: partner.isa.receiverId },
      usage: partner.usage,
      controlNumbers: { isa: numbers.isa, gs: numbers.gs, firstSt: 1 },
      maxClaimsPerSt: partner.batch.maxClaimsPerSt,
      date: ccyymmdd(now),
      time: hhmm(now),
    },
  );
}

/** Our unique id of one submission of a claim: it goes in 2300 REF*D9 and comes back in the 277CA. */
export function submissionId(claim: { id: string; current_submission: number }): string {
  return `${claim.id}.${claim.current_submission + 1}`;
}

async function storeInterchange(
  tx: Queryable,
  deps: BatchDeps,
  req: BatchRequest,
  kind: Kind837,
  claims: readonly ReadyClaim[],
  partner: TradingPartner,
): Promise<BatchedFile> {
  const now = deps.now();
  const isa = (await allocateControlNumbers(tx, req.tenantId, req.partnerId, "isa")).first;
  const gs = (await allocateControlNumbers(tx, req.tenantId, req.partnerId, "gs")).first;
  const built = buildFor(
    kind,
    claims,
    partner,
    { isa, gs },
    now,
    deps.submitterName ?? req.tenantId,
  );
  const isa13 = formatIsaControlNumber(isa);
  const name = renderFileName(partner.fileNamePattern, {
    kind,
    isa13,
    partner: partner.id,
    date: ccyymmdd(now),
    time: hhmm(now),
  });
  const { file } = await recordFileIn(
    tx,
    req.tenantId,
    {
      id: deps.newId(),
      partnerId: req.partnerId,
      direction: "outbound",
      kind,
      name,
      state: "built",
      content: Buffer.from(built.text, "utf8"),
    },
    now,
  );
  const interchangeId = deps.newId();
  await tx.query(
    `insert into interchanges (id, tenant_id, partner_id, file_id, direction, isa_control_number, state, created_at)
     values ($1, $2, $3, $4, 'outbound', $5, 'built', $6)`,
    [interchangeId, req.tenantId, req.partnerId, file.id, isa13, now],
  );
  const byId = new Map(claims.map((c) => [submissionId(c), c]));
  const sets = built.transactionSets.map((set) => ({ id: deps.newId(), set }));
  await tx.query(
    `insert into transaction_sets (id, tenant_id, interchange_id, gs_control_number, st_control_number)
     select s.id, $1, $2, $3, s.st from rows from (unnest($4::text[]), unnest($5::text[])) as s(id, st)`,
    [
      req.tenantId,
      interchangeId,
      String(gs),
      arrayLiteral(sets.map(({ id }) => id)),
      arrayLiteral(sets.map(({ set }) => set.controlNumber)),
    ],
  );
  const moves: ClaimMove[] = [];
  // The submissions, one typed array a column: claim, seq, frequency, trace, set, from, to.
  const submissions: ArrayCell[][] = [[], [], [], [], [], [], []];
  for (const { id: setId, set } of sets) {
    for (const range of set.claims) {
      const claim = byId.get(range.submissionId) as ReadyClaim;
      const seq = claim.current_submission + 1;
      moves.push({
        claimId: claim.id,
        event: "batched",
        evidence: { at: now, cause: "batch", fileId: file.id, segmentPosition: range.segmentFrom },
        changes: { currentSubmission: seq, nextEvent: "transmission", dueAt: null },
      });
      submissions[0]!.push(claim.id);
      submissions[1]!.push(seq);
      submissions[2]!.push(claim.encounter.frequencyCode.slice(-1));
      submissions[3]!.push(range.submissionId);
      submissions[4]!.push(setId);
      submissions[5]!.push(range.segmentFrom);
      submissions[6]!.push(range.segmentTo);
    }
  }
  await tx.query(
    `insert into submissions (tenant_id, claim_id, seq, frequency_code, trace_id, transaction_set_id,
       segment_from, segment_to, created_at)
     select $1, s.claim_id, s.seq, s.frequency_code, s.trace_id, s.transaction_set_id, s.segment_from,
       s.segment_to, $2
     from rows from (unnest($3::text[]), unnest($4::integer[]), unnest($5::text[]),
       unnest($6::text[]), unnest($7::text[]), unnest($8::integer[]), unnest($9::integer[]))
       as s(claim_id, seq, frequency_code, trace_id, transaction_set_id, segment_from, segment_to)`,
    [req.tenantId, now, ...submissions.map(arrayLiteral)],
  );
  // Every claim of the interchange moves in two statements, not three a claim (readyClaims
  // locked them, all ready); its sets and submissions are one statement each as well.
  const locked = new Map(claims.map((c) => [c.id, "ready" as const]));
  await applyClaimEventsFromIn(tx, req.tenantId, moves, locked);
  const transmit = { tenantId: req.tenantId, partnerId: req.partnerId, fileId: file.id };
  await tx.query("insert into outbox (queue, job_id, payload) values ($1, $2, $3)", [
    "transmit",
    jobIds.transmit(transmit),
    JSON.stringify(transmit),
  ]);
  return { fileId: file.id, name, kind, isaControlNumber: isa13, claims: claims.length };
}

export async function batchPartner(deps: BatchDeps, req: BatchRequest): Promise<BatchedFile[]> {
  const partner = await requirePartner(deps.partners, req.tenantId, req.partnerId);
  return deps.db.withLock(`batch:${JSON.stringify([req.tenantId, req.partnerId])}`, () =>
    deps.db.transaction(async (tx) => {
      const claims = await readyClaims(tx, req);
      const files: BatchedFile[] = [];
      for (const kind of ["837p", "837i"] as const) {
        const wanted = kind === "837p" ? "professional" : "institutional";
        const ofKind = claims.filter((c) => c.encounter.kind === wanted);
        if (ofKind.length > 0)
          files.push(await storeInterchange(tx, deps, req, kind, ofKind, partner));
      }
      if (claims.length === MAX_CLAIMS_PER_RUN) {
        const payload = { tenantId: req.tenantId, partnerId: req.partnerId };
        await tx.query("insert into outbox (queue, job_id, payload) values ($1, $2, $3)", [
          "batch",
          `batch-${req.partnerId}-more-${files[0]?.isaControlNumber ?? "0"}`,
          JSON.stringify(payload),
        ]);
      }
      return files;
    }),
  );
}
