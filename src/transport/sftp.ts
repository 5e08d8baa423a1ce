/**
 * SFTP to a trading partner (ssh2-sftp-client).
 *
 * Rules from ARCHITECTURE.md section 7: pin the host key and refuse any other; a new client
 * per connection; connect with backoff (the library no longer retries itself); every call
 * under an outer timeout; `put` rather than `fastPut`; upload to a temporary name, compare
 * its size, then rename to the final name, so the partner never picks up half a file.
 *
 * Recording what was sent belongs to the caller (the transmit worker and the store);
 * `inspectUpload` tells it what the server holds after a crash so it can finish the job
 * without sending a file twice.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import SftpClient from "ssh2-sftp-client";
import { ClaimgateError } from "../errors.js";

export interface SftpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKey?: string | Buffer;
  readonly password?: string;
  /** Pinned host key fingerprint as OpenSSH prints it: "SHA256:<base64, no padding>". */
  readonly hostKeyFingerprint: string;
}

export interface SftpTimeouts {
  readonly connectMs: number;
  readonly operationMs: number;
}

export const DEFAULT_TIMEOUTS: SftpTimeouts = { connectMs: 10_000, operationMs: 60_000 };

export interface RemoteFile {
  readonly name: string;
  readonly size: number;
  readonly modifiedAt: Date;
}

/** What the server holds of one upload: sizes of the final and the temporary file, if present. */
export interface UploadInspection {
  readonly finalSize: number | undefined;
  readonly tempSize: number | undefined;
}

export function fingerprintOf(hostKey: Buffer): string {
  return `SHA256:${createHash("sha256").update(hostKey).digest("base64").replace(/=+$/, "")}`;
}

/** The temporary name a file is uploaded under before its rename. Partners ignore *.part. */
export function temporaryName(fileName: string): string {
  return `${fileName}.part`;
}

/** Runs work under an outer time limit; a timeout is a transient fault. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ClaimgateError("SFTP_TIMEOUT", `SFTP ${what} did not finish in ${ms} ms.`, {
            transient: true,
          }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failed(what: string, cause: unknown): ClaimgateError {
  if (cause instanceof ClaimgateError) return cause;
  // The library's messages name paths and hosts, never file content; keep them as the cause.
  return new ClaimgateError("SFTP_FAILED", `SFTP ${what} failed.`, { cause, transient: true });
}

/** One open connection to a partner. Create with `SftpSession.open`; always `close()`. */
export class SftpSession {
  private constructor(
    private readonly client: SftpClient,
    private readonly timeouts: SftpTimeouts,
  ) {}

  static async open(
    endpoint: SftpEndpoint,
    timeouts: SftpTimeouts = DEFAULT_TIMEOUTS,
  ): Promise<SftpSession> {
    let hostKeyRefused = false;
    // Quiet callbacks: the library's defaults print to the console on every end/close.
    const client = new SftpClient("claimgate", {
      error: () => undefined,
      end: () => undefined,
      close: () => undefined,
    });
    try {
      await withTimeout(
        client.connect({
          host: endpoint.host,
          port: endpoint.port,
          username: endpoint.username,
          ...(endpoint.privateKey !== undefined ? { privateKey: endpoint.privateKey } : {}),
          ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
          readyTimeout: timeouts.connectMs,
          hostVerifier: (key: Buffer) => {
            const ok = fingerprintOf(key) === endpoint.hostKeyFingerprint;
            hostKeyRefused ||= !ok;
            return ok;
          },
        }),
        timeouts.connectMs + 1_000,
        "connect",
      );
    } catch (cause) {
      void client.end().catch(() => undefined);
      if (hostKeyRefused) {
        throw new ClaimgateError(
          "SFTP_HOST_KEY_MISMATCH",
          `Host key of ${endpoint.host}:${endpoint.port} does not match the pinned fingerprint.`,
          { cause, transient: false },
        );
      }
      throw failed("connect", cause);
    }
    return new SftpSession(client, timeouts);
  }

  private run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return withTimeout(work(), this.timeouts.operationMs, what).catch((e: unknown) => {
      throw failed(what, e);
    });
  }

  /**
   * Uploads content to `dir/fileName` atomically: put to the temporary name, check its size
   * on the server, rename. Never overwrites an existing final file (SFTP rename refuses).
   */
  async uploadAtomically(dir: string, fileName: string, content: Buffer): Promise<void> {
    const temp = path.posix.join(dir, temporaryName(fileName));
    await this.run("put", () => this.client.put(content, temp));
    await this.finishUpload(dir, fileName, content.length);
  }

  /** Second half of an upload: verify the temporary file's size and rename it into place. */
  async finishUpload(dir: string, fileName: string, expectedSize: number): Promise<void> {
    const temp = path.posix.join(dir, temporaryName(fileName));
    const { size } = await this.run("stat", () => this.client.stat(temp));
    if (size !== expectedSize) {
      await this.remove(temp);
      throw new ClaimgateError(
        "SFTP_FAILED",
        `Uploaded size ${size} differs from ${expectedSize} bytes; the partial upload was removed.`,
        { transient: true },
      );
    }
    await this.run("rename", () => this.client.rename(temp, path.posix.join(dir, fileName)));
  }

  /** What the server holds of an upload (for reconciling after a crash). */
  async inspectUpload(dir: string, fileName: string): Promise<UploadInspection> {
    return {
      finalSize: await this.sizeOf(path.posix.join(dir, fileName)),
      tempSize: await this.sizeOf(path.posix.join(dir, temporaryName(fileName))),
    };
  }

  async sizeOf(remotePath: string): Promise<number | undefined> {
    const kind = await this.run("exists", () => this.client.exists(remotePath));
    if (kind !== "-") return undefined;
    return (await this.run("stat", () => this.client.stat(remotePath))).size;
  }

  /** Regular files in a directory, temporary uploads (*.part) left out, oldest first. */
  async listFiles(dir: string): Promise<RemoteFile[]> {
    const entries = await this.run("list", () => this.client.list(dir));
    return entries
      .filter((e) => e.type === "-" && !e.name.endsWith(".part"))
      .map((e) => ({ name: e.name, size: e.size, modifiedAt: new Date(e.modifyTime) }))
      .sort(
        (a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || (a.name < b.name ? -1 : 1),
      );
  }

  async download(remotePath: string): Promise<Buffer> {
    const data = await this.run("get", () => this.client.get(remotePath));
    if (!Buffer.isBuffer(data)) throw failed("get", new Error("no buffer returned"));
    return data;
  }

  async remove(remotePath: string): Promise<void> {
    await this.run("delete", () => this.client.delete(remotePath, true));
  }

  /** Moves a file into another directory (e.g. the partner's archive) under the same name. */
  async moveTo(remotePath: string, dir: string): Promise<void> {
    const target = path.posix.join(dir, path.posix.basename(remotePath));
    await this.run("rename", () => this.client.rename(remotePath, target));
  }

  async close(): Promise<void> {
    await withTimeout(this.client.end(), this.timeouts.operationMs, "end").catch(() => undefined);
  }
}

export interface BackoffOptions {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_BACKOFF: BackoffOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 };

/**
 * Opens a session, retrying transient failures with exponential backoff (and jitter).
 * A host key mismatch is not transient: it is thrown at once.
 */
export async function connectWithBackoff(
  endpoint: SftpEndpoint,
  timeouts: SftpTimeouts = DEFAULT_TIMEOUTS,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<SftpSession> {
  const sleep = backoff.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let lastError: unknown;
  for (let attempt = 0; attempt < backoff.attempts; attempt++) {
    try {
      return await SftpSession.open(endpoint, timeouts);
    } catch (e) {
      if (e instanceof ClaimgateError && !e.transient) throw e;
      lastError = e;
      const delay = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** attempt);
      if (attempt + 1 < backoff.attempts) await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
  throw failed("connect", lastError);
}

/**
 * One connection per partner at a time within a process: work for the same partner waits
 * for the session before it. (Across processes the transmit queue's per-partner job ids and
 * the store's upload records keep work from overlapping.)
 */
export class PartnerSessions {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly open: (partnerId: string) => Promise<SftpSession>) {}

  async withSession<T>(partnerId: string, work: (s: SftpSession) => Promise<T>): Promise<T> {
    const previous = this.tails.get(partnerId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const session = await this.open(partnerId);
        try {
          return await work(session);
        } finally {
          await session.close();
        }
      });
    this.tails.set(partnerId, run);
    try {
      return await run;
    } finally {
      if (this.tails.get(partnerId) === run) this.tails.delete(partnerId);
    }
  }
}
