/**
 * Every public sample against the one expectations file (test/corpus/expectations.ts):
 * - outside invalid/: validateFile's error and warning findings equal the listed ones exactly,
 *   matched by code, severity, segment, position, element and component (as a multiset, so a
 *   finding repeated in several sets counts each time). An unexpected finding fails with its
 *   message; a listed finding that no longer appears fails with its reason (stale entry).
 * - under invalid/: at least one error finding and every finding the damage must produce,
 *   or, for a file that is no interchange at all, a ClaimgateError with its code and offset.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../src/errors.js";
import type { Finding } from "../../../src/x12/finding.js";
import { validateFile } from "../../../src/x12/validator.js";
import { INVALID_FINDINGS, SAMPLE_FINDINGS } from "../../corpus/expectations.js";
import type { ExpectedFinding, Positions } from "../../corpus/expectations.js";
import { corpusFiles, invalidCorpusFiles } from "../../support/corpus.js";

function positionsOf(p: Positions): readonly number[] {
  if (typeof p === "number") return [p];
  if ("first" in p) return Array.from({ length: p.count }, (_, i) => p.first + i * p.step);
  return p;
}

type Place = Pick<Finding, "code" | "severity" | "segment" | "position" | "element" | "component">;

/** "CLM@20 CLM05-02 ELEMENT_REQUIRED_MISSING error": what a finding is matched by. */
function keyOf(f: Place): string {
  const el = f.element === undefined ? "" : String(f.element).padStart(2, "0");
  const comp = f.component === undefined ? "" : `-${String(f.component).padStart(2, "0")}`;
  const where = el === "" ? "" : ` ${f.segment}${el}${comp}`;
  return `${f.segment}@${f.position}${where} ${f.code} ${f.severity}`;
}

/** Each expected finding once per position and per `times`, with its reason. */
function expand(expected: readonly ExpectedFinding[]): { key: string; reason: string }[] {
  return expected.flatMap((e) =>
    positionsOf(e.position).flatMap((position) =>
      Array.from({ length: e.times ?? 1 }, () => ({
        key: keyOf({ ...e, position }),
        reason: e.reason,
      })),
    ),
  );
}

/** Multiset difference by key: the items of `from` left after taking out `take`'s keys. */
function minus<T extends { key: string }>(
  from: readonly T[],
  take: readonly { key: string }[],
): T[] {
  const counts = new Map<string, number>();
  for (const t of take) counts.set(t.key, (counts.get(t.key) ?? 0) + 1);
  return from.filter((item) => {
    const n = counts.get(item.key) ?? 0;
    if (n === 0) return true;
    counts.set(item.key, n - 1);
    return false;
  });
}

function findingsOf(file: string): Finding[] {
  return validateFile(readFileSync(file)).findings.filter(
    (f) => f.severity === "error" || f.severity === "warning",
  );
}

describe("corpus samples: findings equal the expectations file", () => {
  const files = corpusFiles();

  it("reads the corpus and every table entry names one of its files", () => {
    expect(files.length).toBeGreaterThan(50);
    const names = new Set(files.map((f) => f.relative));
    expect(Object.keys(SAMPLE_FINDINGS).filter((name) => !names.has(name))).toEqual([]);
  });

  it("every listed finding has a one-line reason", () => {
    for (const [file, list] of Object.entries(SAMPLE_FINDINGS)) {
      expect(list.length, file).toBeGreaterThan(0);
      for (const e of list) expect(e.reason, `${file} ${e.code}`).toMatch(/^[^\n]{10,}$/);
    }
  });

  it.each(files.map((f) => [f.relative, f.path]))("%s", (name, file) => {
    const actual = findingsOf(file).map((f) => ({ key: keyOf(f), message: f.message }));
    const expected = expand(SAMPLE_FINDINGS[name] ?? []);
    const unexpected = minus(actual, expected).map((f) => `${f.key} — ${f.message}`);
    const stale = minus(expected, actual).map((e) => `${e.key} — listed because: ${e.reason}`);
    expect({ unexpected, stale }).toEqual({ unexpected: [], stale: [] });
  });
});

describe("corpus invalid/ files: the damage is found", () => {
  const files = invalidCorpusFiles();

  it("has an expectation for every invalid file, and only for those", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(Object.keys(INVALID_FINDINGS).sort()).toEqual(files.map((f) => f.relative).sort());
    for (const [file, e] of Object.entries(INVALID_FINDINGS)) {
      expect((e.findings?.length ?? 0) > 0 || e.throws !== undefined, file).toBe(true);
    }
  });

  it.each(files.map((f) => [f.relative, f.path]))("%s", (name, file) => {
    const expectation = INVALID_FINDINGS[name];
    if (expectation === undefined) throw new Error(`no expectation for ${name}`);
    if (expectation.throws !== undefined) {
      let thrown: unknown;
      try {
        validateFile(readFileSync(file));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ClaimgateError);
      expect(thrown).toMatchObject(expectation.throws);
      return;
    }
    const findings = findingsOf(file);
    expect(findings.filter((f) => f.severity === "error").length).toBeGreaterThan(0);
    const actual = findings.map((f) => ({ key: keyOf(f) }));
    const missing = minus(expand(expectation.findings ?? []), actual).map(
      (e) => `${e.key} — ${e.reason}`,
    );
    expect(missing).toEqual([]);
  });
});
