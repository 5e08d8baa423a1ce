/**
 * Debian's real OpenSSH server for integration tests, one private instance per caller.
 *
 * `startSshd()` runs `/usr/sbin/sshd -D -e` as the current user on a free 127.0.0.1 port,
 * with fresh ed25519 host and client keys, SFTP only (`ForceCommand internal-sftp -d <root>`).
 * There is no chroot (that needs root-owned parent directories), so the SFTP session starts
 * in `rootDir` but absolute paths are real paths on this machine: use relative paths or
 * `remotePath()`. Tests that need it wrap themselves in `describeOpenSsh`, which skips them
 * where sshd is not installed unless REQUIRE_OPENSSH=1.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type SftpClient from "ssh2-sftp-client";
import { describe, it } from "vitest";
import { freePort } from "../../src/app/local-redis.js";

const run = promisify(execFile);

export const OPENSSH_MISSING =
  "OpenSSH server not found (no /usr/sbin/sshd or sshd on PATH): apt-get install -y openssh-server";

// ---------------------------------------------------------------- locating OpenSSH

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findProgram(name: string, preferred: string[]): string | undefined {
  const onPath = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  return [...preferred, ...onPath.map((dir) => path.join(dir, name))].find(executable);
}

function openSshPrograms(): { sshd: string; keygen: string } | undefined {
  const sshd = findProgram("sshd", ["/usr/sbin/sshd"]);
  const keygen = findProgram("ssh-keygen", ["/usr/bin/ssh-keygen"]);
  return sshd && keygen ? { sshd, keygen } : undefined;
}

/** True where both sshd and ssh-keygen are installed. */
export function opensshAvailable(): boolean {
  return openSshPrograms() !== undefined;
}

/**
 * `describe` for suites that need a real sshd. Without one the suite is skipped with the
 * install hint; with REQUIRE_OPENSSH=1 (CI) it fails instead, so a missing package is loud.
 */
export function describeOpenSsh(name: string, body: () => void): void {
  if (opensshAvailable()) {
    describe(name, body);
  } else if (process.env.REQUIRE_OPENSSH === "1") {
    describe(name, () => {
      it("needs OpenSSH (REQUIRE_OPENSSH=1)", () => {
        throw new Error(OPENSSH_MISSING);
      });
    });
  } else {
    // Reporters list a skipped file without its suites' names: say why where it is seen.
    console.warn(`Skipping "${name}": ${OPENSSH_MISSING}`);
    describe.skip(`${name} [skipped: ${OPENSSH_MISSING}]`, body);
  }
}

// ---------------------------------------------------------------- fingerprints

/** OpenSSH's fingerprint ("SHA256:<base64 without padding>") of a raw public key blob. */
export function fingerprintOfHostKey(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** An ssh2 hostVerifier that accepts exactly the host key with this fingerprint. */
export function pinnedHostVerifier(fingerprint: string): (key: Buffer) => boolean {
  return (key) => fingerprintOfHostKey(key) === fingerprint;
}

// ---------------------------------------------------------------- keys and config

interface Layout {
  baseDir: string;
  rootDir: string;
  ownsRoot: boolean;
  hostKey: string;
  clientKey: string;
  authorizedKeys: string;
  config: string;
  pidFile: string;
}

function makeLayout(rootDir: string | undefined): Layout {
  const baseDir = mkdtempSync(path.join(tmpdir(), "cg-sshd-"));
  const root = rootDir ? path.resolve(rootDir) : path.join(baseDir, "root");
  // sshd reads these from its config, where '%' expands, quotes and spaces split words.
  if (/[\s"%]/.test(root)) throw new Error(`sshd rootDir must not contain spaces, '"' or '%'`);
  mkdirSync(root, { recursive: true });
  return {
    baseDir,
    rootDir: root,
    ownsRoot: !rootDir,
    hostKey: path.join(baseDir, "ssh_host_ed25519_key"),
    clientKey: path.join(baseDir, "client_ed25519_key"),
    authorizedKeys: path.join(baseDir, "authorized_keys"),
    config: path.join(baseDir, "sshd_config"),
    pidFile: path.join(baseDir, "sshd.pid"),
  };
}

function removeLayout(layout: Layout): void {
  rmSync(layout.baseDir, { recursive: true, force: true });
  if (layout.ownsRoot) rmSync(layout.rootDir, { recursive: true, force: true });
}

async function generateKey(keygen: string, file: string, comment: string): Promise<void> {
  await run(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
}

/** The fingerprint exactly as `ssh-keygen -l` prints it for the host's public key. */
async function printedFingerprint(keygen: string, publicKeyFile: string): Promise<string> {
  const { stdout } = await run(keygen, ["-l", "-E", "sha256", "-f", publicKeyFile]);
  const fingerprint = stdout.split(" ")[1];
  if (!fingerprint?.startsWith("SHA256:")) throw new Error(`ssh-keygen -l printed: ${stdout}`);
  return fingerprint;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function renderConfig(layout: Layout, port: number, username: string, extra: string[]): string {
  return [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${layout.hostKey}`,
    `PidFile ${layout.pidFile}`,
    `AuthorizedKeysFile ${layout.authorizedKeys}`,
    `AllowUsers ${username}`,
    "StrictModes no",
    `PermitRootLogin ${isRoot() ? "prohibit-password" : "no"}`,
    "AuthenticationMethods publickey",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "UseDNS no",
    "PrintMotd no",
    "PermitTTY no",
    "PermitUserRC no",
    "PermitUserEnvironment no",
    "PermitTunnel no",
    "AllowTcpForwarding no",
    "AllowStreamLocalForwarding no",
    "AllowAgentForwarding no",
    "X11Forwarding no",
    "GatewayPorts no",
    // Tests open many short connections at once; don't randomly drop the early ones.
    "MaxStartups 100",
    "Subsystem sftp internal-sftp",
    `ForceCommand internal-sftp -d ${layout.rootDir}`,
    ...extra,
    "",
  ].join("\n");
}

let versionSpecific: Promise<string[]> | undefined;

/**
 * Options only newer OpenSSH knows. From 9.8 sshd penalises source addresses whose
 * connections end without authenticating (refused keys, killed transfers), which would
 * slow down or refuse the next test connecting from 127.0.0.1; older sshd rejects the option.
 */
function versionSpecificOptions(sshd: string, layout: Layout, username: string): Promise<string[]> {
  versionSpecific ??= (async () => {
    const probe = ["PerSourcePenalties no"];
    writeFileSync(layout.config, renderConfig(layout, 22, username, probe));
    try {
      await run(sshd, ["-t", "-f", layout.config]);
      return probe;
    } catch {
      return [];
    }
  })();
  return versionSpecific;
}

// ---------------------------------------------------------------- the process tree

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const [state = "", ppid = ""] = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (existsSync("/proc/self/stat")) {
    const stat = procStat(pid);
    return stat !== undefined && stat.state !== "Z";
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The listener, its children, their children, ... level by level. */
function treeLevels(root: number): number[][] {
  const children = new Map<number, number[]>();
  if (existsSync("/proc/self/stat")) {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = procStat(Number(entry));
      if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
    }
  }
  const levels = [[root]];
  for (let next = children.get(root) ?? []; next.length > 0;) {
    levels.push(next);
    next = next.flatMap((pid) => children.get(pid) ?? []);
  }
  return levels;
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops the listener and everything it forked, so nothing new forks while we look. Each
 * connection's processes call setsid(), so a process-group kill would miss them, and
 * sshd's listener leaves them running when it gets SIGTERM: they must be signalled too.
 */
function freezeTree(listener: number): number[][] {
  const frozen = new Set([listener]);
  signalAll([listener], "SIGSTOP");
  let levels = treeLevels(listener);
  for (let round = 0; round < 20; round++) {
    const fresh = levels.flat().filter((pid) => !frozen.has(pid));
    if (fresh.length === 0) break;
    signalAll(fresh, "SIGSTOP");
    fresh.forEach((pid) => frozen.add(pid));
    levels = treeLevels(listener);
  }
  return levels;
}

/** Waits until none of the processes runs; with `reaped`, until their parents reaped them. */
async function allGone(pids: number[], withinMs: number, reaped = false): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  const lingers = (pid: number) => (reaped ? procStat(pid) !== undefined : alive(pid));
  while (pids.some(lingers)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Ends one level of the tree. Parents below the listener run meanwhile so they can reap
 * their children; the listener reaps its own when it runs again on its turn. A session's
 * internal-sftp process may ignore SIGTERM, so whatever outlives a short grace gets SIGKILL.
 */
async function endLevel(levels: number[][], depth: number, signal: NodeJS.Signals) {
  const level = levels[depth] ?? [];
  if (depth >= 2) signalAll(levels[depth - 1] ?? [], "SIGCONT");
  signalAll(level, signal);
  signalAll(level, "SIGCONT");
  if (!(await allGone(level, 300))) {
    signalAll(level, "SIGKILL");
    await allGone(level, 2000);
  }
  // Give the parents a moment to reap, so fewer `[sshd] <defunct>` are left for PID 1. Not
  // all: a privsep monitor exits without reaping its child, as it does on a normal logout.
  if (depth >= 2) await allGone(level, 200, true);
}

/**
 * Ends sshd's sessions bottom-up, then the listener. Killing all at once would leave
 * orphans for PID 1 to reap, which in a container may take a while.
 */
async function terminateTree(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.pid === undefined || exited(child)) return;
  const closed = new Promise((resolve) => child.once("close", resolve));
  const levels = freezeTree(child.pid);
  for (let depth = levels.length - 1; depth >= 0; depth--) {
    await endLevel(levels, depth, signal);
  }
  // The sessions share sshd's stderr pipe; "close" comes once the last of them is gone.
  await Promise.race([closed, new Promise((r) => setTimeout(r, 3000))]);
}

/** Instances not yet stopped, for a last-resort clean-up when the test process exits. */
const unstopped = new Set<{ abandon(): void }>();
process.once("exit", () => {
  for (const instance of unstopped) instance.abandon();
});

// ---------------------------------------------------------------- starting sshd

const STDERR_LIMIT = 64 * 1024;

interface Launched {
  child: ChildProcess;
  log: () => string;
}

function launch(sshd: string, layout: Layout, port: number, timeoutMs: number): Promise<Launched> {
  const child = spawn(sshd, ["-D", "-e", "-f", layout.config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const log = () => stderr;
  const listening = `Server listening on 127.0.0.1 port ${port}.`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void terminateTree(child, "SIGKILL").finally(() =>
        reject(new Error(`sshd ${why} (port ${port}); its stderr:\n${stderr || "(empty)"}`)),
      );
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_LIMIT);
      if (!settled && stderr.includes(listening)) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, log });
      }
    });
    child.once("error", (err) => fail(`could not be started: ${err.message}`));
    // "close", not "exit": by then all of stderr has been read for the message.
    child.once("close", (code, signal) => fail(`exited (${signal ?? `code ${code}`}) on start`));
  });
}

export interface SshdOptions {
  /** Where the SFTP session starts; a fresh temp directory (removed on stop) when omitted. */
  rootDir?: string;
  /** How long to wait for sshd to listen, per attempt (default 10 s). */
  startTimeoutMs?: number;
}

export interface RunningSshd {
  readonly host: string;
  readonly port: number;
  /** The current user: sshd runs as that user and lets only that user in. */
  readonly username: string;
  /** The authorized client key, OpenSSH private key format. */
  readonly privateKey: string;
  /** The client's public key line as written to authorized_keys. */
  readonly publicKey: string;
  /** Absolute path where SFTP sessions start. Absolute remote paths are real paths. */
  readonly rootDir: string;
  /** The host key's fingerprint as `ssh-keygen -l` prints it: "SHA256:<base64>". */
  readonly hostKeyFingerprint: string;
  /** True while the sshd listener runs. */
  readonly running: boolean;
  /** The listener's process id while it runs (its sessions are its descendants). */
  readonly pid: number | undefined;
  /** What sshd has logged to stderr (the last 64 KiB of the current run). */
  stderr(): string;
  /** The absolute remote path of a path relative to rootDir. */
  remotePath(...segments: string[]): string;
  /** ssh2-sftp-client options that log in with the client key and pin the host key. */
  connectOptions(overrides?: Partial<SftpClient.ConnectOptions>): SftpClient.ConnectOptions;
  /** Kills sshd and its sessions (as a crash would), keeping keys and rootDir for restart(). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills sshd if it runs, then starts it again on the same port, keys and rootDir. */
  restart(): Promise<void>;
  /** Kills sshd and removes its temp directories. Idempotent; no restart() afterwards. */
  stop(): Promise<void>;
}

/** What one sshd instance keeps across restarts. */
interface Identity {
  sshd: string;
  layout: Layout;
  timeoutMs: number;
  port: number;
  username: string;
  privateKey: string;
  publicKey: string;
  hostKeyFingerprint: string;
}

class SshdInstance implements RunningSshd {
  readonly host = "127.0.0.1";
  readonly port: number;
  readonly username: string;
  readonly privateKey: string;
  readonly publicKey: string;
  readonly hostKeyFingerprint: string;
  private readonly layout: Layout;
  private current: Launched | undefined;
  private stopped = false;

  constructor(private readonly identity: Identity) {
    this.port = identity.port;
    this.username = identity.username;
    this.privateKey = identity.privateKey;
    this.publicKey = identity.publicKey;
    this.hostKeyFingerprint = identity.hostKeyFingerprint;
    this.layout = identity.layout;
  }

  get rootDir(): string {
    return this.layout.rootDir;
  }

  get running(): boolean {
    return this.current !== undefined && !exited(this.current.child);
  }

  get pid(): number | undefined {
    return this.running ? this.current?.child.pid : undefined;
  }

  stderr(): string {
    return this.current?.log() ?? "";
  }

  remotePath(...segments: string[]): string {
    return path.posix.join(this.layout.rootDir, ...segments);
  }

  connectOptions(overrides: Partial<SftpClient.ConnectOptions> = {}): SftpClient.ConnectOptions {
    return {
      host: this.host,
      port: this.port,
      username: this.username,
      privateKey: this.privateKey,
      hostVerifier: pinnedHostVerifier(this.hostKeyFingerprint),
      readyTimeout: 5000,
      ...overrides,
    };
  }

  /** Starts sshd; used once by startSshd and again by restart(). */
  async start(): Promise<void> {
    if (this.stopped) {
      throw new Error("sshd was stopped and its temp dirs removed: use kill() before restart()");
    }
    const { sshd, layout, port, timeoutMs } = this.identity;
    this.current = await launch(sshd, layout, port, timeoutMs);
    unstopped.add(this);
  }

  async kill(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (!this.current) return;
    await terminateTree(this.current.child, signal);
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.kill();
    removeLayout(this.layout);
    unstopped.delete(this);
  }

  /** Synchronous stop() for process exit: SIGKILL everything, remove the temp dirs. */
  abandon(): void {
    const pid = this.current?.child.pid;
    if (pid !== undefined && this.running) signalAll(freezeTree(pid).flat(), "SIGKILL");
    removeLayout(this.layout);
  }
}

/**
 * Starts a private sshd. Call `stop()` in afterAll. A port another process grabbed between
 * choosing and binding it is retried with a fresh port.
 */
export async function startSshd(options: SshdOptions = {}): Promise<RunningSshd> {
  const programs = openSshPrograms();
  if (!programs) throw new Error(OPENSSH_MISSING);
  // As root, sshd insists on its privilege separation directory.
  if (isRoot()) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const layout = makeLayout(options.rootDir);
  try {
    return await startIn(programs, layout, options.startTimeoutMs ?? 10_000);
  } catch (err) {
    removeLayout(layout);
    throw err;
  }
}

async function startIn(
  programs: { sshd: string; keygen: string },
  layout: Layout,
  timeoutMs: number,
): Promise<RunningSshd> {
  const { username } = userInfo();
  await generateKey(programs.keygen, layout.hostKey, "claimgate-test-host");
  await generateKey(programs.keygen, layout.clientKey, "claimgate-test-client");
  const publicKey = await readFile(`${layout.clientKey}.pub`, "utf8");
  writeFileSync(layout.authorizedKeys, publicKey, { mode: 0o600 });
  const privateKey = await readFile(layout.clientKey, "utf8");
  const fingerprint = await printedFingerprint(programs.keygen, `${layout.hostKey}.pub`);
  const extra = await versionSpecificOptions(programs.sshd, layout, username);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    writeFileSync(layout.config, renderConfig(layout, port, username, extra));
    const server = new SshdInstance({
      sshd: programs.sshd,
      layout,
      timeoutMs,
      port,
      username,
      privateKey,
      publicKey,
      hostKeyFingerprint: fingerprint,
    });
    try {
      await server.start();
      return server;
    } catch (err) {
      const portTaken = err instanceof Error && err.message.includes("Address already in use");
      if (!portTaken || attempt >= 3) throw err;
    }
  }
}
