/**
 * Poll one partner's outbound directory into the store.
 *
 * For each file, oldest first: download; record it (raw content archived by hash, kind
 * sniffed from its first segments) together with its ingest job in the outbox, in one
 * transaction; only then move it to the partner's archive directory on the server, or remove
 * it. A file whose content was seen before (same hash, any name) is not queued again but is
 * still moved or removed. A file that fails to download or to store stays on the server for
 * the next poll; a lost connection fails the poll (transient) after the files done so far.
 * One poll per partner at a time, across processes (a store lock).
 */
import path from "node:path";
import type { TradingPartner } from "../config/partners.js";
import { ClaimgateError } from "../errors.js";
import { jobIds } from "../queue/queues.js";
import type { Database } from "../store/database.js";
import { recordFileWithJobs } from "../store/file-jobs.js";
import type { OutboxJob } from "../store/outbox.js";
import type { PartnerSessions, RemoteFile, SftpSession } from "../transport/sftp.js";
import { requirePartner, sessionKey } from "./sessions.js";
import type { PartnerLookup } from "./sessions.js";
import { sniffKind } from "./sniff.js";

export interface PollDeps {
  readonly db: Database;
  readonly sessions: PartnerSessions;
  readonly partners: PartnerLookup;
  readonly now: () => Date;
  /** Id generator for new file records. */
  readonly newId: () => string;
}

export interface PollRequest {
  readonly tenantId: string;
  readonly partnerId: string;
}

export interface PolledFile {
  /** The remote name. */
  readonly name: string;
  readonly fileId: string;
  readonly kind: string;
  /** Seen before (same content): not queued again. */
  readonly duplicate: boolean;
  /** The ingest job of a new file, already written to the outbox with the file. */
  readonly job: OutboxJob | undefined;
  /** What happened to the remote file; "kept" when moving or removing it failed. */
  readonly remote: "archived" | "removed" | "kept";
}

/** A remote file left on the server, the step that failed, and the error code. */
export interface PollProblem {
  readonly name: string;
  readonly step: "download" | "store";
  readonly code: string;
}

export interface PollResult {
  readonly files: readonly PolledFile[];
  readonly problems: readonly PollProblem[];
}

/** The ingest job of an inbound file, as written to the outbox. */
export function ingestJob(tenantId: string, fileId: string): OutboxJob {
  const payload = { tenantId, fileId };
  return { queue: "ingest", jobId: jobIds.ingest(payload), payload };
}

export async function pollPartner(deps: PollDeps, request: PollRequest): Promise<PollResult> {
  const partner = await requirePartner(deps.partners, request.tenantId, request.partnerId);
  const lock = `poll-partner:${JSON.stringify([partner.tenantId, partner.id])}`;
  return deps.db.withLock(lock, () =>
    deps.sessions.withSession(sessionKey(partner.tenantId, partner.id), (session) =>
      pollWith(deps, session, partner),
    ),
  );
}

async function pollWith(
  deps: PollDeps,
  session: SftpSession,
  partner: TradingPartner,
): Promise<PollResult> {
  const files: PolledFile[] = [];
  const problems: PollProblem[] = [];
  // Oldest first, so acknowledgments are ingested in the order the partner wrote them (a 999
  // before the 277CA before the 835 of the same claims, when the server keeps times apart).
  const remotes = [...(await session.listFiles(partner.outboundDir))].sort(
    (a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || a.name.localeCompare(b.name),
  );
  for (const remote of remotes) {
    const outcome = await pollOne(deps, session, partner, remote);
    if ("step" in outcome) problems.push(outcome);
    else files.push(outcome);
  }
  return { files, problems };
}

const codeOf = (e: unknown): string => (e instanceof ClaimgateError ? e.code : "UNEXPECTED");

/**
 * After a failed download: if the connection itself is gone, rethrow the failure (transient:
 * the queue retries the poll later) rather than wait out a time limit on every file left;
 * if the server still answers, the fault is this file's and the poll goes on.
 */
async function stillConnected(session: SftpSession, partner: TradingPartner, failure: unknown) {
  try {
    await session.sizeOf(partner.outboundDir);
  } catch {
    throw failure;
  }
}

async function pollOne(
  deps: PollDeps,
  session: SftpSession,
  partner: TradingPartner,
  remote: RemoteFile,
): Promise<PolledFile | PollProblem> {
  const remotePath = path.posix.join(partner.outboundDir, remote.name);
  let content: Buffer;
  try {
    content = await session.download(remotePath);
  } catch (e) {
    await stillConnected(session, partner, e);
    return { name: remote.name, step: "download", code: codeOf(e) };
  }
  const fileId = deps.newId();
  const job = ingestJob(partner.tenantId, fileId);
  let stored: Awaited<ReturnType<typeof recordFileWithJobs>>;
  try {
    stored = await recordFileWithJobs(
      deps.db,
      partner.tenantId,
      {
        id: fileId,
        partnerId: partner.id,
        direction: "inbound",
        kind: sniffKind(content),
        name: remote.name,
        state: "received",
        content,
      },
      deps.now(),
      [job],
    );
  } catch (e) {
    return { name: remote.name, step: "store", code: codeOf(e) };
  }
  const polled = {
    name: remote.name,
    fileId: stored.file.id,
    kind: stored.file.kind,
    duplicate: stored.duplicate,
    job: stored.duplicate ? undefined : job,
  };
  return { ...polled, remote: await clearRemote(session, partner, remotePath, stored.duplicate) };
}

/**
 * Moves the stored file to the archive directory, or removes it. A file already stored on an
 * earlier poll that still cannot be moved (the archive holds that name) is removed: its
 * content is in the store, and leaving it would bring it back on every poll.
 */
async function clearRemote(
  session: SftpSession,
  partner: TradingPartner,
  remotePath: string,
  storedBefore: boolean,
): Promise<PolledFile["remote"]> {
  try {
    if (partner.archiveDir === undefined) {
      await session.remove(remotePath);
      return "removed";
    }
    try {
      await session.moveTo(remotePath, partner.archiveDir);
      return "archived";
    } catch (e) {
      if (!storedBefore) throw e;
      await session.remove(remotePath);
      return "removed";
    }
  } catch {
    // Stored already: the next poll finds it again, sees a duplicate and clears it then.
    return "kept";
  }
}
