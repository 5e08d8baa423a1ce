import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type SftpClient from "ssh2-sftp-client";
import { quietSftpClient } from "../support/sftp-client.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SandboxSftpServer,
  fingerprintOfBlob,
  generateKeyPair,
} from "../../src/sandbox/sftp-server.js";

describe("sandbox payer SFTP endpoint (ssh2 server, in process)", () => {
  const root = mkdtempSync(path.join(tmpdir(), "cg-sandbox-"));
  const hostKey = generateKeyPair();
  const clientKey = generateKeyPair();
  const server = new SandboxSftpServer({
    rootDir: root,
    hostKey: hostKey.privateKey,
    users: [{ username: "clinic", publicKey: clientKey.publicKey, password: "s3cret-pass" }],
  });
  let port = 0;

  beforeAll(async () => {
    await mkdir(path.join(root, "inbound"));
    ({ port } = await server.listen());
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const pinned = (fingerprint: string) => (key: Buffer) => fingerprintOfBlob(key) === fingerprint;

  async function connect(opts: Partial<SftpClient.ConnectOptions> = {}): Promise<SftpClient> {
    const client = quietSftpClient();
    await client.connect({
      host: "127.0.0.1",
      port,
      username: "clinic",
      privateKey: clientKey.privateKey,
      hostVerifier: pinned(server.hostKeyFingerprint),
      readyTimeout: 5000,
      ...opts,
    });
    return client;
  }

  it("takes an upload to a temporary name, renames it, lists, downloads and removes it", async () => {
    const client = await connect();
    try {
      const body = Buffer.from("ISA*00*~GS*HC~ST*837*0001~SE*2*0001~GE*1*1~IEA*1*000000001~");
      await client.put(body, "/inbound/claims.837.part");
      expect((await client.stat("/inbound/claims.837.part")).size).toBe(body.length);
      await client.rename("/inbound/claims.837.part", "/inbound/claims.837");
      const names = (await client.list("/inbound")).map((e) => `${e.type}:${e.name}`);
      expect(names).toEqual(["-:claims.837"]);
      expect(readFileSync(path.join(root, "inbound", "claims.837"))).toEqual(body);
      const back = (await client.get("/inbound/claims.837")) as Buffer;
      expect(back.equals(body)).toBe(true);
      await client.delete("/inbound/claims.837");
      expect(await client.exists("/inbound/claims.837")).toBe(false);
    } finally {
      await client.end();
    }
  });

  it("refuses to rename over an existing file (SFTP v3 semantics)", async () => {
    writeFileSync(path.join(root, "inbound", "a"), "a");
    writeFileSync(path.join(root, "inbound", "b"), "b");
    const client = await connect();
    try {
      await expect(client.rename("/inbound/a", "/inbound/b")).rejects.toThrow();
      expect(readFileSync(path.join(root, "inbound", "b"), "utf8")).toBe("b");
    } finally {
      await client.end();
    }
  });

  it("keeps clients inside the root", async () => {
    const client = await connect();
    try {
      await expect(client.get("/../../etc/hostname")).rejects.toThrow();
      expect(await client.realPath("/../..")).toBe("/");
    } finally {
      await client.end();
    }
  });

  it("accepts the password, refuses a wrong one and an unknown key", async () => {
    const ok = await connect({ privateKey: undefined, password: "s3cret-pass" });
    await ok.end();
    await expect(connect({ privateKey: undefined, password: "wrong" })).rejects.toThrow();
    await expect(connect({ privateKey: generateKeyPair().privateKey })).rejects.toThrow();
  });

  it("is refused by a client that pins another host key", async () => {
    await expect(connect({ hostVerifier: pinned("SHA256:not-this-key") })).rejects.toThrow();
  });
});
