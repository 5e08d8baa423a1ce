/**
 * Queryable.bulkInsert on both stores (COPY on PostgreSQL, INSERT ... SELECT over arrays on
 * PGlite): every row arrives in order with its values as given, whatever they hold (tabs, line
 * breaks, backslashes, quotes, braces, the word NULL, empty text, wide characters, NULLs,
 * booleans, big integers, timestamps, JSON with escapes), and a refused row loses them all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.js";
import { backends } from "../support/postgres.js";

const TEXTS = [
  "plain",
  "tab\there",
  "line\nbreak\r\nand return",
  "back\\slash \\N \\t",
  'quote " and {brace,comma}',
  "NULL",
  "",
  "wide ✓ 東京 😀",
  null,
];

describe.each(backends())("bulk insert ($kind)", (backend) => {
  let db: Database;

  beforeAll(async () => {
    db = await backend.open();
    await db.execScript(`create table bulk_probe (
      id bigserial primary key, tenant_id text not null, label text, flag boolean,
      cents bigint, at timestamptz, doc jsonb)`);
  });
  afterAll(() => backend.cleanup());

  const columns = (rows: number) => [
    { name: "label", type: "text", values: Array.from({ length: rows }, (_, i) => TEXTS[i % 9]) },
    { name: "flag", type: "boolean", values: Array.from({ length: rows }, (_, i) => i % 2 === 0) },
    {
      name: "cents",
      type: "bigint",
      values: Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? null : -9_007_199_254_740 + i)),
    },
    {
      name: "at",
      type: "timestamptz",
      values: Array.from({ length: rows }, (_, i) =>
        new Date(Date.UTC(2026, 2, 5, 0, 0, i)).toISOString(),
      ),
    },
    {
      name: "doc",
      type: "jsonb",
      values: Array.from({ length: rows }, (_, i) => ({
        i,
        text: TEXTS[i % 9],
        list: [1, "a\\b"],
      })),
    },
  ];

  it("writes every row in order with the values given", async () => {
    const rows = 27;
    const given = columns(rows);
    await db.transaction((tx) =>
      tx.bulkInsert(
        "bulk_probe",
        [{ name: "tenant_id", type: "text", value: "t\t1" }],
        given,
        rows,
      ),
    );
    const { rows: read } = await db.query<{
      tenant_id: string;
      label: string | null;
      flag: boolean;
      cents: string | null;
      at: Date | string;
      doc: unknown;
    }>("select tenant_id, label, flag, cents::text as cents, at, doc from bulk_probe order by id");
    expect(read).toHaveLength(rows);
    read.forEach((row, i) => {
      expect(row.tenant_id).toBe("t\t1");
      expect(row.label).toBe(given[0]!.values[i]);
      expect(row.flag).toBe(given[1]!.values[i]);
      const cents = given[2]!.values[i] as number | null;
      expect(row.cents).toBe(cents === null ? null : String(cents));
      expect(new Date(row.at).toISOString()).toBe(given[3]!.values[i]);
      expect(typeof row.doc === "string" ? JSON.parse(row.doc) : row.doc).toEqual(
        given[4]!.values[i],
      );
    });
  });

  it("writes JSON given as text (jsonText) as the documents it spells", async () => {
    const docs = Array.from({ length: 12 }, (_, i) => ({
      i,
      text: TEXTS[i % 9],
      list: [1, "a\\b"],
    }));
    await db.transaction((tx) =>
      tx.bulkInsert(
        "bulk_probe",
        [{ name: "tenant_id", type: "text", value: "json-text" }],
        [
          {
            name: "doc",
            type: "jsonb",
            jsonText: true,
            values: docs.map((doc, i) => (i === 5 ? null : JSON.stringify(doc))),
          },
        ],
        docs.length,
      ),
    );
    const { rows } = await db.query<{ doc: unknown }>(
      "select doc from bulk_probe where tenant_id = 'json-text' order by id",
    );
    expect(
      rows.map((r) => (typeof r.doc === "string" ? (JSON.parse(r.doc) as unknown) : r.doc)),
    ).toEqual(docs.map((doc, i) => (i === 5 ? null : doc)));
    // A missing text is JSON null on both stores, as a missing JSON value is.
    const nulls = await db.query<{ n: number }>(
      "select count(*)::int as n from bulk_probe where tenant_id = 'json-text' and doc = 'null'::jsonb",
    );
    expect(nulls.rows[0]!.n).toBe(1);
  });

  it("writes nothing when a row is refused", async () => {
    const before = await db.query<{ n: number }>("select count(*)::int as n from bulk_probe");
    const bad = columns(5).map((c) =>
      c.name === "cents" ? { ...c, values: [1, 2, 3, "not a number", 5] } : c,
    );
    await expect(
      db.transaction((tx) =>
        tx.bulkInsert("bulk_probe", [{ name: "tenant_id", type: "text", value: "t" }], bad, 5),
      ),
    ).rejects.toMatchObject({ code: "STORE_QUERY_FAILED" });
    const after = await db.query<{ n: number }>("select count(*)::int as n from bulk_probe");
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
