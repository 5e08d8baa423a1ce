/**
 * Ingest: one stored inbound file read into the claim records, in one transaction with its
 * state change (received → ingested), so a retried job finds it done. A file that cannot be
 * read at all is marked failed with the error code (not retried: the bytes will not change);
 * the file stays archived for review. TA1 and 999 move interchanges and sets, 277CA moves
 * claims into or out of adjudication, 835 posts payments, 271 answers eligibility requests.
 * `deferred` counts transaction sets kept for a reader still to land (state
 * `awaiting_reader`); every kind read today has its reader, so it is 0.
 */
import { ClaimgateError } from "../errors.js";
import type { Database } from "../store/database.js";
import { fileContent, getFile, setFileState } from "../store/files.js";
import { readInterchanges } from "../x12/envelope.js";
import { readInboundInterchange } from "../x12/transactions/inbound.js";
import { applyAcknowledgments } from "./ingest-acks.js";
import type { AckTally } from "./ingest-acks.js";
import { applyClaimAcknowledgment } from "./ingest-claim-acks.js";
import type { StatusTally } from "./ingest-claim-acks.js";
import { applyEligibilityResponse } from "./ingest-eligibility.js";
import type { EligibilityTally } from "./ingest-eligibility.js";
import { applyRemittance } from "./ingest-remittance.js";
import type { RemitTally } from "./ingest-remittance.js";
import { requirePartner } from "./sessions.js";
import type { PartnerLookup } from "./sessions.js";

export interface IngestDeps {
  readonly db: Database;
  readonly partners: PartnerLookup;
  readonly now: () => Date;
  readonly newId: () => string;
}

export interface IngestRequest {
  readonly tenantId: string;
  readonly fileId: string;
}

export type IngestResult =
  | {
      readonly outcome: "ingested";
      readonly acks: AckTally;
      readonly statuses: StatusTally;
      readonly remittances: RemitTally;
      readonly eligibility: EligibilityTally;
      readonly deferred: number;
    }
  | { readonly outcome: "failed"; readonly errorCode: string }
  | { readonly outcome: "skipped"; readonly state: string };

export async function ingestFile(deps: IngestDeps, req: IngestRequest): Promise<IngestResult> {
  const file = await getFile(deps.db, req.tenantId, req.fileId);
  if (file === undefined) throw new ClaimgateError("STORE_NOT_FOUND", "no such inbound file");
  if (file.state !== "received") return { outcome: "skipped", state: file.state };
  const partner = await requirePartner(deps.partners, req.tenantId, file.partnerId);
  const content = await fileContent(deps.db, req.tenantId, req.fileId);
  const now = deps.now();
  let inbound;
  try {
    inbound = readInterchanges(content ?? new Uint8Array()).map(readInboundInterchange);
  } catch (error) {
    if (!(error instanceof ClaimgateError)) throw error;
    await setFileState(deps.db, req.tenantId, req.fileId, ["received"], "failed", now, error.code);
    return { outcome: "failed", errorCode: error.code };
  }
  const acks: AckTally = { accepted: 0, rejected: 0, unmatched: 0 };
  const statuses: StatusTally = { accepted: 0, rejected: 0, recorded: 0, unmatched: 0 };
  const remittances: RemitTally = {
    posted: 0,
    recorded: 0,
    unmatched: 0,
    duplicates: 0,
    unbalanced: 0,
  };
  const eligibility: EligibilityTally = { answered: 0, unmatched: 0 };
  const deferred = 0;
  return deps.db.transaction(async (tx) => {
    const ctx = { tx, tenantId: req.tenantId, partner, fileId: req.fileId, now };
    let setNumber = 0;
    for (const interchange of inbound) {
      await applyAcknowledgments(ctx, interchange, acks);
      for (const t of interchange.transactions) {
        const setCtx = { ...ctx, setNumber: ++setNumber };
        if (t.kind === "277CA") await applyClaimAcknowledgment(setCtx, t.acknowledgment, statuses);
        if (t.kind === "835") await applyRemittance(setCtx, t.remittance, deps.newId, remittances);
        if (t.kind === "271")
          await applyEligibilityResponse(setCtx, t.eligibility, deps.newId, eligibility);
      }
    }
    const state = deferred > 0 ? "awaiting_reader" : "ingested";
    const moved = await setFileState(tx, req.tenantId, req.fileId, ["received"], state, now);
    if (!moved)
      throw new ClaimgateError("STORE_CONFLICT", "the file was ingested meanwhile", {
        transient: true,
      });
    return { outcome: "ingested", acks, statuses, remittances, eligibility, deferred };
  });
}
