/**
 * The eligibility request: one question a practice-management system asks before a visit (is
 * this subscriber, or their dependent, covered by this payer on the date of service, and for
 * which service types). The gateway sends it as a 270 and answers with the 271's coverage
 * summary (`coverage.ts`). `schemas/eligibility-request.schema.json` is the same shape as JSON
 * Schema 2020-12; keep the two in step (a test validates every example).
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { IsoDate } from "./encounter.js";
import type { SchemaProblem } from "./encounter-schema.js";
import { projectPath } from "./project-files.js";

/** The service type asked about when the request names none: 30 health benefit plan coverage. */
export const DEFAULT_SERVICE_TYPES: readonly string[] = ["30"];

export interface EligibilityProvider {
  readonly npi: string;
  /** Organization name, or the last name when `firstName` is given. */
  readonly name: string;
  readonly firstName?: string;
}

export interface EligibilityPayer {
  readonly id: string;
  readonly name: string;
}

export interface EligibilityPerson {
  readonly lastName: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly suffix?: string;
  readonly birthDate?: IsoDate;
  readonly sex?: "F" | "M";
}

export interface EligibilitySubscriber extends EligibilityPerson {
  readonly memberId: string;
  readonly groupNumber?: string;
}

/** 270 INS02 of a dependent: 01 spouse, 19 child, 34 other adult. */
export type DependentRelationship = "spouse" | "child" | "other";

export interface EligibilityDependent extends EligibilityPerson {
  readonly relationship?: DependentRelationship;
}

export interface EligibilityRequest {
  /** The caller's unique id for the question: 270 TRN02, echoed in the 271. */
  readonly traceId: string;
  readonly provider: EligibilityProvider;
  readonly payer: EligibilityPayer;
  readonly subscriber: EligibilitySubscriber;
  /** The patient when it is not the subscriber. */
  readonly dependent?: EligibilityDependent;
  /** EQ01 service type codes; `DEFAULT_SERVICE_TYPES` when absent. */
  readonly serviceTypes?: readonly string[];
  readonly serviceDate: IsoDate;
  readonly serviceDateEnd?: IsoDate;
}

/**
 * Why a request got no answer: its 270 was rejected (by the partner's TA1 for the
 * interchange, or its 999 for the transaction set or group), or no 271 came by the partner's
 * deadline. `code` is stable (TA1_<note>, 999_IK5_<status>, 999_AK9_<status>, TIMED_OUT);
 * `message` says it in plain language; `codes` are the acknowledgment's own.
 */
export interface EligibilityFailure {
  readonly reason: "rejected" | "timed_out";
  readonly source: "TA1" | "999" | "followup";
  readonly code: string;
  readonly message: string;
  /** The acknowledgment's own codes: TA105, or IK502..IK506 / AK905..AK909. */
  readonly codes?: readonly string[];
  /** A 999's IK3/IK4 errors in the set (positions and codes only: no element copies). */
  readonly errors?: readonly AckSegmentError[];
}

export interface AckSegmentError {
  readonly segment: string;
  readonly position: number;
  readonly loop?: string;
  readonly code?: string;
  readonly elements: readonly { readonly position: number; readonly code: string }[];
}

export type EligibilityRequestValidation =
  { ok: true; request: EligibilityRequest } | { ok: false; problems: SchemaProblem[] };

/** The service types a request asks about (its own, or the default). */
export function serviceTypesOf(request: EligibilityRequest): readonly string[] {
  return request.serviceTypes ?? DEFAULT_SERVICE_TYPES;
}

function norm(text: string | undefined): string {
  return (text ?? "").trim().toUpperCase();
}

/**
 * Who the question is about, keyed exactly as the scrubber keys an encounter's patient
 * (`patientKey` in scrub/duplicates.ts): member id | patient last | first name | birth date,
 * the patient being the dependent when there is one. An answer stored under this key is the
 * one the scrubber finds for the claim.
 */
export function eligibilityPatientKey(request: EligibilityRequest): string {
  const patient: EligibilityPerson = request.dependent ?? request.subscriber;
  return [
    norm(request.subscriber.memberId),
    norm(patient.lastName),
    norm(patient.firstName),
    patient.birthDate ?? "",
  ].join("|");
}

const addFormats = addFormatsModule.default;
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(
    readFileSync(projectPath("schemas", "eligibility-request.schema.json"), "utf8"),
  ) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv, ["date"]);
  compiled = ajv.compile(schema);
  return compiled;
}

/** Validates untrusted JSON; problems name the JSON pointer and the rule, never the value. */
export function validateEligibilityRequest(json: unknown): EligibilityRequestValidation {
  const validate = validator();
  if (!validate(json)) return { ok: false, problems: problemsOf(validate.errors ?? []) };
  const request = json as EligibilityRequest;
  const end = request.serviceDateEnd;
  if (end !== undefined && end < request.serviceDate) {
    return {
      ok: false,
      problems: [{ path: "/serviceDateEnd", message: "must not be before serviceDate" }],
    };
  }
  return { ok: true, request };
}

function problemsOf(errors: readonly ErrorObject[]): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const error of errors) {
    const problem = describe(error);
    const key = `${problem.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

function pointer(path: string, token: unknown): string {
  return `${path}/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/** One ajv error in the schema's words only (no instance values: they may be PHI). */
function describe(error: ErrorObject): SchemaProblem {
  const path = error.instancePath;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: pointer(path, p.missingProperty), message: "is required" };
    case "additionalProperties":
      return { path: pointer(path, p.additionalProperty), message: "is not a known field here" };
    case "enum":
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).join(", ")}` };
    case "format":
      return { path, message: `must be a valid ${String(p.format)} (YYYY-MM-DD)` };
    case "pattern":
      return { path, message: "does not have the expected format" };
    case "type":
      return { path, message: `must be of type ${String(p.type)}` };
    case "minLength":
    case "maxLength":
      return {
        path,
        message: `must be ${lengthWord(error.keyword)} ${String(p.limit)} characters`,
      };
    case "minItems":
    case "maxItems":
      return { path, message: `must have ${lengthWord(error.keyword)} ${String(p.limit)} items` };
    case "uniqueItems":
      return { path, message: "must not repeat an item" };
    default:
      return { path, message: `breaks the schema rule ${error.keyword}` };
  }
}

function lengthWord(keyword: string): string {
  return keyword.startsWith("min") ? "at least" : "at most";
}
