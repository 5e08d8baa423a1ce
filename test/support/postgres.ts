/**
 * PostgreSQL and PGlite for integration tests.
 *
 * `freshPostgres()` creates a database of its own on the local server (TEST_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/postgres, trust auth) and drops it afterwards;
 * `backends()` lists both store backends so one suite runs against each.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Database } from "../../src/store/database.js";
import { openPglite } from "../../src/store/pglite.js";
import { openPostgres } from "../../src/store/postgres.js";

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL answers at TEST_DATABASE_URL (default ${adminUrl()}). Start it ` +
        "(pg_ctlcluster <version> main start) or point TEST_DATABASE_URL at one.",
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  readonly url: string;
  readonly name: string;
  /** Drops the database (closing any sessions still connected to it). */
  drop(): Promise<void>;
}

export async function freshPostgres(label = "t"): Promise<FreshDatabase> {
  const name = `cgtest_${label}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(),
  };
}

export interface Backend {
  readonly kind: Database["kind"];
  /** Opens a new empty database of this kind. */
  open(): Promise<Database>;
  /** Drops what open() created. */
  cleanup(): Promise<void>;
}

export function postgresBackend(): Backend & { url(): string } {
  const created: FreshDatabase[] = [];
  const opened: Database[] = [];
  return {
    kind: "postgres",
    async open() {
      const fresh = await freshPostgres("store");
      created.push(fresh);
      const db = openPostgres(fresh.url);
      opened.push(db);
      return db;
    },
    url: () => created.at(-1)?.url ?? "",
    async cleanup() {
      await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
      await Promise.all(created.splice(0).map((d) => d.drop()));
    },
  };
}

export function pgliteBackend(): Backend {
  const opened: Database[] = [];
  return {
    kind: "pglite",
    async open() {
      const db = await openPglite();
      opened.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
    },
  };
}

/** Both backends, for `describe.each`. */
export function backends(): Backend[] {
  return [postgresBackend(), pgliteBackend()];
}
