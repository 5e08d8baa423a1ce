/**
 * Recording a file together with the jobs it needs, in one transaction (the outbox rule):
 * a new file commits with its jobs, a file seen before (same content from the same partner
 * in the same direction) returns the first record with `duplicate: true` and adds no job.
 */
import type { Database } from "./database.js";
import { recordFileIn } from "./files.js";
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
  return db.transaction(async (tx) => {
    const recorded = await recordFileIn(tx, tenantId, file, at);
    if (!recorded.duplicate) await addOutboxJobs(tx, jobs);
    return recorded;
  });
}
