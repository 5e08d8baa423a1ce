import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeConfig, loadConfig } from "../../../src/config/index.js";
import { ClaimgateError } from "../../../src/errors.js";

function configError(env: Record<string, string>): ClaimgateError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ClaimgateError) return e;
    throw e;
  }
  throw new Error("expected loadConfig to fail");
}

describe("config", () => {
  it("uses defaults when nothing is set", () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe("info");
    expect(path.isAbsolute(c.dataDir)).toBe(true);
  });

  it("reads and converts environment variables", () => {
    const c = loadConfig({
      REDIS_URL: "redis://10.0.0.5:6380/2",
      DATABASE_URL: "postgres://app@db:5432/claimgate",
      PORT: "8080",
      LOG_LEVEL: "DEBUG",
      LOG_PRETTY: "true",
      DATA_DIR: "/var/lib/claimgate",
    });
    expect(c).toMatchObject({
      redisUrl: "redis://10.0.0.5:6380/2",
      databaseUrl: "postgres://app@db:5432/claimgate",
      port: 8080,
      logLevel: "debug",
      logPretty: true,
      dataDir: "/var/lib/claimgate",
    });
  });

  it("names a malformed variable and what is expected, without echoing its value", () => {
    const e = configError({ PORT: "eighty" });
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.message).toContain("PORT");
    expect(e.message).toContain("integer from 0 to 65535");
    expect(e.message).not.toContain("eighty");

    const secret = "mysql://root:hunter2@db/x";
    const e2 = configError({ DATABASE_URL: secret });
    expect(e2.message).toContain("DATABASE_URL");
    expect(e2.message).not.toContain("hunter2");

    expect(configError({ PORT: "70000" }).message).toContain("PORT");
    expect(configError({ LOG_LEVEL: "loud" }).message).toContain("LOG_LEVEL");
    expect(configError({ REDIS_URL: "localhost:6379" }).message).toContain("REDIS_URL");
  });

  it("names a variable that production mode requires when it is missing", () => {
    const e = configError({ CLAIMGATE_MODE: "production" });
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.message).toContain("DATABASE_URL");
    expect(e.message).toContain("production");
    const ok = loadConfig({ CLAIMGATE_MODE: "production", DATABASE_URL: "postgres://db/x" });
    expect(ok.mode).toBe("production");
  });

  it("treats an empty variable as missing and falls back", () => {
    expect(loadConfig({ PORT: "" }).port).toBe(3000);
  });

  it("fails on a missing config file and names the key", () => {
    const e = configError({ CLAIMGATE_CONFIG: "/nonexistent/claimgate.json" });
    expect(e.message).toContain("CLAIMGATE_CONFIG");
  });

  it("reads a config file, with environment variables taking precedence", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cg-config-"));
    const file = path.join(dir, "claimgate.json");
    writeFileSync(file, JSON.stringify({ port: 4000, logLevel: "warn", tradingPartners: [{}] }));
    const c = loadConfig({ CLAIMGATE_CONFIG: file, LOG_LEVEL: "error" });
    expect(c.port).toBe(4000);
    expect(c.logLevel).toBe("error");
    expect(c.tradingPartners).toHaveLength(1);

    writeFileSync(file, JSON.stringify({ prot: 4000 }));
    expect(configError({ CLAIMGATE_CONFIG: file }).message).toContain("prot");
    writeFileSync(file, "{not json");
    expect(configError({ CLAIMGATE_CONFIG: file }).message).toContain("CLAIMGATE_CONFIG");
  });

  it("masks passwords when describing the configuration", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://app:s3cret@db/claimgate" });
    expect(JSON.stringify(describeConfig(c))).not.toContain("s3cret");
  });
});
