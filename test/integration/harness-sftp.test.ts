/**
 * Proves the OpenSSH test harness: a real sshd, reached with ssh2-sftp-client (a new client
 * per connection), pins its host key, survives restart() and leaves nothing behind.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import ssh2 from "ssh2";
import type SftpClient from "ssh2-sftp-client";
import { quietSftpClient } from "../support/sftp-client.js";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  describeOpenSsh,
  fingerprintOfHostKey,
  opensshAvailable,
  pinnedHostVerifier,
  startSshd,
} from "../support/sshd.js";
import type { RunningSshd } from "../support/sshd.js";

/** Every process's parent, from `ps` (independent of the harness's own /proc walk). */
function descendantsByPs(root: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const pairs = rows
    .trim()
    .split("\n")
    .map((row) => row.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = pairs.filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead, only not yet reaped.
  const stat = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" });
  return !stat.trim().startsWith("Z");
}

describeOpenSsh("OpenSSH sftp harness (real sshd)", () => {
  let server: RunningSshd;
  const open: SftpClient[] = [];

  beforeAll(async () => {
    server = await startSshd();
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((client) => client.end()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function connect(overrides: Partial<SftpClient.ConnectOptions> = {}) {
    const client = quietSftpClient();
    open.push(client);
    await client.connect(server.connectOptions(overrides));
    return client;
  }

  it("runs sshd as the current user on 127.0.0.1 with an empty absolute root", () => {
    expect(opensshAvailable()).toBe(true);
    expect(server.running).toBe(true);
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    expect(server.username).toBe(userInfo().username);
    expect(path.isAbsolute(server.rootDir)).toBe(true);
    expect(readdirSync(server.rootDir)).toEqual([]);
    const owner = execFileSync("ps", ["-o", "uid=", "-p", String(server.pid)], {
      encoding: "utf8",
    });
    expect(Number(owner.trim())).toBe(userInfo().uid);
  });

  it("presents the host key whose fingerprint ssh-keygen printed", async () => {
    let seen: Buffer | undefined;
    const client = await connect({
      hostVerifier: (key: Buffer) => {
        seen = key;
        return true;
      },
    });
    expect(await client.cwd()).toBe(server.rootDir);
    expect(server.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(seen).toBeDefined();
    expect(fingerprintOfHostKey(seen!)).toBe(server.hostKeyFingerprint);
  });

  it("uploads, lists, renames and downloads a file byte for byte", async () => {
    const client = await connect();
    const body = randomBytes(300 * 1024);
    await client.mkdir(server.remotePath("inbound"));
    await client.put(body, server.remotePath("inbound", "claims.837.part"));
    const before = await client.list(server.remotePath("inbound"));
    expect(before.map((e) => [e.type, e.name, e.size])).toEqual([
      ["-", "claims.837.part", body.length],
    ]);
    await client.rename(
      server.remotePath("inbound", "claims.837.part"),
      server.remotePath("inbound", "claims.837"),
    );
    const after = await client.list(server.remotePath("inbound"));
    expect(after.map((e) => e.name)).toEqual(["claims.837"]);
    const back = (await client.get(server.remotePath("inbound", "claims.837"))) as Buffer;
    expect(Buffer.compare(back, body)).toBe(0);
    expect(readFileSync(path.join(server.rootDir, "inbound", "claims.837")).equals(body)).toBe(
      true,
    );
  });

  it("refuses a client that pins another host key fingerprint", async () => {
    const wrong = fingerprintOfHostKey(randomBytes(51));
    expect(wrong).not.toBe(server.hostKeyFingerprint);
    const client = quietSftpClient();
    open.push(client);
    await expect(
      client.connect(server.connectOptions({ hostVerifier: pinnedHostVerifier(wrong) })),
    ).rejects.toThrow(/verification failed/i);
  });

  it("refuses a client key that is not authorized", async () => {
    const stranger = ssh2.utils.generateKeyPairSync("ed25519");
    const client = quietSftpClient();
    open.push(client);
    await expect(
      client.connect(server.connectOptions({ privateKey: stranger.private })),
    ).rejects.toThrow(/authentication/i);
  });

  it("comes back after restart() on the same port, host key and files", async () => {
    const first = await connect();
    await first.put(Buffer.from("kept"), server.remotePath("kept.txt"));
    const { port, hostKeyFingerprint } = server;
    const oldPid = server.pid!;
    const sessions = descendantsByPs(oldPid);
    expect(sessions.length).toBeGreaterThan(0);

    await server.restart();

    // The old listener and the session that was open are gone, as in a crash.
    expect([oldPid, ...sessions].filter(processAlive)).toEqual([]);
    await expect(first.list(server.rootDir)).rejects.toThrow();
    expect(server.pid).not.toBe(oldPid);
    expect(server.port).toBe(port);
    const second = await connect();
    expect(server.hostKeyFingerprint).toBe(hostKeyFingerprint);
    expect(((await second.get(server.remotePath("kept.txt"))) as Buffer).toString()).toBe("kept");
  });
});

describeOpenSsh("OpenSSH sftp harness clean-up", () => {
  let server: RunningSshd | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("stop() ends sshd and its sessions, removes its temp dirs, and is idempotent", async () => {
    server = await startSshd();
    const client = quietSftpClient();
    await client.connect(server.connectOptions());
    const pid = server.pid!;
    const tree = [pid, ...descendantsByPs(pid)];
    expect(tree.length).toBeGreaterThan(1);
    const root = server.rootDir;

    await server.stop();
    await client.end().catch(() => undefined);

    expect(tree.filter(processAlive)).toEqual([]);
    expect(server.running).toBe(false);
    expect(existsSync(root)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
    await expect(server.restart()).rejects.toThrow(/stopped/);
  });

  it("restart() fails with sshd's own stderr when its port was taken meanwhile", async () => {
    const other = await startSshd();
    const squatter = createServer();
    try {
      await other.kill();
      expect(other.running).toBe(false);
      await new Promise<void>((resolve) => squatter.listen(other.port, "127.0.0.1", resolve));
      await expect(other.restart()).rejects.toThrow(/exited[\s\S]*Address already in use/);
      await new Promise((resolve) => squatter.close(resolve));
      await other.restart();
      expect(other.running).toBe(true);
    } finally {
      squatter.close();
      await other.stop();
    }
  });
});
