/**
 * The sandbox payer as a trading partner: its SFTP endpoint on loopback (a fresh host key, one
 * key-authenticated user, `inbound/` and `outbound/` under a root folder) and the partner entry
 * that points claimgate at it with the host key pinned. The demo, the end-to-end benchmark and
 * the tests start it the same way.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { generateKeyPair, SandboxSftpServer } from "./sftp-server.js";

export const SANDBOX_RECEIVER_ID = "SANDBOXPAYER";

export interface SandboxEndpoint {
  readonly port: number;
  /** The client's private key, written 0600 beside the root. */
  readonly keyFile: string;
  readonly fingerprint: string;
  readonly username: string;
  readonly inboundDir: string;
  readonly outboundDir: string;
  close(): Promise<void>;
}

/** Starts the endpoint under `dir` (`dir/sandbox-root`, `dir/sandbox-client-key`). */
export async function startSandboxEndpoint(
  dir: string,
  username = "demo",
): Promise<SandboxEndpoint> {
  const root = path.join(dir, "sandbox-root");
  const inboundDir = path.join(root, "inbound");
  const outboundDir = path.join(root, "outbound");
  await mkdir(inboundDir, { recursive: true });
  await mkdir(outboundDir, { recursive: true });
  const client = generateKeyPair();
  const server = new SandboxSftpServer({
    rootDir: root,
    hostKey: generateKeyPair().privateKey,
    users: [{ username, publicKey: client.publicKey }],
  });
  const { port } = await server.listen();
  const keyFile = path.join(dir, "sandbox-client-key");
  await writeFile(keyFile, client.privateKey, { mode: 0o600 });
  return {
    port,
    keyFile,
    fingerprint: server.hostKeyFingerprint,
    username,
    inboundDir,
    outboundDir,
    close: () => server.close(),
  };
}

export interface SandboxPartnerOptions {
  readonly tenantId: string;
  /** ISA06 / GS02 of the practice. */
  readonly senderId: string;
  readonly payerIds: readonly string[];
  /** Claims per interchange (default 500). */
  readonly batchSize?: number;
}

/** The trading-partner configuration entry for the endpoint (validated by the config loader). */
export function sandboxPartnerEntry(endpoint: SandboxEndpoint, options: SandboxPartnerOptions) {
  return {
    id: "sandbox",
    tenantId: options.tenantId,
    name: "Sandbox Payer",
    usage: "T" as const,
    sftp: {
      host: "127.0.0.1",
      port: endpoint.port,
      username: endpoint.username,
      privateKeyFile: endpoint.keyFile,
      hostKeyFingerprint: endpoint.fingerprint,
    },
    inboundDir: "/inbound",
    outboundDir: "/outbound",
    isa: {
      senderQualifier: "ZZ",
      senderId: options.senderId,
      receiverQualifier: "ZZ",
      receiverId: SANDBOX_RECEIVER_ID,
    },
    gs: { senderId: options.senderId, receiverId: SANDBOX_RECEIVER_ID },
    payers: options.payerIds.map((payerId) => ({ payerId })),
    batch: { size: options.batchSize ?? 500, intervalSeconds: 1, maxClaimsPerSt: 5000 },
  };
}
