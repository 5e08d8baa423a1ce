/**
 * Bulk inserts (`Queryable.bulkInsert`): rows given a column at a time, written by each store
 * its cheapest way. PostgreSQL takes them through COPY (`copyText`): no arrays or JSON
 * documents for the server to take apart, and the rows written a page at a time. Posting an
 * 835 of 100k claims, the timeline insert took 0.73-0.76 -> 0.52-0.58 s of server CPU and the
 * payments 0.81-0.83 -> 0.65-0.66 s, for about 0.3 s more here (COPY text costs more to make
 * than array literals): work moved from the one database to the workers, which scale out.
 * PGlite takes one INSERT ... SELECT over the columns as array parameters (`insertStatement`):
 * its COPY FROM '/dev/blob' slows down with each COPY a process runs (1 s for the first 100k
 * rows, 4.6 s for the third 100k), so it is not used there.
 */
import { ClaimgateError } from "../errors.js";
import type { SqlValue } from "./database.js";
import { arrayLiteral, columnReader } from "./sql-arrays.js";

export type BulkCell = string | number | boolean | null | undefined;

/**
 * One column: its name, SQL type and a value per row (for json/jsonb, any JSON value, or with
 * `jsonText` each value's JSON text already made).
 */
export interface BulkColumn {
  readonly name: string;
  readonly type: string;
  readonly values: readonly unknown[];
  /**
   * A json/jsonb column whose values are JSON texts (JSON.stringify'd by the caller as each row
   * is made: the documents then die young instead of living, and being copied by the
   * collector, until the write).
   */
  readonly jsonText?: boolean;
}

/** Whether the column's values are JSON values still to be written as JSON text. */
const jsonValues = (column: BulkColumn): boolean =>
  (column.type === "jsonb" || column.type === "json") && column.jsonText !== true;

/** A column with one value for every row (the tenant, the remittance). */
export interface BulkConstant {
  readonly name: string;
  readonly type: string;
  readonly value: string | number | boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Names are the store's own constants; checked anyway, as they go into the SQL unquoted. */
function checkNames(table: string, names: readonly string[]): void {
  if (![table, ...names].every((name) => IDENTIFIER.test(name)))
    throw new ClaimgateError("STORE_QUERY_FAILED", "bulk insert: not a plain table or column name");
}

const names = (constants: readonly BulkConstant[], columns: readonly BulkColumn[]) => [
  ...constants.map((c) => c.name),
  ...columns.map((c) => c.name),
];

/** The COPY statement for these columns, from STDIN. */
export function copyStatement(
  table: string,
  constants: readonly BulkConstant[],
  columns: readonly BulkColumn[],
): string {
  const all = names(constants, columns);
  checkNames(table, all);
  return `copy ${table} (${all.join(", ")}) from stdin`;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};

/** One field of COPY text: `\N` for NULL, t/f, and a backslash, tab or line break escaped. */
function copyField(value: BulkCell): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

/** No value yet (unequal to every cell). */
const NONE = Symbol("none");

/**
 * The rows as COPY text (tab-separated fields, a line each), in the columns' order. A value
 * equal to the one above it in its column reuses its text (columns repeat: a state, a time,
 * NULLs). Every field's text, with the tab or line break after it, goes into one list joined
 * once: no string is built a row at a time (a row's `+=` chain made a dozen short-lived
 * strings a row, each copied again by the join).
 */
export function copyText(
  constants: readonly BulkConstant[],
  columns: readonly BulkColumn[],
  size: number,
): string {
  const head = constants.map((c) => `${copyField(c.value)}\t`).join("");
  const width = columns.length;
  const json = columns.map(jsonValues);
  // JSON texts: a missing one is JSON null, as a missing JSON value is.
  const jsonText = columns.map((c) => c.jsonText === true);
  const last: unknown[] = columns.map(() => NONE);
  const texts: string[] = columns.map(() => "");
  const parts = new Array<string>(size * (width + (head ? 1 : 0)));
  let at = 0;
  for (let row = 0; row < size; row++) {
    if (head) parts[at++] = head;
    for (let i = 0; i < width; i++) {
      const value = columns[i]!.values[row];
      if (json[i] || value !== last[i]) {
        last[i] = value;
        const text = copyField(
          json[i]
            ? JSON.stringify(value ?? null)
            : ((jsonText[i] ? (value ?? "null") : value) as BulkCell),
        );
        texts[i] = i === width - 1 ? `${text}\n` : `${text}\t`;
      }
      parts[at++] = texts[i]!;
    }
  }
  return parts.join("");
}

/**
 * The INSERT ... SELECT of the rows and its parameters: the constants first, then each column
 * as one array literal (a JSON array for jsonb); the rows keep their order (WITH ORDINALITY).
 */
export function insertStatement(
  table: string,
  constants: readonly BulkConstant[],
  columns: readonly BulkColumn[],
): { sql: string; params: SqlValue[] } {
  const all = names(constants, columns);
  checkNames(table, all);
  const picked = [
    ...constants.map((c, i) => `$${i + 1}::${c.type}`),
    ...columns.map((c) => `r.${c.name}`),
  ];
  const readers = columns.map((c, i) => columnReader(constants.length + i + 1, c.type));
  const sql = `insert into ${table} (${all.join(", ")})
    select ${picked.join(", ")}
    from rows from (${readers.join(", ")})
      with ordinality as r(${columns.map((c) => c.name).join(", ")}, n)
    order by r.n`;
  const params: SqlValue[] = [
    ...constants.map((c) => c.value),
    ...columns.map((c) => {
      if (c.type !== "jsonb") return arrayLiteral(c.values as readonly BulkCell[]);
      return c.jsonText === true
        ? `[${c.values.map((v) => (v === null || v === undefined ? "null" : (v as string))).join(",")}]`
        : JSON.stringify(c.values);
    }),
  ];
  return { sql, params };
}
