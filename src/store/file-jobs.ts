/**
 * Recording a file together with the jobs it needs, in one transaction (the outbox rule):
 * a new file commits with its jobs, a file seen before (same content from the same partner
 * in the same direction) returns the first record with `duplicate: true` and adds no job.
 * Same tables and keys as `recordFile` in files.ts.
 */
import { ClaimgateError } from "../errors.js";
import type { Database } from "./database.js";
import { getFile, sha256Of } from "./files.js";
import type { FileRecord, NewFile } from "./files.js";
import { addOutboxJobs } from "./outbox.js";
import type { OutboxJob } from "./outbox.js";

export async function recordFileWithJobs(
  db: Database,
  tenantId: string,
  file: NewFile,
  at: Date,
  jobs: readonly OutboxJob[],
): Promise<{ file: FileRecord; duplicate: boolean }> {
  const sha256 = sha256Of(file.content);
  return db.transaction(async (tx) => {
    await tx.query(
      "insert into blobs (sha256, content) values ($1, $2) on conflict (sha256) do nothing",
      [sha256, file.content],
    );
    const inserted = await tx.query<{ id: string }>(
      `insert into files (id, tenant_id, partner_id, direction, kind, name, sha256, size_bytes,
         state, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       on conflict (tenant_id, partner_id, direction, sha256) do nothing
       returning id`,
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
    const duplicate = inserted.rows[0] === undefined;
    if (!duplicate) await addOutboxJobs(tx, jobs);
    const { rows } = await tx.query<{ id: string }>(
      `select id from files
       where tenant_id = $1 and partner_id = $2 and direction = $3 and sha256 = $4`,
      [tenantId, file.partnerId, file.direction, sha256],
    );
    const record = await getFile(tx, tenantId, rows[0]?.id ?? file.id);
    if (record === undefined)
      throw new ClaimgateError("STORE_NOT_FOUND", "the file row is missing");
    return { file: record, duplicate };
  });
}
