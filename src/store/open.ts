/**
 * Chooses the store backend from the configuration: PostgreSQL when DATABASE_URL is set,
 * otherwise PGlite persisted under DATA_DIR/pglite.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "./database.js";
import { openPglite } from "./pglite.js";
import { openPostgres } from "./postgres.js";

export interface StoreLocation {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

export async function openDatabase(location: StoreLocation): Promise<Database> {
  if (location.databaseUrl !== undefined) return openPostgres(location.databaseUrl);
  const dir = path.join(location.dataDir, "pglite");
  await mkdir(dir, { recursive: true });
  return openPglite(dir);
}
