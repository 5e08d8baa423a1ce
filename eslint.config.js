// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/**
 * Dependencies point inward (ARCHITECTURE.md section 4): the pure core (x12, domain)
 * imports nothing of the adapters; adapters import the core; the pipeline (one use case a
 * module) imports adapters; wiring (workers, cli, app) imports all of them. These zones make that a lint error instead of a habit.
 */
const core = ["./src/x12", "./src/domain"];
const adapters = ["./src/store", "./src/queue", "./src/transport", "./src/sandbox"];
/** Application services: one use case each (transmit a file, ingest an 835 ...), over adapters. */
const pipeline = ["./src/pipeline"];
/** The HTTP surface: routes call the pipeline's use cases; it imports no wiring. */
const http = ["./src/api", "./src/ui"];
const wiring = ["./workers", "./src/cli.ts", "./src/cli", "./src/app"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    rules: {
      "import-x/no-cycle": ["error", { maxDepth: 10 }],
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            ...core.map((target) => ({
              target,
              from: [...adapters, ...pipeline, ...http, ...wiring, "./src/config", "./src/logging"],
              message: "The pure core (x12, domain) must not import adapters or wiring.",
            })),
            ...adapters.map((target) => ({
              target,
              from: [...wiring, ...pipeline, ...http],
              message: "Adapters must not import the pipeline or wiring (workers, cli, app).",
            })),
            ...pipeline.map((target) => ({
              target,
              from: [...wiring, ...http],
              message: "The pipeline must not import the api or wiring (workers, cli, app).",
            })),
            ...http.map((target) => ({
              target,
              from: wiring,
              message: "The api must not import wiring (workers, cli, app).",
            })),
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through src/config only.",
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver()] },
  },
  {
    // The config module is the one place that reads the environment; the test harness
    // and benchmarks read their own knobs (TEST_DATABASE_URL, REQUIRE_OPENSSH, ...).
    files: ["src/config/**", "test/**", "bench/**", "scripts/**", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["test/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
