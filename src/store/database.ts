/**
 * The one small interface the store's repositories use, over PostgreSQL (`pg` Pool) or the
 * embedded PGlite. Repositories write plain parameterised SQL ($1, $2 ...) that both accept.
 */
import type { BulkColumn, BulkConstant } from "./bulk-insert.js";

export type SqlValue = string | number | boolean | null | Date | Uint8Array | readonly unknown[];

export interface QueryResult<Row> {
  readonly rows: Row[];
  /** Rows inserted, updated or deleted, where the statement reports it. */
  readonly rowCount: number;
}

/** Something that runs queries: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(
    this: void,
    sql: string,
    params?: readonly SqlValue[],
  ): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  execScript(this: void, sql: string): Promise<void>;
  /**
   * Inserts `size` rows given a column at a time (each `values` has `size` entries), in their
   * order, each store its cheapest way (bulk-insert.ts: COPY on PostgreSQL).
   */
  bulkInsert(
    this: void,
    table: string,
    constants: readonly BulkConstant[],
    columns: readonly BulkColumn[],
    size: number,
  ): Promise<void>;
}

export type DatabaseKind = "postgres" | "pglite";

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws
   * (the error is rethrown). Queries inside must go through the given `tx`.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding a database-wide exclusive lock named by `key`, so that two
   * processes doing the same thing (migrating, allocating) take turns.
   */
  withLock<T>(key: string, work: (db: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
