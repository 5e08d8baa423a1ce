import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisDurabilityProblems } from "../../src/queue/connection.js";
import { testRedisUrl } from "../support/redis.js";

describe("production check of Redis durability (real Redis)", () => {
  let redis: Redis | undefined;
  afterAll(() => redis?.disconnect());

  it("names what the local test server lacks, and passes once its settings are right", async () => {
    redis = new Redis(await testRedisUrl());
    const before = {
      policy: ((await redis.config("GET", "maxmemory-policy")) as string[])[1] ?? "",
      aof: ((await redis.config("GET", "appendonly")) as string[])[1] ?? "",
    };
    try {
      await redis.config("SET", "maxmemory-policy", "allkeys-lru");
      await redis.config("SET", "appendonly", "no");
      const save = ((await redis.config("GET", "save")) as string[])[1];
      const problems = await redisDurabilityProblems(redis);
      expect(problems).toContain("maxmemory-policy must be noeviction");
      if (!save) expect(problems.join()).toContain("persistence");
      await redis.config("SET", "maxmemory-policy", "noeviction");
      await redis.config("SET", "appendonly", "yes");
      expect(await redisDurabilityProblems(redis)).toEqual([]);
    } finally {
      await redis.config("SET", "maxmemory-policy", before.policy);
      await redis.config("SET", "appendonly", before.aof);
    }
  });
});
