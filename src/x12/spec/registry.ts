/**
 * The spec registry: every part of the X12 core loads TR3 specs through here.
 *
 * Specs live as JSON in `schemas/x12/`, named `<guide>.json` or, where one guide covers two
 * transaction sets (X279A1: 270 and 271), `<guide>.<ST01>.json`. The folder is found by
 * walking up from this module to the package root (the folder holding package.json), so the
 * same code works from `src/` under tsx and from `dist/src/` after a build. Files are read
 * once, on first use, and indexed by (guide, ST01) and by each alias of the guide.
 *
 * Reading these files is the one file read the pure core is allowed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ClaimgateError } from "../../errors.js";
import type { TransactionSpec } from "./types.js";

export interface SpecRegistry {
  /** The spec for a guide (GS08 / ST03, or an alias) and ST01, or undefined. */
  find(guide: string, transactionSet: string): TransactionSpec | undefined;
  /** Every spec once (aliases not repeated), in file-name order. */
  list(): readonly TransactionSpec[];
}

function key(guide: string, transactionSet: string): string {
  return `${guide}|${transactionSet}`;
}

/** Finds the package root: the nearest folder at or above `start` holding package.json. */
export function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ClaimgateError("X12_SPEC_UNKNOWN", "No package root found above the spec module.");
    }
    dir = parent;
  }
}

/** The `schemas/x12` folder of this package. */
export function defaultSchemasDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.join(findPackageRoot(here), "schemas", "x12");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks the outer shape only; `checkSpec` checks the tree in depth. */
function asSpec(value: unknown, file: string): TransactionSpec {
  const ok =
    isRecord(value) &&
    typeof value.guide === "string" &&
    typeof value.transactionSet === "string" &&
    typeof value.functionalGroup === "string" &&
    Array.isArray(value.children) &&
    (value.aliases === undefined ||
      (Array.isArray(value.aliases) && value.aliases.every((a) => typeof a === "string")));
  if (!ok) {
    throw new ClaimgateError(
      "X12_SPEC_INVALID",
      `Spec file ${file} lacks guide, transactionSet, functionalGroup or children.`,
    );
  }
  return value as unknown as TransactionSpec;
}

/** Specs are shared by every caller: freeze them so none can change them for the others. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function readSpecFile(dir: string, file: string): TransactionSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
  } catch (cause) {
    throw new ClaimgateError("X12_SPEC_INVALID", `Spec file ${file} is not readable JSON.`, {
      cause,
    });
  }
  return deepFreeze(asSpec(parsed, file));
}

/** Reads every `*.json` in `dir` and indexes the specs. Exported for tests. */
export function createSpecRegistry(dir: string): SpecRegistry {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .sort()
    : [];
  const specs = files.map((f) => readSpecFile(dir, f));
  const index = new Map<string, TransactionSpec>();
  specs.forEach((spec, i) => {
    for (const guide of [spec.guide, ...(spec.aliases ?? [])]) {
      const k = key(guide, spec.transactionSet);
      if (index.has(k)) {
        throw new ClaimgateError(
          "X12_SPEC_INVALID",
          `Spec file ${files[i] ?? "?"} repeats guide ${guide} for transaction set ${spec.transactionSet}.`,
        );
      }
      index.set(k, spec);
    }
  });
  return {
    find: (guide, transactionSet) => index.get(key(guide, transactionSet)),
    list: () => specs,
  };
}

let cached: SpecRegistry | undefined;

function registry(): SpecRegistry {
  cached ??= createSpecRegistry(defaultSchemasDir());
  return cached;
}

/** The spec for a guide (or alias) and ST01, or undefined when none is known. */
export function findSpec(guide: string, transactionSet: string): TransactionSpec | undefined {
  return registry().find(guide, transactionSet);
}

/** The spec for a guide (or alias) and ST01; throws X12_SPEC_UNKNOWN naming both. */
export function loadSpec(guide: string, transactionSet: string): TransactionSpec {
  const spec = findSpec(guide, transactionSet);
  if (spec === undefined) {
    throw new ClaimgateError(
      "X12_SPEC_UNKNOWN",
      `No TR3 spec for guide ${guide} and transaction set ${transactionSet}.`,
    );
  }
  return spec;
}

/** Every known spec, once each. */
export function listSpecs(): readonly TransactionSpec[] {
  return registry().list();
}
