/**
 * The sandbox payer's SFTP endpoint: an in-process SSH server (the `ssh2` package's server)
 * that serves one directory over SFTP, so the demo and tests need no system sshd.
 *
 * It implements the SFTP requests a trading-partner exchange uses: open/read/write/close,
 * stat, directory listing, rename, remove, mkdir, realpath. Paths are confined to the root
 * directory; anything that would resolve outside it is refused.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { promises as fs } from "node:fs";
import type { Stats } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import ssh2 from "ssh2";
import type { Attributes, Connection, FileEntry, SFTPWrapper } from "ssh2";

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface SandboxUser {
  readonly username: string;
  /** OpenSSH-format public key allowed for this user. */
  readonly publicKey?: string;
  readonly password?: string;
}

export interface SandboxSftpOptions {
  /** The directory served as "/". */
  readonly rootDir: string;
  /** OpenSSH-format private host key (see generateHostKey). */
  readonly hostKey: string;
  readonly users: readonly SandboxUser[];
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface KeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** A fresh ed25519 key pair in OpenSSH format (host key or client key). */
export function generateKeyPair(): KeyPair {
  // ssh2's keygen strips leading zero bytes of an ed25519 public key, so about 1 pair in 256
  // (a public key starting with 0x00) is one its own parseKey refuses ("Malformed OpenSSH
  // ... key"; mscdex/ssh2#1390, #1513; 14 of 3,000 here). Such a pair is drawn again.
  for (let attempt = 0; ; attempt++) {
    const { private: privateKey, public: publicKey } = utils.generateKeyPairSync("ed25519");
    const usable = !(
      utils.parseKey(privateKey) instanceof Error || utils.parseKey(publicKey) instanceof Error
    );
    if (usable) return { privateKey, publicKey };
    if (attempt >= 16) throw new Error("ssh2 made no usable ed25519 key pair in 17 attempts");
  }
}

/** The OpenSSH fingerprint ("SHA256:<base64 without padding>") of a public key blob. */
export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The OpenSSH fingerprint of a key given in OpenSSH format (private or public). */
export function fingerprintOfKey(key: string): string {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  const k = Array.isArray(parsed) ? (parsed[0] as ssh2.ParsedKey) : parsed;
  return fingerprintOfBlob(k.getPublicSSH());
}

type Handle =
  | { readonly kind: "file"; readonly file: fs.FileHandle }
  | { readonly kind: "dir"; readonly dir: string; done: boolean };

export class SandboxSftpServer {
  private readonly server: ssh2.Server;
  private readonly connections = new Set<Connection>();
  private address: { host: string; port: number } | undefined;

  constructor(private readonly options: SandboxSftpOptions) {
    this.server = new Server({ hostKeys: [options.hostKey] }, (client) => this.onClient(client));
  }

  get hostKeyFingerprint(): string {
    return fingerprintOfKey(this.options.hostKey);
  }

  async listen(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const port = (this.server.address() as AddressInfo).port;
    this.address = { host, port };
    return this.address;
  }

  get listening(): { host: string; port: number } | undefined {
    return this.address;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.end();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.address = undefined;
  }

  private onClient(client: Connection): void {
    this.connections.add(client);
    client.on("close", () => this.connections.delete(client));
    client.on("error", () => client.end());
    client.on("authentication", (ctx) => {
      const user = this.options.users.find((u) => u.username === ctx.username);
      if (user && ctx.method === "password" && user.password !== undefined) {
        return equalSecret(ctx.password, user.password) ? ctx.accept() : ctx.reject();
      }
      if (user?.publicKey && ctx.method === "publickey") {
        const allowed = utils.parseKey(user.publicKey);
        if (allowed instanceof Error || Array.isArray(allowed)) return ctx.reject();
        const sameKey =
          ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH());
        if (!sameKey) return ctx.reject();
        // Without a signature the client only asks whether the key would do.
        if (!ctx.signature || !ctx.blob) return ctx.accept();
        return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true
          ? ctx.accept()
          : ctx.reject();
      }
      ctx.reject(["publickey", "password"]);
    });
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("sftp", (acceptSftp) => this.serve(acceptSftp()));
      });
    });
  }

  /** Maps a client path ("/inbound/x.837", "inbound/x.837") into the root, refusing escapes. */
  private local(virtualPath: string): string {
    const normalized = path.posix.normalize(`/${virtualPath}`);
    const resolved = path.join(this.options.rootDir, normalized);
    const root = path.resolve(this.options.rootDir);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) {
      throw Object.assign(new Error("outside root"), { code: "EACCES" });
    }
    return resolved;
  }

  private serve(sftp: SFTPWrapper): void {
    const handles = new Map<number, Handle>();
    let nextHandle = 1;
    const register = (h: Handle): Buffer => {
      const id = nextHandle++;
      handles.set(id, h);
      const buf = Buffer.alloc(4);
      buf.writeUInt32BE(id);
      return buf;
    };
    const lookup = (buf: Buffer): [number, Handle | undefined] => {
      const id = buf.length === 4 ? buf.readUInt32BE(0) : -1;
      return [id, handles.get(id)];
    };
    const reply = (reqid: number, work: () => Promise<void>): void => {
      work().catch((e: unknown) => sftp.status(reqid, statusOf(e)));
    };

    sftp.on("OPEN", (reqid, filename, flags) =>
      reply(reqid, async () => {
        const file = await fs.open(this.local(filename), openFlags(flags));
        sftp.handle(reqid, register({ kind: "file", file }));
      }),
    );
    sftp.on("READ", (reqid, handle, offset, length) =>
      reply(reqid, async () => {
        const [, h] = lookup(handle);
        if (h?.kind !== "file") return void sftp.status(reqid, STATUS_CODE.FAILURE);
        const buf = Buffer.alloc(length);
        const { bytesRead } = await h.file.read(buf, 0, length, offset);
        if (bytesRead === 0) return void sftp.status(reqid, STATUS_CODE.EOF);
        sftp.data(reqid, buf.subarray(0, bytesRead));
      }),
    );
    sftp.on("WRITE", (reqid, handle, offset, data) =>
      reply(reqid, async () => {
        const [, h] = lookup(handle);
        if (h?.kind !== "file") return void sftp.status(reqid, STATUS_CODE.FAILURE);
        await h.file.write(data, 0, data.length, offset);
        sftp.status(reqid, STATUS_CODE.OK);
      }),
    );
    sftp.on("CLOSE", (reqid, handle) =>
      reply(reqid, async () => {
        const [id, h] = lookup(handle);
        if (!h) return void sftp.status(reqid, STATUS_CODE.FAILURE);
        handles.delete(id);
        if (h.kind === "file") await h.file.close();
        sftp.status(reqid, STATUS_CODE.OK);
      }),
    );
    const statRequest = (reqid: number, p: string) =>
      reply(reqid, async () => sftp.attrs(reqid, attributes(await fs.stat(this.local(p)))));
    sftp.on("STAT", statRequest);
    sftp.on("LSTAT", statRequest);
    sftp.on("FSTAT", (reqid, handle) =>
      reply(reqid, async () => {
        const [, h] = lookup(handle);
        if (h?.kind !== "file") return void sftp.status(reqid, STATUS_CODE.FAILURE);
        sftp.attrs(reqid, attributes(await h.file.stat()));
      }),
    );
    sftp.on("SETSTAT", (reqid) => sftp.status(reqid, STATUS_CODE.OK));
    sftp.on("FSETSTAT", (reqid) => sftp.status(reqid, STATUS_CODE.OK));
    sftp.on("OPENDIR", (reqid, p) =>
      reply(reqid, async () => {
        const dir = this.local(p);
        if (!(await fs.stat(dir)).isDirectory())
          throw Object.assign(new Error(), { code: "ENOTDIR" });
        sftp.handle(reqid, register({ kind: "dir", dir, done: false }));
      }),
    );
    sftp.on("READDIR", (reqid, handle) =>
      reply(reqid, async () => {
        const [, h] = lookup(handle);
        if (h?.kind !== "dir") return void sftp.status(reqid, STATUS_CODE.FAILURE);
        if (h.done) return void sftp.status(reqid, STATUS_CODE.EOF);
        h.done = true;
        sftp.name(reqid, await listing(h.dir));
      }),
    );
    sftp.on("REALPATH", (reqid, p) =>
      reply(reqid, async () => {
        const virtual = path.posix.normalize(`/${p}`);
        this.local(virtual);
        sftp.name(reqid, [{ filename: virtual, longname: virtual, attrs: {} as Attributes }]);
        return Promise.resolve();
      }),
    );
    sftp.on("RENAME", (reqid, from, to) =>
      reply(reqid, async () => {
        const target = this.local(to);
        // SFTP v3 rename must not overwrite (the OpenSSH server behaves the same way).
        if (await exists(target)) return void sftp.status(reqid, STATUS_CODE.FAILURE);
        await fs.rename(this.local(from), target);
        sftp.status(reqid, STATUS_CODE.OK);
      }),
    );
    sftp.on("REMOVE", (reqid, p) =>
      reply(reqid, async () => {
        await fs.unlink(this.local(p));
        sftp.status(reqid, STATUS_CODE.OK);
      }),
    );
    sftp.on("MKDIR", (reqid, p) =>
      reply(reqid, async () => {
        await fs.mkdir(this.local(p));
        sftp.status(reqid, STATUS_CODE.OK);
      }),
    );
    sftp.on("RMDIR", (reqid, p) =>
      reply(reqid, async () => {
        await fs.rmdir(this.local(p));
        sftp.status(reqid, STATUS_CODE.OK);
      }),
    );
    sftp.on("close", () => {
      for (const h of handles.values()) if (h.kind === "file") void h.file.close();
      handles.clear();
    });
  }
}

function equalSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function openFlags(flags: number): string {
  const read = (flags & OPEN_MODE.READ) !== 0;
  const write = (flags & OPEN_MODE.WRITE) !== 0;
  if (!write) return "r";
  const mode = (flags & OPEN_MODE.APPEND) !== 0 ? "a" : "w";
  if ((flags & OPEN_MODE.TRUNC) !== 0 || (flags & OPEN_MODE.CREAT) !== 0) {
    const excl = (flags & OPEN_MODE.EXCL) !== 0 ? "x" : "";
    return `${mode}${excl}${read ? "+" : ""}`;
  }
  return "r+";
}

function statusOf(e: unknown): number {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT" || code === "ENOTDIR") return STATUS_CODE.NO_SUCH_FILE;
  if (code === "EACCES" || code === "EPERM") return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

function attributes(s: Stats): Attributes {
  return {
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    atime: Math.floor(s.atimeMs / 1000),
    mtime: Math.floor(s.mtimeMs / 1000),
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Directory entries with an `ls -l` style longname (clients read the type from its first letter). */
async function listing(dir: string): Promise<FileEntry[]> {
  const names = await fs.readdir(dir);
  const entries: FileEntry[] = [];
  for (const filename of names) {
    const s = await fs.stat(path.join(dir, filename));
    const type = s.isDirectory() ? "d" : "-";
    const date = s.mtime.toISOString().slice(0, 16).replace("T", " ");
    const longname = `${type}rw-r--r-- 1 sandbox sandbox ${s.size} ${date} ${filename}`;
    entries.push({ filename, longname, attrs: attributes(s) });
  }
  return entries;
}
