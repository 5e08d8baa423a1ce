import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { SandboxResponder } from "../../src/sandbox/responder.js";
import {
  SandboxSftpServer,
  fingerprintOfBlob,
  generateKeyPair,
} from "../../src/sandbox/sftp-server.js";
import { readInterchanges } from "../../src/x12/envelope.js";
import { read999 } from "../../src/x12/transactions/999.js";
import { readInterchangeAcknowledgments } from "../../src/x12/transactions/ta1.js";
import { quietSftpClient } from "../support/sftp-client.js";
import { CONTROL, SANDBOX_ID, professionalBatch } from "../unit/sandbox/fixtures.js";

const NOW = () => new Date("2026-03-02T08:30:00Z");

function ls(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The one group acknowledgment of a 999 file. */
/**
 * These tests are about the responder's file handling with TA1/999 answers; the 277CA and 835
 * it also writes by default are tested in test/unit/sandbox/remit-scenarios.test.ts.
 */
const TA1_999_ONLY = { remittances: false } as const;

function groupAckOf(text: string) {
  const [isa] = readInterchanges(text);
  const set = isa!.groups[0]!.transactionSets[0]!;
  return read999(set, isa!.delimiters).groups[0]!;
}

describe("sandbox responder on a directory", () => {
  let root = "";
  let inbound = "";
  let outbound = "";

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), "cg-responder-"));
    inbound = path.join(root, "inbound");
    outbound = path.join(root, "outbound");
    await mkdir(inbound);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("answers a dropped 837 once with a 999 and moves it to processed/", async () => {
    const batch = professionalBatch(["accept-pay", "reject-999"]);
    writeFileSync(path.join(inbound, "claims-1.837"), batch.text);
    const responder = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
      now: NOW,
    });

    const first = await responder.processDirectory();
    expect(first).toHaveLength(1);
    expect(first[0]!.input).toBe("claims-1.837");
    expect(ls(outbound)).toEqual(first[0]!.written);
    expect(ls(outbound)).toEqual(["999-000000001.x12"]);
    expect(ls(inbound)).toEqual(["processed"]);
    expect(ls(path.join(inbound, "processed"))).toEqual([".control-number", "claims-1.837"]);
    const group = groupAckOf(readFileSync(path.join(outbound, "999-000000001.x12"), "utf8"));
    expect(group.controlNumber).toBe(String(CONTROL.gs));
    expect(group.sets.map((s) => s.status)).toContain("R");

    expect(await responder.processDirectory()).toEqual([]);
    expect(ls(outbound)).toEqual(["999-000000001.x12"]);
  });

  it("ignores .part uploads and dot files until they are renamed", async () => {
    const text = professionalBatch(["accept-pay"]).text;
    writeFileSync(path.join(inbound, "claims-2.837.part"), text.slice(0, 200));
    writeFileSync(path.join(inbound, ".hidden.x12"), text);
    writeFileSync(path.join(inbound, "notes.txt"), "not a claim file");
    const responder = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
      now: NOW,
    });
    expect(await responder.processDirectory()).toEqual([]);
    expect(readdirSync(root)).not.toContain("outbound");

    writeFileSync(path.join(inbound, "claims-2.837.part"), text);
    renameSync(path.join(inbound, "claims-2.837.part"), path.join(inbound, "claims-2.837"));
    const answers = await responder.processDirectory();
    expect(answers.map((a) => a.input)).toEqual(["claims-2.837"]);
    expect(ls(inbound)).toEqual([".hidden.x12", "notes.txt", "processed"]);
  });

  it("keeps numbering across responders (the counter is stored) and never overwrites", async () => {
    const text = professionalBatch(["accept-pay"]).text;
    writeFileSync(path.join(inbound, "a.x12"), text);
    await new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
    }).processDirectory();
    writeFileSync(path.join(inbound, "a.x12"), text);
    const again = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
    });
    const [answer] = await again.processDirectory();
    expect(answer!.written).toEqual(["999-000000004.x12"]);
    expect(ls(outbound)).toEqual(["999-000000001.x12", "999-000000004.x12"]);
    expect(ls(path.join(inbound, "processed"))).toEqual([".control-number", "a.x12", "a.x12.1"]);
  });

  it("answers a TA1 scenario and an unreadable file without stopping", async () => {
    writeFileSync(path.join(inbound, "a.837"), professionalBatch(["reject-ta1"]).text);
    writeFileSync(path.join(inbound, "b.837"), "this is not X12");
    const responder = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
      receiverIds: [SANDBOX_ID],
      now: NOW,
    });
    const answers = await responder.processDirectory();
    expect(answers.map((a) => [a.input, a.written.length, a.unreadable])).toEqual([
      ["a.837", 1, undefined],
      ["b.837", 0, "X12_NOT_INTERCHANGE"],
    ]);
    const [isa] = readInterchanges(readFileSync(path.join(outbound, answers[0]!.written[0]!)));
    expect(readInterchangeAcknowledgments(isa!)[0]).toMatchObject({ status: "R" });
    expect(ls(path.join(inbound, "processed"))).toContain("b.837");
  });

  it("moves a file it fails on to failed/, reports it and goes on with the next", async () => {
    writeFileSync(path.join(inbound, "a.837"), professionalBatch(["accept-pay"]).text);
    writeFileSync(path.join(inbound, "b.837"), professionalBatch(["accept-pay"]).text);
    const failures: (string | undefined)[] = [];
    let calls = 0;
    const responder = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
      now: NOW,
      // The first file's first number fails; later ones work.
      controlNumbers: () => {
        if (calls++ === 0) throw new Error("no number");
        return calls;
      },
      onError: (_e, file) => failures.push(file),
    });
    const answers = await responder.processDirectory();
    expect(failures).toEqual(["a.837"]);
    expect(answers.map((a) => a.input)).toEqual(["b.837"]);
    expect(ls(path.join(inbound, "failed"))).toEqual(["a.837"]);
    expect(ls(path.join(inbound, "processed"))).toEqual(["b.837"]);
    expect(ls(outbound)).toHaveLength(1);
  });

  it("runs as a loop: start answers files as they land, stop ends it", async () => {
    const responder = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: inbound,
      outboundDir: outbound,
      now: NOW,
    });
    responder.start(20);
    try {
      writeFileSync(path.join(inbound, "loop.837"), professionalBatch(["accept-pay"]).text);
      await expect
        .poll(() => (ls(root).includes("outbound") ? ls(outbound) : []))
        .toEqual(["999-000000001.x12"]);
    } finally {
      await responder.stop();
    }
    writeFileSync(path.join(inbound, "late.837"), professionalBatch(["accept-pay"]).text);
    await new Promise((r) => setTimeout(r, 100));
    expect(ls(inbound)).toContain("late.837");
  });
});

describe("sandbox responder behind the in-process SFTP server", () => {
  const root = mkdtempSync(path.join(tmpdir(), "cg-responder-sftp-"));
  const hostKey = generateKeyPair();
  const clientKey = generateKeyPair();
  const server = new SandboxSftpServer({
    rootDir: root,
    hostKey: hostKey.privateKey,
    users: [{ username: "clinic", publicKey: clientKey.publicKey }],
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("answers an 837 uploaded over SFTP with a 999 the client downloads", async () => {
    await mkdir(path.join(root, "inbound"));
    await mkdir(path.join(root, "outbound"));
    const { port } = await server.listen();
    const client = quietSftpClient();
    await client.connect({
      host: "127.0.0.1",
      port,
      username: "clinic",
      privateKey: clientKey.privateKey,
      hostVerifier: (key: Buffer) => fingerprintOfBlob(key) === server.hostKeyFingerprint,
      readyTimeout: 5000,
    });
    const responder = new SandboxResponder({
      ...TA1_999_ONLY,
      inboundDir: path.join(root, "inbound"),
      outboundDir: path.join(root, "outbound"),
      receiverIds: [SANDBOX_ID],
      now: NOW,
    });
    try {
      const batch = professionalBatch(["accept-pay", "accept-pay"]);
      await client.put(Buffer.from(batch.text), "/inbound/claims.837.part");
      expect(await responder.processDirectory()).toEqual([]);
      await client.rename("/inbound/claims.837.part", "/inbound/claims.837");
      const [answer] = await responder.processDirectory();
      expect(answer!.written).toHaveLength(1);

      const listed = (await client.list("/outbound")).map((e) => e.name);
      expect(listed).toEqual(answer!.written);
      const body = (await client.get(`/outbound/${listed[0]!}`)) as Buffer;
      const group = groupAckOf(body.toString("utf8"));
      expect(group).toMatchObject({ status: "A", controlNumber: String(CONTROL.gs) });
      expect(group.sets.map((s) => s.controlNumber)).toEqual(
        batch.transactionSets.map((s) => s.controlNumber),
      );
      expect(await client.exists("/inbound/claims.837")).toBe(false);
    } finally {
      await client.end();
    }
  });
});
