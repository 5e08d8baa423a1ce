import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateEncounter } from "../../../../src/domain/encounter-schema.js";
import {
  EDIT_CATALOG,
  EDIT_CODES,
  EDIT_OWNERS,
  holdsClaim,
  scrub,
} from "../../../../src/domain/scrub/index.js";
import { EXAMPLE_FILES, context, example } from "./fixtures.js";

describe("scrub: worked examples", () => {
  it.each(EXAMPLE_FILES)("%s validates and scrubs clean", (file) => {
    const encounter = example(file);
    expect(validateEncounter(encounter).ok).toBe(true);
    const edits = scrub(encounter, context());
    expect(edits).toEqual([]);
    expect(holdsClaim(edits)).toBe(false);
  });

  it("warns, never passes silently, when no code set is loaded", () => {
    const edits = scrub(example("professional-office-visit.json"), context({ codeSets: {} }));
    expect(edits.map((e) => [e.code, e.severity, e.path])).toEqual([
      ["CODESET_UNAVAILABLE", "warning", "/diagnoses/0/code"],
      ["CODESET_UNAVAILABLE", "warning", "/serviceLines/1/procedureCode"],
      ["CODESET_UNAVAILABLE", "warning", "/placeOfService"],
    ]);
    expect(holdsClaim(edits)).toBe(false);
  });

  it("refuses a today that is not a date", () => {
    expect(() =>
      scrub(example("professional-office-visit.json"), context({ today: "15/03/2026" })),
    ).toThrow(/YYYY-MM-DD/);
  });
});

describe("edit catalog", () => {
  it("gives every code a known owner and severity", () => {
    for (const code of EDIT_CODES) {
      expect(EDIT_OWNERS).toContain(EDIT_CATALOG[code].owner);
      expect(["error", "warning"]).toContain(EDIT_CATALOG[code].severity);
    }
    expect(new Set(EDIT_CODES).size).toBe(EDIT_CODES.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random mutations of the examples never throw. Either the schema refuses them with
// problems, or scrub returns edits that follow the catalog and quote no value.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every JSON pointer path (as key lists) to a value in the document. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => paths(v, [...prefix, i])));
  if (value !== null && typeof value === "object") {
    return here.concat(Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k])));
  }
  return here;
}

const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    "",
    "0",
    "0000000000",
    "2026-02-30",
    "9999-12-31",
    "1900-01-01",
    "ZZ",
    "E11",
    "A",
    null,
    [],
    {},
  ),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.integer({ min: -2, max: 14 }), { maxLength: 6 }),
);

/** Fields whose values are the schema's own vocabulary (enums), not data about anyone. */
const VOCABULARY = new Set([
  "kind",
  "relationship",
  "payerResponsibility",
  "entity",
  "taxIdType",
  "unitType",
]);

function stringLeaves(value: Json, key = ""): string[] {
  if (typeof value === "string") return VOCABULARY.has(key) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => stringLeaves(v, key));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, k));
  }
  return [];
}

function mutate(doc: Json, at: (string | number)[], value: Json | undefined): Json {
  if (at.length === 0) return value ?? null;
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let parent: Record<string | number, Json> = copy;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = at[at.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
  return copy;
}

describe("scrub: random mutations", () => {
  const docs = EXAMPLE_FILES.map((f) => example(f) as unknown as Json);

  it("never throw: schema problems, or edits that follow the catalog and quote no value", () => {
    const step = fc.record({
      pick: fc.nat(),
      mode: fc.nat({ max: 5 }),
      raw: replacement,
      text: fc.constantFrom(
        "",
        "0",
        "0000000000",
        "1234567890",
        "99999",
        "2026-02-30",
        "2027-01-01",
        "1900-01-01",
        "ZZ",
        "E11",
        "A1",
        "0111",
        "7",
        "X",
      ),
      int: fc.integer({ min: -5, max: 2_000_000 }),
      pointers: fc.array(fc.integer({ min: -1, max: 14 }), { maxLength: 6 }),
    });
    const mutation = fc.tuple(
      fc.integer({ min: 0, max: docs.length - 1 }),
      fc.array(step, { minLength: 1, maxLength: 2 }),
    );
    let scrubbed = 0;
    let held = 0;
    fc.assert(
      fc.property(mutation, ([d, steps]) => {
        let doc: Json = docs[d]!;
        for (const { pick, mode, raw, text, int, pointers } of steps) {
          const all = paths(doc);
          const at = all[pick % all.length]!;
          const current = at.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, doc);
          // Mostly keep the type (so scrub sees the encounter); sometimes anything, or delete.
          const typed: Json =
            typeof current === "string"
              ? text
              : typeof current === "number"
                ? int
                : Array.isArray(current) && typeof current[0] === "number"
                  ? pointers
                  : raw;
          doc = mutate(doc, at, mode === 0 ? raw : mode === 1 ? undefined : typed);
        }
        const result = validateEncounter(doc);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) expect(typeof p.path).toBe("string");
          return;
        }
        const edits = scrub(result.encounter, context());
        scrubbed++;
        if (holdsClaim(edits)) held++;
        // No message quotes a value of the encounter (names, ids, codes: possibly PHI).
        const values = stringLeaves(doc).filter((v) => v.length >= 5);
        for (const edit of edits) {
          for (const value of values) expect(edit.message).not.toContain(value);
          expect(EDIT_CATALOG[edit.code]).toMatchObject({
            owner: edit.owner,
            severity: edit.severity,
          });
          expect(edit.path).toMatch(/^\//);
        }
      }),
      { numRuns: 800, seed: 20260315 },
    );
    // The mutations must reach scrub often enough to test it, and make it hold claims.
    expect(scrubbed).toBeGreaterThan(100);
    expect(held).toBeGreaterThan(30);
  });
});

describe("scrub README", () => {
  it("lists every edit code with its owner and severity", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(
      new URL("../../../../src/domain/scrub/README.md", import.meta.url),
      "utf8",
    );
    for (const code of EDIT_CODES) {
      const { owner, severity } = EDIT_CATALOG[code];
      expect(readme).toContain(`| \`${code}\` | ${owner} | ${severity} |`);
    }
  });
});
