/**
 * Trading partners and the payers they route, per tenant. The config file is the source
 * (src/config/partners.ts validates it); `upsertPartner` writes an entry and its payer routes
 * in one transaction, so the workers read partners from the store like everything else.
 *
 * The credential is stored as a reference ("privateKeyFile:<path>" or "passwordFile:<path>"),
 * never the secret itself.
 */
import type { PartnerPayer, TradingPartner } from "../config/partners.js";
import type { Database, Queryable } from "./database.js";

interface PartnerRow {
  id: string;
  tenant_id: string;
  name: string;
  usage_indicator: string;
  sftp_host: string;
  sftp_port: number;
  sftp_username: string;
  credential_ref: string;
  host_key_fingerprint: string;
  inbound_dir: string;
  outbound_dir: string;
  archive_dir: string | null;
  file_name_pattern: string;
  isa_sender_qualifier: string;
  isa_sender_id: string;
  isa_receiver_qualifier: string;
  isa_receiver_id: string;
  gs_sender_id: string;
  gs_receiver_id: string;
  max_claims_per_st: number;
  batch_size: number;
  batch_interval_seconds: number;
  ack_due_hours: number;
  claim_ack_due_hours: number;
  remit_due_hours: number;
}

const KEY_REF = "privateKeyFile:";
const PASSWORD_REF = "passwordFile:";

function credentialRef(p: TradingPartner): string {
  return p.sftp.privateKeyFile !== undefined
    ? `${KEY_REF}${p.sftp.privateKeyFile}`
    : `${PASSWORD_REF}${p.sftp.passwordFile ?? ""}`;
}

function credentialFiles(ref: string) {
  return ref.startsWith(KEY_REF)
    ? { privateKeyFile: ref.slice(KEY_REF.length), passwordFile: undefined }
    : { privateKeyFile: undefined, passwordFile: ref.slice(PASSWORD_REF.length) };
}

function toPartner(r: PartnerRow, payers: readonly PartnerPayer[]): TradingPartner {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    usage: r.usage_indicator === "P" ? "P" : "T",
    sftp: {
      host: r.sftp_host,
      port: r.sftp_port,
      username: r.sftp_username,
      ...credentialFiles(r.credential_ref),
      hostKeyFingerprint: r.host_key_fingerprint,
    },
    inboundDir: r.inbound_dir,
    outboundDir: r.outbound_dir,
    archiveDir: r.archive_dir ?? undefined,
    fileNamePattern: r.file_name_pattern,
    isa: {
      senderQualifier: r.isa_sender_qualifier,
      senderId: r.isa_sender_id,
      receiverQualifier: r.isa_receiver_qualifier,
      receiverId: r.isa_receiver_id,
    },
    gs: { senderId: r.gs_sender_id, receiverId: r.gs_receiver_id },
    payers,
    followUp: {
      ackHours: r.ack_due_hours,
      claimAckHours: r.claim_ack_due_hours,
      remitHours: r.remit_due_hours,
    },
    batch: {
      size: r.batch_size,
      intervalSeconds: r.batch_interval_seconds,
      maxClaimsPerSt: r.max_claims_per_st,
    },
  };
}

const COLUMNS = [
  "id",
  "tenant_id",
  "name",
  "usage_indicator",
  "sftp_host",
  "sftp_port",
  "sftp_username",
  "credential_ref",
  "host_key_fingerprint",
  "inbound_dir",
  "outbound_dir",
  "archive_dir",
  "file_name_pattern",
  "isa_sender_qualifier",
  "isa_sender_id",
  "isa_receiver_qualifier",
  "isa_receiver_id",
  "gs_sender_id",
  "gs_receiver_id",
  "max_claims_per_st",
  "batch_size",
  "batch_interval_seconds",
  "ack_due_hours",
  "claim_ack_due_hours",
  "remit_due_hours",
];

function columnValues(p: TradingPartner) {
  return [
    p.id,
    p.tenantId,
    p.name,
    p.usage,
    p.sftp.host,
    p.sftp.port,
    p.sftp.username,
    credentialRef(p),
    p.sftp.hostKeyFingerprint,
    p.inboundDir,
    p.outboundDir,
    p.archiveDir ?? null,
    p.fileNamePattern,
    p.isa.senderQualifier,
    p.isa.senderId,
    p.isa.receiverQualifier,
    p.isa.receiverId,
    p.gs.senderId,
    p.gs.receiverId,
    p.batch.maxClaimsPerSt,
    p.batch.size,
    p.batch.intervalSeconds,
    p.followUp.ackHours,
    p.followUp.claimAckHours,
    p.followUp.remitHours,
  ];
}

const UPSERT = `insert into trading_partners (${COLUMNS.join(", ")})
  values (${COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
  on conflict (tenant_id, id) do update set
  ${COLUMNS.slice(2)
    .map((c) => `${c} = excluded.${c}`)
    .join(", ")}`;

/**
 * Writes a partner and exactly its payer routes (routes it no longer lists are dropped; a
 * payer another partner of the tenant routed moves to this one), in one transaction.
 */
export async function upsertPartner(db: Database, partner: TradingPartner): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(UPSERT, columnValues(partner));
    const payerIds = partner.payers.map((p) => p.payerId);
    await tx.query(
      `delete from partner_payers
       where tenant_id = $1 and partner_id = $2 and not (payer_id = any($3::text[]))`,
      [partner.tenantId, partner.id, payerIds],
    );
    for (const payer of partner.payers) {
      await tx.query(
        `insert into partner_payers (tenant_id, partner_id, payer_id, timely_filing_days)
         values ($1, $2, $3, $4)
         on conflict (tenant_id, payer_id) do update
           set partner_id = excluded.partner_id, timely_filing_days = excluded.timely_filing_days`,
        [partner.tenantId, partner.id, payer.payerId, payer.timelyFilingDays ?? null],
      );
    }
  });
}

async function payersOf(db: Queryable, tenantIds: readonly string[]) {
  const { rows } = await db.query<{
    tenant_id: string;
    partner_id: string;
    payer_id: string;
    timely_filing_days: number | null;
  }>(
    `select tenant_id, partner_id, payer_id, timely_filing_days from partner_payers
     where tenant_id = any($1::text[]) order by payer_id`,
    [tenantIds],
  );
  const byPartner = new Map<string, PartnerPayer[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.tenant_id, r.partner_id]);
    const list = byPartner.get(key) ?? [];
    list.push({ payerId: r.payer_id, timelyFilingDays: r.timely_filing_days ?? undefined });
    byPartner.set(key, list);
  }
  return (r: PartnerRow) => byPartner.get(JSON.stringify([r.tenant_id, r.id])) ?? [];
}

async function withPayers(db: Queryable, rows: PartnerRow[]): Promise<TradingPartner[]> {
  if (rows.length === 0) return [];
  const payers = await payersOf(db, [...new Set(rows.map((r) => r.tenant_id))]);
  return rows.map((r) => toPartner(r, payers(r)));
}

export async function getPartner(
  db: Queryable,
  tenantId: string,
  partnerId: string,
): Promise<TradingPartner | undefined> {
  const { rows } = await db.query<PartnerRow>(
    "select * from trading_partners where tenant_id = $1 and id = $2",
    [tenantId, partnerId],
  );
  return (await withPayers(db, rows))[0];
}

/** The partner that routes a payer for the tenant, if any. */
export async function partnerForPayer(
  db: Queryable,
  tenantId: string,
  payerId: string,
): Promise<TradingPartner | undefined> {
  const { rows } = await db.query<PartnerRow>(
    `select t.* from trading_partners t
     join partner_payers p on p.tenant_id = t.tenant_id and p.partner_id = t.id
     where p.tenant_id = $1 and p.payer_id = $2`,
    [tenantId, payerId],
  );
  return (await withPayers(db, rows))[0];
}

/** The partners of one tenant, or of every tenant (for schedulers such as the poller). */
export async function listPartners(db: Queryable, tenantId?: string): Promise<TradingPartner[]> {
  const { rows } = await db.query<PartnerRow>(
    `select * from trading_partners where $1::text is null or tenant_id = $1
     order by tenant_id, id`,
    [tenantId ?? null],
  );
  return withPayers(db, rows);
}
