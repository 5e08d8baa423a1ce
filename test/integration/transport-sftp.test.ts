import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimgateError } from "../../src/errors.js";
import { SandboxSftpServer, generateKeyPair } from "../../src/sandbox/sftp-server.js";
import {
  PartnerSessions,
  SftpSession,
  connectWithBackoff,
  temporaryName,
} from "../../src/transport/sftp.js";
import type { SftpEndpoint } from "../../src/transport/sftp.js";
import { describeOpenSsh, startSshd } from "../support/sshd.js";

/** An SFTP server for these tests: where it keeps files, and how to reach it. */
interface ServerUnderTest {
  rootDir: string;
  /** The remote path of a directory under rootDir. */
  dir(name: string): string;
  endpoint: SftpEndpoint;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function sandboxServer(): Promise<ServerUnderTest> {
  const rootDir = mkdtempSync(path.join(tmpdir(), "cg-transport-"));
  const hostKey = generateKeyPair();
  const clientKey = generateKeyPair();
  const make = (port = 0) =>
    new SandboxSftpServer({
      rootDir,
      hostKey: hostKey.privateKey,
      port,
      users: [{ username: "clinic", publicKey: clientKey.publicKey }],
    });
  let server = make();
  const { port } = await server.listen();
  return {
    rootDir,
    dir: (name) => `/${name}`,
    endpoint: {
      host: "127.0.0.1",
      port,
      username: "clinic",
      privateKey: clientKey.privateKey,
      hostKeyFingerprint: server.hostKeyFingerprint,
    },
    stop: () => server.close(),
    start: async () => {
      server = make(port);
      await server.listen();
    },
  };
}

const fast = { connectMs: 3000, operationMs: 5000 };

async function opensshServer(): Promise<ServerUnderTest> {
  const sshd = await startSshd();
  return {
    rootDir: sshd.rootDir,
    dir: (name) => sshd.remotePath(name),
    endpoint: {
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.privateKey,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
    },
    stop: () => sshd.kill(),
    start: () => sshd.restart(),
  };
}

function transportSuite(makeServer: () => Promise<ServerUnderTest>, cleanUp: boolean) {
  let srv: ServerUnderTest;
  beforeAll(async () => {
    srv = await makeServer();
    await mkdir(path.join(srv.rootDir, "inbound"));
    await mkdir(path.join(srv.rootDir, "outbound"));
    await mkdir(path.join(srv.rootDir, "archive"));
  });
  afterAll(async () => {
    await srv.stop();
    if (cleanUp) rmSync(srv.rootDir, { recursive: true, force: true });
  });

  it("uploads atomically: the final name appears with the full content, no temp file left", async () => {
    const session = await SftpSession.open(srv.endpoint, fast);
    try {
      const content = Buffer.from("ISA*...~".repeat(5000));
      await session.uploadAtomically(srv.dir("inbound"), "837P-000000001.x12", content);
      const names = await readdir(path.join(srv.rootDir, "inbound"));
      expect(names).toEqual(["837P-000000001.x12"]);
      expect(await readFile(path.join(srv.rootDir, "inbound", "837P-000000001.x12"))).toEqual(
        content,
      );
      // A second upload under the same final name is refused, never overwrites.
      await expect(
        session.uploadAtomically(srv.dir("inbound"), "837P-000000001.x12", Buffer.from("x")),
      ).rejects.toThrow(ClaimgateError);
    } finally {
      await session.close();
    }
  });

  it("reports what a half-done upload left behind, and finishes it", async () => {
    writeFileSync(path.join(srv.rootDir, "inbound", temporaryName("half.x12")), "12345");
    const session = await SftpSession.open(srv.endpoint, fast);
    try {
      expect(await session.inspectUpload(srv.dir("inbound"), "half.x12")).toEqual({
        finalSize: undefined,
        tempSize: 5,
      });
      // A wrong expected size removes the partial file rather than renaming it.
      await expect(session.finishUpload(srv.dir("inbound"), "half.x12", 6)).rejects.toThrow(
        /differs/,
      );
      expect(await session.inspectUpload(srv.dir("inbound"), "half.x12")).toEqual({
        finalSize: undefined,
        tempSize: undefined,
      });
      writeFileSync(path.join(srv.rootDir, "inbound", temporaryName("half.x12")), "12345");
      await session.finishUpload(srv.dir("inbound"), "half.x12", 5);
      expect(await session.inspectUpload(srv.dir("inbound"), "half.x12")).toEqual({
        finalSize: 5,
        tempSize: undefined,
      });
    } finally {
      await session.close();
    }
  });

  it("lists the partner's outbound files (not temp files), downloads and archives them", async () => {
    writeFileSync(path.join(srv.rootDir, "outbound", "999-1.x12"), "ack one");
    writeFileSync(path.join(srv.rootDir, "outbound", "in-progress.x12.part"), "partial");
    const session = await SftpSession.open(srv.endpoint, fast);
    try {
      const files = await session.listFiles(srv.dir("outbound"));
      expect(files.map((f) => [f.name, f.size])).toEqual([["999-1.x12", 7]]);
      expect((await session.download(`${srv.dir("outbound")}/999-1.x12`)).toString()).toBe(
        "ack one",
      );
      await session.moveTo(`${srv.dir("outbound")}/999-1.x12`, srv.dir("archive"));
      expect(await readdir(path.join(srv.rootDir, "archive"))).toEqual(["999-1.x12"]);
    } finally {
      await session.close();
    }
  });

  it("refuses a server whose host key is not the pinned one, without retrying", async () => {
    let attempts = 0;
    const wrong = {
      ...srv.endpoint,
      hostKeyFingerprint: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };
    const err = await connectWithBackoff(wrong, fast, {
      attempts: 4,
      baseDelayMs: 1,
      maxDelayMs: 1,
      sleep: () => {
        attempts++;
        return Promise.resolve();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClaimgateError);
    expect((err as ClaimgateError).code).toBe("SFTP_HOST_KEY_MISMATCH");
    expect(attempts).toBe(0);
  });

  it("reconnects with backoff when the server comes back", async () => {
    await srv.stop();
    let waits = 0;
    const connecting = connectWithBackoff(srv.endpoint, fast, {
      attempts: 20,
      baseDelayMs: 50,
      maxDelayMs: 200,
      sleep: async (ms) => {
        waits++;
        if (waits === 2) await srv.start();
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    const session = await connecting;
    await session.close();
    expect(waits).toBeGreaterThanOrEqual(2);
  });

  it("runs one session per partner at a time", async () => {
    let open = 0;
    let maxOpen = 0;
    const sessions = new PartnerSessions(async () => {
      const s = await SftpSession.open(srv.endpoint, fast);
      open++;
      maxOpen = Math.max(maxOpen, open);
      const close = s.close.bind(s);
      s.close = async () => {
        open--;
        await close();
      };
      return s;
    });
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        sessions.withSession(
          "partner-a",
          async (s) => (await s.listFiles(srv.dir("inbound"))).length + n,
        ),
      ),
    );
    expect(results).toHaveLength(3);
    expect(maxOpen).toBe(1);
  });
}

describe("SFTP transport against the sandbox endpoint (ssh2 server)", () => {
  transportSuite(sandboxServer, true);
});

describeOpenSsh("SFTP transport against OpenSSH sshd", () => {
  transportSuite(opensshServer, false);
});
