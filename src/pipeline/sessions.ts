/**
 * Trading partners as the pipeline sees them: a lookup by tenant and id, the SFTP endpoint of
 * a partner (credentials read from the files the partner config names), and the per-process
 * session pool that keeps one connection per partner at a time.
 */
import { readFile } from "node:fs/promises";
import type { TradingPartner } from "../config/partners.js";
import { ClaimgateError } from "../errors.js";
import type { Queryable } from "../store/database.js";
import { getPartner } from "../store/partners.js";
import { DEFAULT_TIMEOUTS, PartnerSessions, connectWithBackoff } from "../transport/sftp.js";
import type { BackoffOptions, SftpEndpoint, SftpTimeouts } from "../transport/sftp.js";

export type PartnerLookup = (
  tenantId: string,
  partnerId: string,
) => Promise<TradingPartner | undefined>;

/** Partners read from the store. */
export function storePartners(db: Queryable): PartnerLookup {
  return (tenantId, partnerId) => getPartner(db, tenantId, partnerId);
}

/** The partner, or STORE_NOT_FOUND (not transient: a retry will not make it appear). */
export async function requirePartner(
  partners: PartnerLookup,
  tenantId: string,
  partnerId: string,
): Promise<TradingPartner> {
  const partner = await partners(tenantId, partnerId);
  if (partner === undefined) {
    throw new ClaimgateError("STORE_NOT_FOUND", `no trading partner ${partnerId} for the tenant`);
  }
  return partner;
}

export type ReadCredential = (file: string) => Promise<Buffer>;

/** The SFTP endpoint of a partner, with the secret read from its credential file. */
export async function endpointFor(
  partner: TradingPartner,
  read: ReadCredential = (file) => readFile(file),
): Promise<SftpEndpoint> {
  const { sftp } = partner;
  const file = sftp.privateKeyFile ?? sftp.passwordFile ?? "";
  let secret: Buffer;
  try {
    secret = await read(file);
  } catch (cause) {
    throw new ClaimgateError(
      "CONFIG_INVALID",
      `The credential file of trading partner ${partner.id} cannot be read.`,
      { cause },
    );
  }
  const base = {
    host: sftp.host,
    port: sftp.port,
    username: sftp.username,
    hostKeyFingerprint: sftp.hostKeyFingerprint,
  };
  return sftp.privateKeyFile !== undefined
    ? { ...base, privateKey: secret }
    : { ...base, password: secret.toString("utf8").replace(/\r?\n$/, "") };
}

/** The PartnerSessions key of a partner: partner ids are unique per tenant only. */
export function sessionKey(tenantId: string, partnerId: string): string {
  return JSON.stringify([tenantId, partnerId]);
}

export interface SessionOptions {
  readonly timeouts?: SftpTimeouts;
  readonly backoff?: BackoffOptions;
  readonly readCredential?: ReadCredential;
}

/**
 * One session pool per process, keyed by `sessionKey`: each session connects with backoff
 * (a host key mismatch fails at once, not transient) and is closed after its work.
 */
export function partnerSessions(
  partners: PartnerLookup,
  options: SessionOptions = {},
): PartnerSessions {
  return new PartnerSessions(async (key) => {
    const [tenantId, partnerId] = JSON.parse(key) as [string, string];
    const partner = await requirePartner(partners, tenantId, partnerId);
    const endpoint = await endpointFor(partner, options.readCredential);
    return connectWithBackoff(endpoint, options.timeouts ?? DEFAULT_TIMEOUTS, options.backoff);
  });
}
