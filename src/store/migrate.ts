/**
 * SQL migrations: numbered files (`0001_name.sql`) applied in order, each inside its own
 * transaction together with its row in `schema_migrations`. Safe to run twice (applied
 * files are skipped) and from two processes at once (they take turns on a lock). A landed
 * migration is never edited: its checksum is recorded and a changed file stops the run.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ClaimgateError } from "../errors.js";
import type { Database, Queryable } from "./database.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The project's migrations folder, from src/store or dist/src/store alike. */
export function defaultMigrationsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${path.sep}dist${path.sep}`)
    ? path.resolve(here, "../../..")
    : path.resolve(here, "../..");
  return path.join(root, "migrations");
}

export async function readMigrations(dir = defaultMigrationsDir()): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new ClaimgateError(
        "STORE_MIGRATION_FAILED",
        `migration file ${file} is not named NNNN_name.sql`,
      );
    }
    const sql = await readFile(path.join(dir, file), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    migrations.push({ version: Number(match[1]), name: file, sql, checksum });
  }
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length) {
    throw new ClaimgateError("STORE_MIGRATION_FAILED", "two migration files share a number");
  }
  return migrations;
}

const LEDGER = `create table if not exists schema_migrations (
  version     integer primary key,
  name        text not null,
  checksum    text not null,
  applied_at  timestamptz not null default now()
)`;

async function appliedChecksums(db: Queryable): Promise<Map<number, string>> {
  const { rows } = await db.query<{ version: number; checksum: string }>(
    "select version, checksum from schema_migrations order by version",
  );
  return new Map(rows.map((r) => [r.version, r.checksum]));
}

async function applyOne(db: Database, migration: Migration): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.execScript(migration.sql);
      await tx.query(
        "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
        [migration.version, migration.name, migration.checksum],
      );
    });
  } catch (error) {
    throw new ClaimgateError(
      "STORE_MIGRATION_FAILED",
      `migration ${migration.name} failed and was rolled back`,
      { cause: error },
    );
  }
}

export async function migrate(
  db: Database,
  migrations?: readonly Migration[],
): Promise<MigrationReport> {
  const all = migrations ?? (await readMigrations());
  return db.withLock("claimgate:migrate", async (locked) => {
    await locked.query(LEDGER);
    const done = await appliedChecksums(locked);
    const applied: string[] = [];
    const alreadyApplied: string[] = [];
    for (const migration of all) {
      const checksum = done.get(migration.version);
      if (checksum === undefined) {
        await applyOne(db, migration);
        applied.push(migration.name);
      } else if (checksum !== migration.checksum) {
        throw new ClaimgateError(
          "STORE_MIGRATION_FAILED",
          `migration ${migration.name} was changed after it was applied`,
        );
      } else {
        alreadyApplied.push(migration.name);
      }
    }
    return { applied, alreadyApplied };
  });
}
