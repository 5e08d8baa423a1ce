/**
 * Transmit one stored outbound interchange file to its partner's inbound directory.
 *
 * File states: built -> uploading -> uploaded -> sent. `uploading` is recorded before the
 * temporary file is written, `uploaded` once the final name holds the whole file, `sent`
 * once every claim the file carries has its `transmitted` event. A retry resumes from the
 * recorded state; from `uploading` it first asks the server what it holds (final file,
 * temporary file, nothing) and compares bytes, so a file is never renamed into place twice.
 * One transmission per file at a time, across processes (a store lock).
 */
import path from "node:path";
import type { TradingPartner } from "../config/partners.js";
import { canTransition } from "../domain/lifecycle.js";
import type { ClaimState } from "../domain/lifecycle.js";
import { ClaimgateError } from "../errors.js";
import { applyClaimEventsFromIn } from "../store/claim-moves.js";
import type { Database, Queryable } from "../store/database.js";
import { fileContent, getFile, setFileState } from "../store/files.js";
import type { FileRecord } from "../store/files.js";
import { temporaryName } from "../transport/sftp.js";
import type { PartnerSessions, SftpSession } from "../transport/sftp.js";
import { requirePartner, sessionKey } from "./sessions.js";
import type { PartnerLookup } from "./sessions.js";

export interface TransmitDeps {
  readonly db: Database;
  readonly sessions: PartnerSessions;
  readonly partners: PartnerLookup;
  readonly now: () => Date;
}

export interface TransmitRequest {
  readonly tenantId: string;
  readonly partnerId: string;
  readonly fileId: string;
}

/**
 * How the file reached the server on this run: uploaded now; found complete under its final
 * name (a crash after the rename); a complete temporary file renamed; uploaded again over a
 * partial or missing temporary file; or already recorded as uploaded before this run.
 */
export type UploadOutcome =
  "uploaded" | "found_on_server" | "finished_partial" | "uploaded_again" | "already_uploaded";

export interface TransmitResult {
  readonly fileId: string;
  /** True when the file was already sent: nothing was done. */
  readonly alreadySent: boolean;
  readonly upload: UploadOutcome | undefined;
  /** Claims moved to `transmitted` on this run. */
  readonly claimsTransmitted: readonly string[];
  /** Claims in the file whose state does not allow `transmitted` (left as they are). */
  readonly claimsSkipped: readonly { readonly claimId: string; readonly state: ClaimState }[];
}

/** Next expected event of a transmitted claim (the 999 / TA1), due per the partner. */
export const NEXT_EVENT_AFTER_TRANSMIT = "ack";

export async function transmitFile(
  deps: TransmitDeps,
  request: TransmitRequest,
): Promise<TransmitResult> {
  const lock = `transmit-file:${JSON.stringify([request.tenantId, request.fileId])}`;
  return deps.db.withLock(lock, () => transmitLocked(deps, request));
}

async function transmitLocked(deps: TransmitDeps, req: TransmitRequest): Promise<TransmitResult> {
  const file = await loadFile(deps.db, req);
  if (file.state === "sent") {
    return {
      fileId: file.id,
      alreadySent: true,
      upload: undefined,
      claimsTransmitted: [],
      claimsSkipped: [],
    };
  }
  const partner = await requirePartner(deps.partners, req.tenantId, req.partnerId);
  let upload: UploadOutcome = "already_uploaded";
  if (file.state === "built" || file.state === "uploading") {
    const content = await contentOf(deps.db, file);
    upload = await deps.sessions.withSession(sessionKey(req.tenantId, partner.id), (session) =>
      file.state === "built"
        ? firstUpload(deps, session, partner, file, content)
        : reconcile(session, partner, file, content),
    );
    await moveFile(deps, file, ["uploading"], "uploaded");
  } else if (file.state !== "uploaded") {
    throw notSendable(`state ${file.state}`);
  }
  const claims = await finishTransmission(deps, partner, file);
  return { fileId: file.id, alreadySent: false, upload, ...claims };
}

function notSendable(why: string): ClaimgateError {
  return new ClaimgateError("TRANSMIT_NOT_SENDABLE", `The file cannot be transmitted: ${why}.`);
}

async function loadFile(db: Database, req: TransmitRequest): Promise<FileRecord> {
  const file = await getFile(db, req.tenantId, req.fileId);
  if (file === undefined)
    throw new ClaimgateError("STORE_NOT_FOUND", "no such file for the tenant");
  if (file.direction !== "outbound") throw notSendable("it is an inbound file");
  if (file.partnerId !== req.partnerId) throw notSendable("it belongs to another partner");
  return file;
}

async function contentOf(db: Database, file: FileRecord): Promise<Buffer> {
  const bytes = await fileContent(db, file.tenantId, file.id);
  if (bytes === undefined) throw notSendable("its content is not archived");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Compare-and-set of the file's state; losing the race means someone else moved it. */
async function moveFile(
  deps: TransmitDeps,
  file: FileRecord,
  from: readonly string[],
  to: string,
): Promise<void> {
  if (!(await setFileState(deps.db, file.tenantId, file.id, from, to, deps.now()))) {
    throw new ClaimgateError("STORE_CONFLICT", `the file left state ${from.join("/")} meanwhile`, {
      transient: true,
    });
  }
}

/** Connected (so a refused host key leaves the file `built`): record, then upload. */
async function firstUpload(
  deps: TransmitDeps,
  session: SftpSession,
  partner: TradingPartner,
  file: FileRecord,
  content: Buffer,
): Promise<UploadOutcome> {
  await moveFile(deps, file, ["built"], "uploading");
  await session.uploadAtomically(partner.inboundDir, file.name, content);
  return "uploaded";
}

/**
 * After a crash in `uploading`: the final file with our bytes means the upload finished;
 * a temporary file with all our bytes is renamed; anything else is uploaded again. A final
 * file with other bytes is someone else's file: refuse (not transient) rather than guess.
 */
async function reconcile(
  session: SftpSession,
  partner: TradingPartner,
  file: FileRecord,
  content: Buffer,
): Promise<UploadOutcome> {
  const dir = partner.inboundDir;
  const held = await session.inspectUpload(dir, file.name);
  if (held.finalSize !== undefined) {
    const same =
      held.finalSize === content.length &&
      content.equals(await session.download(path.posix.join(dir, file.name)));
    if (same) return "found_on_server";
    throw new ClaimgateError(
      "SFTP_REMOTE_CONFLICT",
      `The partner's inbound directory holds another file under the name of file ${file.id}.`,
    );
  }
  if (
    held.tempSize === content.length &&
    content.equals(await session.download(path.posix.join(dir, temporaryName(file.name))))
  ) {
    await session.finishUpload(dir, file.name, content.length);
    return "finished_partial";
  }
  await session.uploadAtomically(dir, file.name, content);
  return "uploaded_again";
}

interface CarriedClaim {
  id: string;
  state: ClaimState;
  done: boolean;
}

/**
 * Claims the file's interchanges carry, locked (in id order, as `lockClaimStatesIn` does) and
 * read in one statement, and whether this file's event is already recorded for each.
 */
async function lockCarriedClaims(tx: Queryable, file: FileRecord): Promise<CarriedClaim[]> {
  const { rows } = await tx.query<CarriedClaim>(
    `select c.id, c.state,
       exists (select 1 from claim_events e
               where e.tenant_id = c.tenant_id and e.claim_id = c.id
                 and e.event = 'transmitted' and e.file_id = $2) as done
     from claims c
     where c.tenant_id = $1 and c.id in (
       select s.claim_id
       from interchanges i
       join transaction_sets t on t.interchange_id = i.id and t.tenant_id = i.tenant_id
       join submissions s on s.transaction_set_id = t.id and s.tenant_id = i.tenant_id
       where i.tenant_id = $1 and i.file_id = $2 and i.direction = 'outbound')
     order by c.id
     for update of c`,
    [file.tenantId, file.id],
  );
  return rows;
}

type ClaimOutcomes = Pick<TransmitResult, "claimsTransmitted" | "claimsSkipped">;

/**
 * One transaction: every carried claim gets `transmitted` (evidence: the file; next the ack,
 * due per the partner), the file and its interchange become `sent`. All or nothing, so a
 * crash here leaves the file `uploaded` and the retry does exactly this again.
 */
async function finishTransmission(
  deps: TransmitDeps,
  partner: TradingPartner,
  file: FileRecord,
): Promise<ClaimOutcomes> {
  const at = deps.now();
  const evidence = { at, cause: "transmit", fileId: file.id, details: { partnerId: partner.id } };
  const changes = {
    nextEvent: NEXT_EVENT_AFTER_TRANSMIT,
    dueAt: new Date(at.getTime() + partner.followUp.ackHours * 3_600_000),
  };
  return deps.db.transaction(async (tx) => {
    // Locked and read here: a claim that cannot take `transmitted` is skipped, the rest move
    // together (three statements for the whole file).
    const carried = (await lockCarriedClaims(tx, file)).filter((c) => !c.done);
    const states = new Map(carried.map((c) => [c.id, c.state]));
    const transmitted: string[] = [];
    const skipped: { claimId: string; state: ClaimState }[] = [];
    for (const { id, state } of carried) {
      if (canTransition(state, "transmitted")) transmitted.push(id);
      else skipped.push({ claimId: id, state });
    }
    await applyClaimEventsFromIn(
      tx,
      file.tenantId,
      transmitted.map((claimId) => ({ claimId, event: "transmitted", evidence, changes })),
      states,
    );
    if (!(await setFileState(tx, file.tenantId, file.id, ["uploaded"], "sent", at))) {
      throw new ClaimgateError("STORE_CONFLICT", "the file left state uploaded meanwhile", {
        transient: true,
      });
    }
    await tx.query(
      `update interchanges set state = 'sent'
       where tenant_id = $1 and file_id = $2 and direction = 'outbound' and state = 'built'`,
      [file.tenantId, file.id],
    );
    return { claimsTransmitted: transmitted, claimsSkipped: skipped };
  });
}
