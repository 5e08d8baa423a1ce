/**
 * Property: random valid variations of the example encounters (charges, 1-50 lines, 1-12
 * diagnoses, dependent or not) build into an 837 the validator finds clean, CLM02 equals
 * the sum of the lines, and reading the set back gives the encounter again.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  Diagnosis,
  InstitutionalEncounter,
  InstitutionalServiceLine,
  ProfessionalEncounter,
  ProfessionalServiceLine,
} from "../../../../src/domain/encounter.js";
import { parseCents } from "../../../../src/x12/money.js";
import { read837 } from "../../../../src/x12/transactions/837-read.js";
import { batchOf, errorsOf, examples, expectedReadBack, setsOf } from "./837-helpers.js";

/** The value type an arbitrary generates. */
type CaseOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const all = examples().map((e) => e.encounter);
const professional = all.filter((e): e is ProfessionalEncounter => e.kind === "professional");
const institutional = all.filter((e): e is InstitutionalEncounter => e.kind === "institutional");
const dependent = professional.find((e) => e.relationship !== "self");

const isoDate = fc
  .integer({ min: 0, max: 2000 })
  .map((days) => new Date(Date.UTC(2021, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
const cents = fc.integer({ min: 0, max: 5_000_000 });
const units = fc.oneof(fc.integer({ min: 1, max: 999 }), fc.constantFrom(0.5, 1.25, 2.5));
const icd = fc.stringMatching(/^[A-Z][0-9]{2}[0-9A-Z]{0,4}$/);
const modifiers = fc.uniqueArray(fc.constantFrom("25", "59", "RT", "LT", "QW", "GT"), {
  maxLength: 4,
});

const professionalLine = fc.record({
  procedureCode: fc.constantFrom("99213", "99214", "J1100", "3044F", "87880", "73610"),
  modifiers,
  units,
  chargeCents: cents,
  pointers: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
  serviceDate: isoDate,
  placeOfService: fc.option(fc.constantFrom("11", "22"), { nil: undefined }),
  /** Days from the service date to its end (RD8), when the line spans days. */
  spanDays: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  adjudication: fc.option(
    fc.record({
      paidCents: cents,
      paidUnits: fc.integer({ min: 0, max: 99 }),
      adjustments: fc.array(
        fc.record({
          group: fc.constantFrom("CO" as const, "PR" as const, "OA" as const),
          reason: fc.constantFrom("45", "1", "2", "3", "253"),
          amountCents: cents,
        }),
        { maxLength: 6 },
      ),
    }),
    { nil: undefined },
  ),
});

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A prior payer's line adjudication, when the claim has a prior payer to point at (SVD01). */
function adjudicationOf(base: ProfessionalEncounter, line: CaseOf<typeof professionalLine>) {
  const payerId = base.otherPayers?.[0]?.payer.id;
  if (payerId === undefined || line.adjudication === undefined) return {};
  const { adjustments, ...paid } = line.adjudication;
  return {
    otherPayerAdjudications: [
      {
        payerId,
        procedureCode: line.procedureCode,
        adjudicationDate: line.serviceDate,
        ...paid,
        ...(adjustments.length === 0 ? {} : { adjustments }),
      },
    ],
  };
}

/** Line control numbers: some lines keep their own, some get the caller's, some none. */
const controls = (count: number) =>
  fc.array(fc.constantFrom("own", "ids", "none"), { minLength: count, maxLength: count });

function lineControls(choices: readonly string[]) {
  const own = choices.map((c, i) => (c === "own" ? `OWN${i}` : undefined));
  const ids = choices.map((c, i) => (c === "ids" ? `IDS-${i}` : undefined));
  return { own, ids };
}

const professionalCase = fc
  .record({
    base: fc.constantFrom(...professional),
    diagnoses: fc.uniqueArray(icd, { minLength: 1, maxLength: 12 }),
    lines: fc.array(professionalLine, { minLength: 1, maxLength: 50 }),
    asDependent: fc.boolean(),
    withTotal: fc.boolean(),
  })
  .chain((c) => controls(c.lines.length).map((choices) => ({ ...c, choices })));

function professionalEncounter(c: CaseOf<typeof professionalCase>) {
  const { own, ids } = lineControls(c.choices);
  const serviceLines: ProfessionalServiceLine[] = c.lines.map((l, i) => ({
    procedureCode: l.procedureCode,
    modifiers: l.modifiers,
    units: l.units,
    chargeCents: l.chargeCents,
    // Pointers must point at a diagnosis of the claim: fold them into range, keep unique.
    diagnosisPointers: [...new Set(l.pointers.map((p) => ((p - 1) % c.diagnoses.length) + 1))],
    serviceDate: l.serviceDate,
    ...(l.spanDays === undefined ? {} : { serviceDateEnd: plusDays(l.serviceDate, l.spanDays) }),
    ...adjudicationOf(c.base, l),
    ...(l.placeOfService === undefined ? {} : { placeOfService: l.placeOfService }),
    ...(own[i] === undefined ? {} : { lineControlNumber: own[i] }),
  }));
  const total = serviceLines.reduce((sum, l) => sum + l.chargeCents, 0);
  const family =
    c.asDependent && dependent !== undefined
      ? { relationship: dependent.relationship, patient: dependent.patient }
      : { relationship: "self" as const, patient: undefined };
  const encounter: ProfessionalEncounter = {
    ...c.base,
    ...family,
    diagnoses: c.diagnoses.map((code) => ({ code })),
    serviceLines,
    totalChargeCents: c.withTotal ? total : undefined,
  };
  return { encounter, lineControlNumbers: ids, total };
}

const poa = fc.option(fc.constantFrom("Y", "N", "U", "W"), { nil: undefined });
const diagnosis = fc
  .record({ code: icd, presentOnAdmission: poa })
  .map((d): Diagnosis => (d.presentOnAdmission === undefined ? { code: d.code } : d));

const institutionalLine = fc.record({
  revenueCode: fc.stringMatching(/^0[1-9][0-9]{2}$/),
  procedureCode: fc.option(fc.constantFrom("99284", "85025", "71046"), { nil: undefined }),
  modifiers,
  units,
  unitType: fc.constantFrom("UN" as const, "DA" as const),
  chargeCents: cents,
  serviceDate: fc.option(isoDate, { nil: undefined }),
});

const institutionalCase = fc
  .record({
    base: fc.constantFrom(...institutional),
    principal: diagnosis,
    other: fc.array(diagnosis, { maxLength: 11 }),
    lines: fc.array(institutionalLine, { minLength: 1, maxLength: 50 }),
    asDependent: fc.boolean(),
  })
  .chain((c) => controls(c.lines.length).map((choices) => ({ ...c, choices })));

function institutionalEncounter(c: CaseOf<typeof institutionalCase>) {
  const { own, ids } = lineControls(c.choices);
  const serviceLines: InstitutionalServiceLine[] = c.lines.map((l, i) => ({
    revenueCode: l.revenueCode,
    units: l.units,
    unitType: l.unitType,
    chargeCents: l.chargeCents,
    ...(l.procedureCode === undefined
      ? {}
      : { procedureCode: l.procedureCode, modifiers: l.modifiers }),
    ...(l.serviceDate === undefined ? {} : { serviceDate: l.serviceDate }),
    ...(own[i] === undefined ? {} : { lineControlNumber: own[i] }),
  }));
  const family =
    c.asDependent && dependent?.patient !== undefined
      ? { relationship: "child" as const, patient: dependent.patient }
      : { relationship: "self" as const, patient: undefined };
  const encounter: InstitutionalEncounter = {
    ...c.base,
    ...family,
    principalDiagnosis: c.principal,
    otherDiagnoses: c.other.length === 0 ? undefined : c.other,
    serviceLines,
    totalChargeCents: undefined,
  };
  const total = serviceLines.reduce((sum, l) => sum + l.chargeCents, 0);
  return { encounter, lineControlNumbers: ids, total };
}

function checkRoundTrip(built: {
  encounter: ProfessionalEncounter | InstitutionalEncounter;
  lineControlNumbers: (string | undefined)[];
  total: number;
}): void {
  const { encounter, lineControlNumbers, total } = built;
  const batch = batchOf([{ encounter, submissionId: "PROP-1", lineControlNumbers }]);
  expect(errorsOf(batch.text)).toEqual([]);
  const { sets, delimiters } = setsOf(batch.text);
  const clm = sets[0]?.segments.find((s) => s.id === "CLM");
  expect(parseCents(clm?.elements[1] ?? "")).toBe(total);
  const read = read837(sets[0]!, delimiters);
  expect(read.claims).toHaveLength(1);
  expect(read.claims[0]?.submissionId).toBe("PROP-1");
  expect(read.claims[0]?.encounter).toEqual(expectedReadBack(encounter, lineControlNumbers));
}

describe("837 properties", () => {
  it("professional variations build clean, total their lines and round-trip", () => {
    fc.assert(
      fc.property(professionalCase, (c) => checkRoundTrip(professionalEncounter(c))),
      { numRuns: 60 },
    );
  });

  it("institutional variations build clean, total their lines and round-trip", () => {
    fc.assert(
      fc.property(institutionalCase, (c) => checkRoundTrip(institutionalEncounter(c))),
      { numRuns: 60 },
    );
  });
});
