import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimgateError } from "../../src/errors.js";
import type { Database } from "../../src/store/database.js";
import { migrate, readMigrations } from "../../src/store/migrate.js";
import type { Migration } from "../../src/store/migrate.js";
import { openDatabase } from "../../src/store/open.js";
import { openPostgres } from "../../src/store/postgres.js";
import { backends, freshPostgres } from "../support/postgres.js";

const migration = (version: number, sql: string): Migration => ({
  version,
  name: `${String(version).padStart(4, "0")}_test.sql`,
  sql,
  checksum: `sum-${version}-${sql.length}`,
});

describe.each(backends())("store base on $kind", (backend) => {
  afterAll(() => backend.cleanup());
  let db: Database;
  // Opening PGlite (a WebAssembly PostgreSQL) is the slow part; keep it out of the test's time.
  beforeAll(async () => {
    db = await backend.open();
  });

  it("applies the project's migrations, then finds them applied on a second run", async () => {
    expect(db.kind).toBe(backend.kind);
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);
    const first = await migrate(db);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await migrate(db);
    expect(second).toEqual({ applied: [], alreadyApplied: files.map((f) => f.name) });
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from information_schema.tables where table_name = $1",
      ["claims"],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("queries with parameters and reports affected rows", async () => {
    await db.query("insert into tenants (id, name) values ($1, $2), ($3, $4)", [
      "t1",
      "Practice One",
      "t2",
      "Practice Two",
    ]);
    const { rows } = await db.query<{ name: string }>("select name from tenants where id = $1", [
      "t2",
    ]);
    expect(rows).toEqual([{ name: "Practice Two" }]);
    const update = await db.query("update tenants set name = name || $1", ["!"]);
    expect(update.rowCount).toBe(2);
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    await db.transaction(async (tx) => {
      await tx.query("insert into tenants (id, name) values ($1, $2)", ["t3", "kept"]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into tenants (id, name) values ($1, $2)", ["t4", "lost"]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const { rows } = await db.query<{ id: string }>(
      "select id from tenants where id in ('t3', 't4') order by id",
    );
    expect(rows.map((r) => r.id)).toEqual(["t3"]);
  });

  it("wraps a failed query in a typed error that quotes no values", async () => {
    const error = await db
      .query("insert into tenants (id, name) values ($1, $2)", ["t1", "Secret Patient Name"])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClaimgateError);
    expect((error as ClaimgateError).code).toBe("STORE_QUERY_FAILED");
    expect((error as ClaimgateError).message).toContain("23505");
    expect((error as ClaimgateError).message).not.toContain("t1");
    expect((error as ClaimgateError).message).not.toContain("Secret");
  });

  it("rolls back a failing migration whole and records nothing of it", async () => {
    const fresh = await backend.open();
    const bad = migration(1, "create table a (x int); create table a (x int);");
    await expect(migrate(fresh, [bad])).rejects.toMatchObject({ code: "STORE_MIGRATION_FAILED" });
    const { rows } = await fresh.query<{ n: number }>(
      "select count(*)::int as n from information_schema.tables where table_name in ('a')",
    );
    expect(rows[0]?.n).toBe(0);
    const ledger = await fresh.query("select * from schema_migrations");
    expect(ledger.rows).toEqual([]);
  });

  it("refuses a migration that changed after it was applied", async () => {
    const fresh = await backend.open();
    await migrate(fresh, [migration(1, "create table b (x int);")]);
    const edited = { ...migration(1, "create table b (x int, y int);") };
    await expect(migrate(fresh, [edited])).rejects.toThrow(/changed after it was applied/);
  });

  it("lets two concurrent migrate calls apply each file once", async () => {
    const fresh = await backend.open();
    const set = [migration(1, "create table c (x int);"), migration(2, "create table d (x int);")];
    const [a, b] = await Promise.all([migrate(fresh, set), migrate(fresh, set)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(set.map((m) => m.name).sort());
  });
});

describe("store base: two processes migrating one PostgreSQL database", () => {
  it("takes turns on the advisory lock: each migration is applied exactly once", async () => {
    const fresh = await freshPostgres("race");
    const pools = [openPostgres(fresh.url), openPostgres(fresh.url), openPostgres(fresh.url)];
    try {
      const reports = await Promise.all(pools.map((db) => migrate(db)));
      const files = (await readMigrations()).map((f) => f.name);
      expect(reports.flatMap((r) => r.applied).sort()).toEqual([...files].sort());
      const { rows } = await pools[0]!.query<{ n: number }>(
        "select count(*)::int as n from schema_migrations",
      );
      expect(rows[0]?.n).toBe(files.length);
    } finally {
      await Promise.all(pools.map((db) => db.close()));
      await fresh.drop();
    }
  });
});

describe("openDatabase", () => {
  it("uses PGlite persisted under DATA_DIR when DATABASE_URL is unset", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cg-store-"));
    try {
      const db = await openDatabase({ databaseUrl: undefined, dataDir });
      expect(db.kind).toBe("pglite");
      await migrate(db);
      await db.query("insert into tenants (id, name) values ($1, $2)", ["p1", "persisted"]);
      await db.close();
      const again = await openDatabase({ databaseUrl: undefined, dataDir });
      const { rows } = await again.query<{ name: string }>("select name from tenants");
      expect(rows).toEqual([{ name: "persisted" }]);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("uses PostgreSQL when DATABASE_URL is set", async () => {
    const fresh = await freshPostgres("open");
    try {
      const db = await openDatabase({ databaseUrl: fresh.url, dataDir: "/nonexistent" });
      expect(db.kind).toBe("postgres");
      const { rows } = await db.query<{ one: number }>("select 1 as one");
      expect(rows).toEqual([{ one: 1 }]);
      await db.close();
    } finally {
      await fresh.drop();
    }
  });

  it("rejects a migrations folder with a badly named file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cg-mig-"));
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "1_bad.sql"), "select 1;");
      await expect(readMigrations(dir)).rejects.toThrow(/not named NNNN_name\.sql/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
