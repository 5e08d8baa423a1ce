/**
 * Validates untrusted JSON against `schemas/encounter.schema.json` (JSON Schema 2020-12), the
 * one schema the API and the CLI use. Problems name the JSON pointer and the rule broken, never
 * the value found there (it may be PHI).
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { CodedEncounter } from "./encounter.js";
import { projectPath } from "./project-files.js";

export interface SchemaProblem {
  /** JSON pointer into the input, "" for the whole document. */
  readonly path: string;
  readonly message: string;
}

export type EncounterValidation =
  { ok: true; encounter: CodedEncounter } | { ok: false; problems: SchemaProblem[] };

const addFormats = addFormatsModule.default;
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(
    readFileSync(projectPath("schemas", "encounter.schema.json"), "utf8"),
  ) as object;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
  });
  addFormats(ajv, ["date"]);
  compiled = ajv.compile(schema);
  return compiled;
}

export function validateEncounter(json: unknown): EncounterValidation {
  const validate = validator();
  if (validate(json)) return { ok: true, encounter: json as CodedEncounter };
  return { ok: false, problems: problemsOf(validate.errors ?? []) };
}

function problemsOf(errors: readonly ErrorObject[]): SchemaProblem[] {
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    const problem = describe(error);
    if (!problem) continue;
    const key = `${problem.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A problem from one ajv error, worded from the schema side only (no instance values). */
function describe(error: ErrorObject): SchemaProblem | undefined {
  const path = error.instancePath;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "if":
      return undefined; // the failing branch reports the real problem
    case "required":
      return {
        path: `${path}/${escapePointer(String(p.missingProperty))}`,
        message: "is required",
      };
    case "additionalProperties":
      return {
        path: `${path}/${escapePointer(String(p.additionalProperty))}`,
        message: "is not a known field here",
      };
    case "unevaluatedProperties":
      return {
        path: `${path}/${escapePointer(String(p.unevaluatedProperty))}`,
        message: "is not a known field here",
      };
    case "enum":
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).join(", ")}` };
    case "const":
      return { path, message: `must be ${String(p.allowedValue)}` };
    case "format":
      return { path, message: `must be a valid ${String(p.format)} (YYYY-MM-DD)` };
    case "pattern":
      return { path, message: "does not have the expected format" };
    case "type":
      return { path, message: `must be of type ${String(p.type)}` };
    case "minLength":
      return { path, message: `must be at least ${String(p.limit)} characters` };
    case "maxLength":
      return { path, message: `must be at most ${String(p.limit)} characters` };
    case "minItems":
      return { path, message: `must have at least ${String(p.limit)} items` };
    case "maxItems":
      return { path, message: `must have at most ${String(p.limit)} items` };
    case "minimum":
    case "maximum":
      return { path, message: `must be ${String(p.comparison)} ${String(p.limit)}` };
    default:
      return { path, message: `breaks the schema rule ${error.keyword}` };
  }
}
