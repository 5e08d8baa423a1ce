/**
 * Files exchanged with partners and their raw content. Content is archived once by its
 * SHA-256 (blobs); a file row says who sent or got it, what kind it is and where it stands.
 * The same content from the same partner in the same direction is recorded once: recording it
 * again returns the first record with `duplicate: true`, so it is never processed twice.
 */
import { createHash } from "node:crypto";
import type { Database, Queryable } from "./database.js";

export type FileDirection = "outbound" | "inbound";

export interface FileRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly partnerId: string;
  readonly direction: FileDirection;
  readonly kind: string;
  readonly name: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly state: string;
  readonly errorCode: string | null;
}

export interface NewFile {
  readonly id: string;
  readonly partnerId: string;
  readonly direction: FileDirection;
  readonly kind: string;
  readonly name: string;
  readonly state: string;
  readonly content: Uint8Array;
}

interface FileRow {
  id: string;
  tenant_id: string;
  partner_id: string;
  direction: FileDirection;
  kind: string;
  name: string;
  sha256: string;
  size_bytes: string | number;
  state: string;
  error_code: string | null;
}

const toRecord = (r: FileRow): FileRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  partnerId: r.partner_id,
  direction: r.direction,
  kind: r.kind,
  name: r.name,
  sha256: r.sha256,
  sizeBytes: Number(r.size_bytes),
  state: r.state,
  errorCode: r.error_code,
});

export const sha256Of = (content: Uint8Array): string =>
  createHash("sha256").update(content).digest("hex");

/** Archives the content and records the file, in one transaction. */
export async function recordFile(
  db: Database,
  tenantId: string,
  file: NewFile,
  at: Date,
): Promise<{ file: FileRecord; duplicate: boolean }> {
  return db.transaction((tx) => recordFileIn(tx, tenantId, file, at));
}

/** `recordFile` inside a transaction the caller holds. */
export async function recordFileIn(
  tx: Queryable,
  tenantId: string,
  file: NewFile,
  at: Date,
): Promise<{ file: FileRecord; duplicate: boolean }> {
  const sha256 = sha256Of(file.content);
  {
    await tx.query(
      "insert into blobs (sha256, content) values ($1, $2) on conflict (sha256) do nothing",
      [sha256, file.content],
    );
    const inserted = await tx.query<FileRow>(
      `insert into files (id, tenant_id, partner_id, direction, kind, name, sha256, size_bytes,
         state, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       on conflict (tenant_id, partner_id, direction, sha256) do nothing
       returning *`,
      [
        file.id,
        tenantId,
        file.partnerId,
        file.direction,
        file.kind,
        file.name,
        sha256,
        file.content.byteLength,
        file.state,
        at,
      ],
    );
    if (inserted.rows[0] !== undefined)
      return { file: toRecord(inserted.rows[0]), duplicate: false };
    const existing = await tx.query<FileRow>(
      `select * from files
       where tenant_id = $1 and partner_id = $2 and direction = $3 and sha256 = $4`,
      [tenantId, file.partnerId, file.direction, sha256],
    );
    return { file: toRecord(existing.rows[0] as FileRow), duplicate: true };
  }
}

export async function getFile(db: Queryable, tenantId: string, fileId: string) {
  const { rows } = await db.query<FileRow>("select * from files where tenant_id = $1 and id = $2", [
    tenantId,
    fileId,
  ]);
  return rows[0] === undefined ? undefined : toRecord(rows[0]);
}

/** The archived content of a tenant's file. */
export async function fileContent(
  db: Queryable,
  tenantId: string,
  fileId: string,
): Promise<Uint8Array | undefined> {
  const { rows } = await db.query<{ content: Uint8Array }>(
    `select b.content from files f join blobs b on b.sha256 = f.sha256
     where f.tenant_id = $1 and f.id = $2`,
    [tenantId, fileId],
  );
  return rows[0]?.content;
}

/** Moves a file to `to` only if it is in `from` (a compare-and-set); returns whether it moved. */
export async function setFileState(
  db: Queryable,
  tenantId: string,
  fileId: string,
  from: readonly string[],
  to: string,
  at: Date,
  errorCode: string | null = null,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update files set state = $4, error_code = $5, updated_at = $6
     where tenant_id = $1 and id = $2 and state = any($3::text[])`,
    [tenantId, fileId, from, to, errorCode, at],
  );
  return rowCount > 0;
}
