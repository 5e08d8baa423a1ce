/**
 * Configuration: the one module that reads the environment.
 *
 * Settings come from environment variables and, optionally, a JSON config file named by
 * CLAIMGATE_CONFIG. They are validated once at start; a bad value fails with a message
 * naming the key and what is expected (never the value: it may be a secret).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ClaimgateError } from "../errors.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MODES = ["development", "production"] as const;
export type Mode = (typeof MODES)[number];

export interface Config {
  readonly mode: Mode;
  /** Redis for the queues. */
  readonly redisUrl: string;
  /** Key prefix for every BullMQ queue, so several deployments can share one Redis. */
  readonly queuePrefix: string;
  /** PostgreSQL URL; when absent the embedded PGlite store under dataDir is used. */
  readonly databaseUrl: string | undefined;
  /** Where embedded data (PGlite, archived files) lives. Absolute. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly logPretty: boolean;
  /** The config file that was read, if any. Absolute. */
  readonly configFile: string | undefined;
  /** Raw trading-partner entries from the config file; validated by the partner module. */
  readonly tradingPartners: readonly unknown[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** One documented setting: where it comes from and how it is checked. */
interface Setting<K extends keyof Config> {
  readonly env: string;
  readonly file: string;
  readonly expected: string;
  parse(raw: string): Config[K] | undefined;
}

const setting = <K extends keyof Config>(s: Setting<K>): Setting<K> => s;

function parseUrl(protocols: readonly string[]) {
  return (raw: string): string | undefined => {
    try {
      const url = new URL(raw);
      return protocols.includes(url.protocol) ? raw : undefined;
    } catch {
      return undefined;
    }
  };
}

function parseEnum<T extends string>(values: readonly T[]) {
  return (raw: string): T | undefined => values.find((v) => v === raw.toLowerCase());
}

function parseBoolean(raw: string): boolean | undefined {
  const v = raw.toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off", ""].includes(v)) return false;
  return undefined;
}

function parsePort(raw: string): number | undefined {
  if (!/^\d{1,5}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= 65535 ? n : undefined;
}

export const SETTINGS = {
  mode: setting<"mode">({
    env: "CLAIMGATE_MODE",
    file: "mode",
    expected: `one of ${MODES.join(", ")}`,
    parse: parseEnum(MODES),
  }),
  redisUrl: setting<"redisUrl">({
    env: "REDIS_URL",
    file: "redisUrl",
    expected: "a redis:// or rediss:// URL",
    parse: parseUrl(["redis:", "rediss:"]),
  }),
  queuePrefix: setting<"queuePrefix">({
    env: "QUEUE_PREFIX",
    file: "queuePrefix",
    expected: "letters, digits, '-' or '_' (1 to 40 characters)",
    parse: (raw) => (/^[A-Za-z0-9_-]{1,40}$/.test(raw) ? raw : undefined),
  }),
  databaseUrl: setting<"databaseUrl">({
    env: "DATABASE_URL",
    file: "databaseUrl",
    expected: "a postgres:// or postgresql:// URL (leave unset for the embedded store)",
    parse: parseUrl(["postgres:", "postgresql:"]),
  }),
  dataDir: setting<"dataDir">({
    env: "DATA_DIR",
    file: "dataDir",
    expected: "a directory path",
    parse: (raw) => (raw.trim() === "" ? undefined : path.resolve(raw)),
  }),
  host: setting<"host">({
    env: "HOST",
    file: "host",
    expected: "a host name or IP address to listen on",
    parse: (raw) => (/^[A-Za-z0-9.:-]+$/.test(raw) ? raw : undefined),
  }),
  port: setting<"port">({
    env: "PORT",
    file: "port",
    expected: "an integer from 0 to 65535",
    parse: parsePort,
  }),
  logLevel: setting<"logLevel">({
    env: "LOG_LEVEL",
    file: "logLevel",
    expected: `one of ${LOG_LEVELS.join(", ")}`,
    parse: parseEnum(LOG_LEVELS),
  }),
  logPretty: setting<"logPretty">({
    env: "LOG_PRETTY",
    file: "logPretty",
    expected: "true or false",
    parse: parseBoolean,
  }),
} as const;

const DEFAULTS = {
  mode: "development",
  redisUrl: "redis://127.0.0.1:6379",
  queuePrefix: "claimgate",
  databaseUrl: undefined,
  dataDir: ".data",
  host: "127.0.0.1",
  port: 3000,
  logLevel: "info",
  logPretty: false,
} as const;

function invalid(key: string, expected: string): ClaimgateError {
  return new ClaimgateError("CONFIG_INVALID", `Invalid configuration: ${key} must be ${expected}.`);
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ClaimgateError(
      "CONFIG_INVALID",
      "Invalid configuration: CLAIMGATE_CONFIG must name a readable JSON file.",
      { cause },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid("CLAIMGATE_CONFIG", "a file holding one JSON object (it is not valid JSON)");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalid("CLAIMGATE_CONFIG", "a file holding one JSON object");
  }
  return parsed as Record<string, unknown>;
}

function fileValue(fileSettings: Record<string, unknown>, key: string): string | undefined {
  const v = fileSettings[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw invalid(`${key} (config file)`, "a string, number or boolean");
}

/**
 * Reads and validates the configuration. Environment variables win over the config file;
 * the config file wins over defaults. An empty environment variable counts as unset.
 */
export function loadConfig(env: Env = process.env): Config {
  const configFile = env.CLAIMGATE_CONFIG ? path.resolve(env.CLAIMGATE_CONFIG) : undefined;
  const fileSettings = configFile ? readConfigFile(configFile) : {};
  const known = new Set([...Object.values(SETTINGS).map((s) => s.file), "tradingPartners"]);
  for (const key of Object.keys(fileSettings)) {
    if (!known.has(key)) throw invalid(`${key} (config file)`, "a known setting; it is not one");
  }

  const resolve = <K extends keyof typeof SETTINGS>(key: K): Config[K] => {
    const s = SETTINGS[key] as unknown as Setting<K>;
    const fromEnv = env[s.env];
    const [raw, label] =
      fromEnv !== undefined && fromEnv !== ""
        ? [fromEnv, s.env]
        : [fileValue(fileSettings, s.file), `${s.file} (config file)`];
    if (raw === undefined) {
      const d = DEFAULTS[key] as Config[K];
      return key === "dataDir" ? (path.resolve(d as string) as Config[K]) : d;
    }
    const parsed = s.parse(raw);
    if (parsed === undefined) throw invalid(label, s.expected);
    return parsed;
  };

  const partners = fileSettings.tradingPartners ?? [];
  if (!Array.isArray(partners)) throw invalid("tradingPartners (config file)", "an array");

  const mode = resolve("mode");
  const databaseUrl = resolve("databaseUrl");
  // The embedded store belongs to one process; production runs many against PostgreSQL.
  if (mode === "production" && databaseUrl === undefined) {
    throw invalid("DATABASE_URL", "set in production mode (the embedded store is single-process)");
  }

  return {
    mode,
    redisUrl: resolve("redisUrl"),
    queuePrefix: resolve("queuePrefix"),
    databaseUrl,
    dataDir: resolve("dataDir"),
    host: resolve("host"),
    port: resolve("port"),
    logLevel: resolve("logLevel"),
    logPretty: resolve("logPretty"),
    configFile,
    tradingPartners: partners as unknown[],
  };
}

/** The configuration with secrets masked, for `claimgate config` and start-up logs. */
export function describeConfig(config: Config): Record<string, unknown> {
  const mask = (url: string | undefined) => {
    if (url === undefined) return undefined;
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  };
  return {
    ...config,
    redisUrl: mask(config.redisUrl),
    databaseUrl: mask(config.databaseUrl),
    tradingPartners: config.tradingPartners.length,
  };
}
