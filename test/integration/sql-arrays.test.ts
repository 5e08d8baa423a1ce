/**
 * Bulk-statement columns (src/store/sql-arrays.ts) read back by each store exactly as sent:
 * quotes, backslashes, commas, braces, the word NULL, empty strings, SQL NULLs, numbers,
 * booleans and JSON documents, zipped row by row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.js";
import { arrayLiteral, columnReader } from "../../src/store/sql-arrays.js";
import { backends } from "../support/postgres.js";

describe.each(backends())("bulk columns ($kind)", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.cleanup());

  it("reads every value back as it was sent, in order", async () => {
    const texts = ['say "hi"', "back\\slash", "a,b", "{x}", "NULL", "", null, "é ü 💳"];
    const numbers = [1, -2, null, 3_000_000_000, 0, 7, 8, 9];
    const flags = [true, false, null, true, false, true, false, true];
    const docs = texts.map((text, i) => ({ i, text, nested: { list: [i, text] } }));
    const { rows } = await db.query<{
      t: string | null;
      n: string | null;
      f: boolean | null;
      d: unknown;
    }>(
      `select t, n::text as n, f, d from rows from (${columnReader(1, "text")},
         ${columnReader(2, "bigint")}, ${columnReader(3, "boolean")}, ${columnReader(4, "jsonb")})
         with ordinality as r(t, n, f, d, k) order by k`,
      [arrayLiteral(texts), arrayLiteral(numbers), arrayLiteral(flags), JSON.stringify(docs)],
    );
    expect(rows.map((r) => r.t)).toEqual(texts);
    expect(rows.map((r) => r.n)).toEqual(numbers.map((n) => (n === null ? null : String(n))));
    expect(rows.map((r) => r.f)).toEqual(flags);
    expect(rows.map((r) => r.d)).toEqual(docs);
  });

  it("reads an empty column as no rows", async () => {
    const { rows } = await db.query(`select * from ${columnReader(1, "text")}`, [arrayLiteral([])]);
    expect(rows).toEqual([]);
  });
});
