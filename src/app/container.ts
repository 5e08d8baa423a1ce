/**
 * The one start-up module: builds every dependency from the configuration and passes it down
 * (no global singletons). The clock and id generator are injected so tests and the demo
 * control them.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Config } from "../config/index.js";
import type { CodeSets } from "../domain/codesets/index.js";
import { loadCodeSets } from "../domain/codesets/index.js";
import type { PayerRules } from "../domain/scrub/index.js";
import type { Logger } from "../logging/logger.js";
import { syncTradingPartners } from "../pipeline/partners.js";
import { partnerSessions, storePartners } from "../pipeline/sessions.js";
import type { PartnerLookup } from "../pipeline/sessions.js";
import { createRedis, redisDurabilityProblems } from "../queue/connection.js";
import { ClaimgateError } from "../errors.js";
import { JobProducer } from "../queue/producer.js";
import type { Database } from "../store/database.js";
import { migrate } from "../store/migrate.js";
import { openDatabase } from "../store/open.js";
import type { PartnerSessions } from "../transport/sftp.js";

export interface Container {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly redisUrl: string;
  readonly producer: JobProducer;
  readonly partners: PartnerLookup;
  readonly sessions: PartnerSessions;
  readonly codeSets: CodeSets;
  readonly payerRules: PayerRules;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Worker connections are made per worker; this makes one with the worker options. */
  workerConnection(): Redis;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  readonly db?: Database;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export async function createContainer(
  config: Config,
  logger: Logger,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const db = overrides.db ?? (await openDatabase(config));
  const report = await migrate(db);
  if (report.applied.length > 0) logger.info({ applied: report.applied }, "migrations applied");
  const partnersSynced = await syncTradingPartners(db, config.tradingPartners);
  logger.info({ partners: partnersSynced.length, store: db.kind }, "store ready");
  const producerConnection = createRedis(config.redisUrl, "worker");
  if (config.mode === "production") {
    const problems = await redisDurabilityProblems(producerConnection);
    if (problems.length > 0) {
      producerConnection.disconnect();
      await db.close();
      throw new ClaimgateError(
        "CONFIG_INVALID",
        `Redis is not fit for production: ${problems.join("; ")}.`,
      );
    }
  }
  const workerConnections: Redis[] = [];
  const partners = storePartners(db);
  const sessions = partnerSessions(partners);
  const producer = new JobProducer(producerConnection, config.queuePrefix);
  return {
    config,
    logger,
    db,
    redisUrl: config.redisUrl,
    producer,
    partners,
    sessions,
    codeSets: loadCodeSets(),
    payerRules: {},
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? (() => randomUUID()),
    workerConnection() {
      const connection = createRedis(config.redisUrl, "worker");
      workerConnections.push(connection);
      return connection;
    },
    async close() {
      await producer.close();
      producerConnection.disconnect();
      for (const c of workerConnections) c.disconnect();
      await db.close();
    },
  };
}
