import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    // Integration tests start real servers (sshd, databases); give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
