/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly) in this process, persisted
 * under a directory or kept in memory. One process owns a data directory at a time; run
 * several gateway processes against PostgreSQL instead.
 */
import { PGlite } from "@electric-sql/pglite";
import type { Transaction } from "@electric-sql/pglite";
import type { Database, Queryable, QueryResult, SqlValue } from "./database.js";
import { insertStatement } from "./bulk-insert.js";
import { queryFailed } from "./postgres.js";

type PgliteRunner = Pick<PGlite | Transaction, "query" | "exec">;

function runner(client: PgliteRunner): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await client.query<Row>(sql, params as unknown[]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      } catch (error) {
        throw queryFailed(error);
      }
    },
    async execScript(sql: string): Promise<void> {
      try {
        await client.exec(sql);
      } catch (error) {
        throw queryFailed(error);
      }
    },
    async bulkInsert(table, constants, columns, size) {
      if (size === 0) return;
      // One INSERT ... SELECT over array parameters, not COPY (see bulk-insert.ts).
      const { sql, params } = insertStatement(table, constants, columns);
      try {
        await client.query(sql, params as unknown[]);
      } catch (error) {
        throw queryFailed(error);
      }
    },
  };
}

/** Serializes `withLock` sections per key within this process (the only process on the data). */
class KeyedLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Opens PGlite at `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pglite = await PGlite.create(dataDir === undefined ? undefined : { dataDir });
  const base = runner(pglite);
  const locks = new KeyedLocks();
  return {
    kind: "pglite",
    ...base,
    transaction: (work) => pglite.transaction((tx) => work(runner(tx))),
    withLock: (key, work) => locks.run(key, () => work(base)),
    close: () => pglite.close(),
  };
}
