/**
 * PostgreSQL through a `pg` Pool: the production store.
 */
import { finished } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { ClaimgateError } from "../errors.js";
import type { Database, Queryable, QueryResult, SqlValue } from "./database.js";
import { copyStatement, copyText } from "./bulk-insert.js";
import { lockId } from "./lock-id.js";

type PgClient = pg.Pool | pg.PoolClient;

function runner(client: PgClient): Queryable {
  return {
    async query<Row>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await client.query(sql, params as unknown[]);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        throw queryFailed(error);
      }
    },
    async execScript(sql: string): Promise<void> {
      try {
        // Without parameters pg uses the simple protocol, which runs several statements.
        await client.query(sql);
      } catch (error) {
        throw queryFailed(error);
      }
    },
    async bulkInsert(table, constants, columns, size) {
      if (size === 0) return;
      const sql = copyStatement(table, constants, columns);
      const rows = copyText(constants, columns, size);
      if (!(client instanceof pg.Pool)) return copyInto(client, sql, rows);
      const own = await client.connect();
      try {
        await copyInto(own, sql, rows);
      } finally {
        own.release();
      }
    },
  };
}

/** COPY ... FROM STDIN on the client, queued behind its other queries as any query is. */
async function copyInto(client: pg.PoolClient, sql: string, rows: string): Promise<void> {
  try {
    const stream = client.query(copyFrom(sql));
    stream.end(rows);
    await finished(stream);
  } catch (error) {
    throw queryFailed(error);
  }
}

/**
 * Wraps a driver error in our typed error. The driver's message can quote values from the
 * statement (a unique violation names the key), so only the SQLSTATE and constraint travel.
 */
export function queryFailed(error: unknown): ClaimgateError {
  const e = error as { code?: string; constraint?: string };
  const detail = [e.code && `sqlstate ${e.code}`, e.constraint && `constraint ${e.constraint}`]
    .filter(Boolean)
    .join(", ");
  return new ClaimgateError("STORE_QUERY_FAILED", `query failed${detail ? `: ${detail}` : ""}`, {
    cause: error,
    transient: isTransient(e.code),
  });
}

/** Connection loss, shutdown, serialization and deadlock failures may succeed when retried. */
function isTransient(code: string | undefined): boolean {
  if (code === undefined) return false;
  return (
    code.startsWith("08") ||
    code === "40001" ||
    code === "40P01" ||
    code === "57P01" ||
    code === "ECONNREFUSED" ||
    code === "ECONNRESET"
  );
}

export function openPostgres(connectionString: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const base = runner(pool);

  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  return {
    kind: "postgres",
    ...base,
    transaction: (work) =>
      withClient(async (client) => {
        await client.query("begin");
        try {
          const result = await work(runner(client));
          await client.query("commit");
          return result;
        } catch (error) {
          await client.query("rollback");
          throw error;
        }
      }),
    withLock: (key, work) =>
      withClient(async (client) => {
        // A session-level advisory lock: held across the transactions `work` may open.
        await client.query("select pg_advisory_lock($1)", [lockId(key)]);
        try {
          return await work(runner(client));
        } finally {
          await client.query("select pg_advisory_unlock($1)", [lockId(key)]);
        }
      }),
    close: () => pool.end(),
  };
}
