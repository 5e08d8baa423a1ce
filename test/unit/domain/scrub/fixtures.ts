/**
 * Test fixtures for scrub: the worked examples (fresh copies), a small code set written here in
 * the published formats, and a context with a fixed today.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import {
  hcpcsCodeSet,
  icd10CmCodeSet,
  parseHcpcsRecords,
  parseIcd10CmOrderFile,
  parsePlaceOfServiceList,
} from "../../../../src/domain/codesets/index.js";
import type { CodeSets } from "../../../../src/domain/codesets/index.js";
import type {
  CodedEncounter,
  InstitutionalEncounter,
  ProfessionalEncounter,
} from "../../../../src/domain/encounter.js";
import { scrub } from "../../../../src/domain/scrub/index.js";
import type { ScrubContext, ScrubEdit } from "../../../../src/domain/scrub/index.js";

export const TODAY = "2026-03-15";

const examplesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../schemas/examples",
);

export const EXAMPLE_FILES = readdirSync(examplesDir).filter((f) => f.endsWith(".json"));

export function example(name: string): CodedEncounter {
  return JSON.parse(readFileSync(path.join(examplesDir, name), "utf8")) as CodedEncounter;
}

export function professional(name = "professional-office-visit.json"): ProfessionalEncounter {
  const e = example(name);
  if (e.kind !== "professional") throw new Error("not a professional example");
  return e;
}

export function institutional(name = "institutional-inpatient.json"): InstitutionalEncounter {
  const e = example(name);
  if (e.kind !== "institutional") throw new Error("not an institutional example");
  return e;
}

function orderLine(order: number, code: string, billable: boolean, text: string): string {
  return `${String(order).padStart(5, "0")} ${code.padEnd(7)} ${billable ? 1 : 0} ${text.padEnd(60)} ${text}`;
}

const ICD_FY2026 = [
  ["E11", false],
  ["E119", true],
  ["H6691", true],
  ["I10", true],
  ["J069", true],
  ["J189", true],
  ["N179", true],
  ["R0602", true],
  ["R079", true],
  ["S93401A", true],
  ["Z7984", true],
] as const;

function hcpcsLine(code: string, rid: string, added: string, terminated = ""): string {
  const line = Array<string>(320).fill(" ");
  const put = (col: number, text: string) => [...text].forEach((ch, i) => (line[col - 1 + i] = ch));
  put(1, code);
  put(6, "00100");
  put(11, rid);
  put(12, "Description");
  put(269, added);
  put(285, terminated);
  return line.join("");
}

export function fixtureCodeSets(): CodeSets {
  const icd = parseIcd10CmOrderFile(
    ICD_FY2026.map(([code, billable], i) => orderLine(i + 1, code, billable, "desc")).join("\n"),
    { fiscalYear: 2026 },
  );
  const hcpcs = parseHcpcsRecords(
    [
      hcpcsLine("J1100", "3", "19840101"),
      hcpcsLine("L4361", "3", "20060101"),
      hcpcsLine("G0000", "3", "20000101", "20251231"),
      hcpcsLine("RT", "7", "19900101"),
    ].join("\n"),
    { label: "2026-JAN", validFrom: "2026-01-01", validThrough: "2026-12-31" },
  );
  return {
    icd10: icd10CmCodeSet([icd]),
    hcpcs: hcpcsCodeSet([hcpcs]),
    pos: parsePlaceOfServiceList(
      "code,name\n11,Office\n20,Urgent Care Facility\n21,Inpatient Hospital\n",
    ),
  };
}

export function context(overrides: Partial<ScrubContext> = {}): ScrubContext {
  return {
    today: TODAY,
    codeSets: fixtureCodeSets(),
    payerRules: { defaultTimelyFilingDays: 365 },
    knownPayerIds: new Set(["EXHP1", "EXMCD", "EXMCR"]),
    priorClaims: [],
    eligibility: [],
    ...overrides,
  };
}

/** The edits of one code. */
export function withCode(edits: readonly ScrubEdit[], code: string): ScrubEdit[] {
  return edits.filter((e) => e.code === code);
}

/** Scrubs and returns only the edits of `code`. */
export function scrubFor(
  encounter: CodedEncounter,
  code: string,
  ctx: ScrubContext = context(),
): ScrubEdit[] {
  return withCode(scrub(encounter, ctx), code);
}

/** Exactly one edit of the code, at the path, with the owner and severity written in the test. */
export function expectOne(
  edits: readonly ScrubEdit[],
  expected: Pick<ScrubEdit, "code" | "owner" | "severity" | "path">,
): void {
  const found = withCode(edits, expected.code);
  expect(found.map(({ code, owner, severity, path }) => ({ code, owner, severity, path }))).toEqual(
    [expected],
  );
  expect(found[0]!.message.length).toBeGreaterThan(10);
}
