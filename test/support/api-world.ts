/**
 * An API over a fresh store for the read and resubmit API tests: the tenant `acme` with the
 * sandbox partner and key `key-acme`, a second tenant `other` with key `key-other`, and the
 * CARC and RARC lists given (test lists, not the published texts).
 */
import type { FastifyInstance } from "fastify";
import { hashApiKey } from "../../src/api/auth.js";
import { buildApi } from "../../src/api/server.js";
import type { CodeTexts } from "../../src/api/claim-view.js";
import { parseAdjustmentCodeList } from "../../src/domain/codesets/index.js";
import { createLogger } from "../../src/logging/logger.js";
import type { Database } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrate.js";
import { addApiKey, createTenant } from "../../src/store/tenants.js";
import { NOW } from "./inbound-claims.js";
import { seedTenantAndPartner } from "./pipeline-fixtures.js";
import type { Backend } from "./postgres.js";

export const AUTH = { authorization: "Bearer key-acme" };
export const OTHER_AUTH = { authorization: "Bearer key-other" };

/** Test texts: only these codes have one, so a code outside them must show null. */
export const TEST_CODE_TEXTS: CodeTexts = {
  carc: parseAdjustmentCodeList("code,description,start,stop\n45,test text of CARC 45,,\n", "CARC"),
  rarc: parseAdjustmentCodeList("code,description,start,stop\nN130,test text of N130,,\n", "RARC"),
};

export interface ApiWorld {
  readonly db: Database;
  readonly app: FastifyInstance;
}

export async function openApiWorld(
  backend: Backend,
  options: { codeSets?: CodeTexts; newId?: () => string; now?: () => Date } = {},
): Promise<ApiWorld> {
  const db = await backend.open();
  await migrate(db);
  await seedTenantAndPartner(db);
  await addApiKey(db, "acme", { id: "k-acme", keyHash: hashApiKey("key-acme") });
  await createTenant(db, { id: "other", name: "Other" });
  await addApiKey(db, "other", { id: "k-other", keyHash: hashApiKey("key-other") });
  let n = 0;
  const app = await buildApi({
    db,
    newId: options.newId ?? (() => `api-${++n}`),
    now: options.now ?? (() => NOW),
    logger: createLogger({ level: "silent" }),
    codeSets: options.codeSets ?? TEST_CODE_TEXTS,
  });
  return { db, app };
}
