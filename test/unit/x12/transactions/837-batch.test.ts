import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CodedEncounter } from "../../../../src/domain/encounter.js";
import { ClaimgateError } from "../../../../src/errors.js";
import type { Segment } from "../../../../src/x12/segment.js";
import { buildInterchange } from "../../../../src/x12/writer.js";
import {
  DEFAULT_DELIMITERS,
  claimsAtPosition,
} from "../../../../src/x12/transactions/837-batch.js";
import { GUIDES, build837Transaction } from "../../../../src/x12/transactions/837-common.js";
import { claimParts837i } from "../../../../src/x12/transactions/837i.js";
import { claimParts837p } from "../../../../src/x12/transactions/837p.js";
import type {
  Batch837,
  BatchClaim,
  BatchOptions,
} from "../../../../src/x12/transactions/837-batch.js";
import { read837 } from "../../../../src/x12/transactions/837-read.js";
import { PARTNER, batchOf, errorsOf, examples, kindOf, setsOf } from "./837-helpers.js";

function example(file: string): CodedEncounter {
  const found = examples().find((e) => e.file === file);
  if (found === undefined) throw new Error(`no example ${file}`);
  return found.encounter;
}

function at(segments: readonly Segment[], position: number): Segment {
  const segment = segments.find((s) => s.position === position);
  if (segment === undefined) throw new Error(`no segment at ${position}`);
  return segment;
}

/** Every range of the batch checked against the segments the tokenizer reads back. */
function expectRangesHold(batch: Batch837): void {
  const { sets, delimiters } = setsOf(batch.text);
  expect(sets.map((s) => s.controlNumber)).toEqual(
    batch.transactionSets.map((s) => s.controlNumber),
  );
  batch.transactionSets.forEach((batched, i) => {
    const segments = sets[i]?.segments ?? [];
    expect(segments).toHaveLength(batched.segmentCount);
    const read = read837(sets[i]!, delimiters);
    expect(read.claims.map((c) => c.submissionId)).toEqual(
      batched.claims.map((c) => c.submissionId),
    );
    batched.claims.forEach((range, j) => {
      const first = at(segments, range.segmentFrom);
      expect([first.id, first.elements[2]]).toEqual(["HL", "22"]);
      const provider = at(segments, range.billingProviderFrom);
      expect([provider.id, provider.elements[2]]).toEqual(["HL", "20"]);
      expect(first.elements[1]).toBe(provider.elements[0]);
      expect(at(segments, range.billingProviderTo + 1).id).toBe("HL");
      const next = at(segments, range.segmentTo + 1);
      expect(next.id === "SE" || (next.id === "HL" && next.elements[2] !== "23")).toBe(true);
      const inside = segments.filter(
        (s) => s.position >= range.segmentFrom && s.position <= range.segmentTo,
      );
      const clms = inside.filter((s) => s.id === "CLM");
      expect(clms.map((s) => s.elements[0])).toEqual([range.patientControlNumber]);
      const d9 = inside.filter((s) => s.id === "REF" && s.elements[0] === "D9");
      expect(d9.map((s) => s.elements[1])).toEqual([range.submissionId]);
      expect(read.claims[j]?.clmPosition).toBeGreaterThan(range.segmentFrom);
      expect(read.claims[j]?.lastPosition).toBe(range.segmentTo);
    });
  });
}

/** HL01 runs 1..n in each set and every HL02 names an earlier HL of the right level. */
function expectHierarchy(batch: Batch837): void {
  for (const set of setsOf(batch.text).sets) {
    const hls = set.segments.filter((s) => s.id === "HL");
    expect(hls.map((h) => h.elements[0])).toEqual(hls.map((_, i) => String(i + 1)));
    const levels = new Map(hls.map((h) => [h.elements[0], h.elements[2]]));
    for (const hl of hls) {
      const parentLevel = levels.get(hl.elements[1] ?? "");
      const expected = { "20": undefined, "22": "20", "23": "22" }[hl.elements[2] as "20"];
      expect(parentLevel).toBe(expected);
    }
  }
}

describe("batch837", () => {
  const claims: BatchClaim[] = [
    { encounter: example("professional-office-visit.json"), submissionId: "S-1" },
    { encounter: example("professional-replacement.json"), submissionId: "S-2" },
    { encounter: example("professional-dependent.json"), submissionId: "S-3" },
    { encounter: example("professional-secondary-cob.json"), submissionId: "S-4" },
  ];

  it("puts one billing provider in each set, claims in order of first appearance", () => {
    const batch = batchOf(claims);
    expect(errorsOf(batch.text)).toEqual([]);
    expect(batch.transactionSets.map((s) => s.controlNumber)).toEqual(["0001", "0002", "0003"]);
    expect(batch.transactionSets.map((s) => s.claims.map((c) => c.submissionId))).toEqual([
      ["S-1", "S-3"],
      ["S-2"],
      ["S-4"],
    ]);
    expectRangesHold(batch);
    expectHierarchy(batch);
  });

  it("cuts a provider's claims into sets of maxClaimsPerSt with consecutive ST02", () => {
    const base = example("professional-office-visit.json");
    const many = Array.from({ length: 5 }, (_, i) => ({
      encounter: { ...base, patientControlNumber: `PCN-${i}` },
      submissionId: `SUB-${i}`,
    }));
    const batch = batchOf(many, {
      maxClaimsPerSt: 2,
      controlNumbers: { isa: 5, gs: 6, firstSt: 7 },
    });
    expect(errorsOf(batch.text)).toEqual([]);
    expect(batch.transactionSets.map((s) => [s.controlNumber, s.claims.length])).toEqual([
      ["0007", 2],
      ["0008", 2],
      ["0009", 1],
    ]);
    expect(batch.text.startsWith("ISA*")).toBe(true);
    expect(batch.text).toContain("*000000005*0*T*:~GS*HC*CLAIMGATE*EXPAYER*20260301*1200*6*X*");
    expectRangesHold(batch);
    expectHierarchy(batch);
  });

  it("batches institutional claims into an 837I", () => {
    const batch = batchOf([
      { encounter: example("institutional-inpatient.json"), submissionId: "I-1" },
      { encounter: example("institutional-outpatient.json"), submissionId: "I-2" },
    ]);
    expect(errorsOf(batch.text)).toEqual([]);
    expect(batch.text).toContain("ST*837*0001*005010X223A2~");
    expect(batch.transactionSets).toHaveLength(1);
    expectRangesHold(batch);
  });

  it("maps a position to the claims it concerns", () => {
    const batch = batchOf(claims);
    const set = batch.transactionSets[0]!;
    const [first, second] = set.claims;
    expect(claimsAtPosition(set, first!.segmentFrom + 3)).toEqual([first]);
    expect(claimsAtPosition(set, second!.segmentTo)).toEqual([second]);
    expect(claimsAtPosition(set, first!.billingProviderFrom + 1)).toEqual([first, second]);
    expect(claimsAtPosition(set, 2)).toEqual([first, second]);
    expect(claimsAtPosition(set, set.segmentCount)).toEqual([first, second]);
    expect(claimsAtPosition(set, set.segmentCount + 1)).toEqual([]);
  });

  it("refuses mixed kinds, repeated ids and a set limit above the guide's", () => {
    const codes = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return error instanceof ClaimgateError ? error.code : "other";
      }
      return "none";
    };
    const institutional = example("institutional-outpatient.json");
    expect(codes(() => batchOf([...claims, { encounter: institutional, submissionId: "X" }]))).toBe(
      "X12_BUILD_INVALID",
    );
    expect(codes(() => batchOf([claims[0]!, { ...claims[1]!, submissionId: "S-1" }]))).toBe(
      "X12_BUILD_INVALID",
    );
    expect(codes(() => batchOf(claims, { maxClaimsPerSt: 5001 }))).toBe("X12_BUILD_INVALID");
    expect(codes(() => batchOf([]))).toBe("X12_BUILD_INVALID");
  });
});

describe("build837Transaction", () => {
  it("groups claims of several billing providers under one 2000A each, in one set", () => {
    const files = [
      "professional-office-visit.json",
      "professional-replacement.json",
      "professional-dependent.json",
    ];
    const parts = files.map((file, i) => {
      const encounter = example(file);
      if (encounter.kind !== "professional") throw new Error("professional expected");
      return claimParts837p(encounter, { submissionId: `T-${i}` });
    });
    const built = build837Transaction(parts, {
      kind: "837p",
      controlNumber: "0042",
      submitter: PARTNER.submitter,
      receiver: PARTNER.receiver,
      bhtReference: "BATCH42",
      date: "20260301",
      time: "1200",
    });
    const hls = built.segments.filter((s) => s.id === "HL").map((s) => s.elements.join("*"));
    // Office visit and dependent share a billing provider; the replacement has its own.
    expect(hls).toEqual(["1**20*1", "2*1*22*0", "3*1*22*1", "4*3*23*0", "5**20*1", "6*5*22*0"]);
    expect(built.claims.map((c) => c.submissionId)).toEqual(["T-0", "T-2", "T-1"]);
    expect(built.segments[1]).toEqual({
      id: "BHT",
      elements: ["0019", "00", "BATCH42", "20260301", "1200", "CH"],
    });
    expect(built.segments.at(-1)).toEqual({
      id: "SE",
      elements: [String(built.segments.length), "0042"],
    });
    const text = buildInterchange({
      sender: PARTNER.interchangeSender,
      receiver: PARTNER.interchangeReceiver,
      controlNumber: 9,
      date: "20260301",
      time: "1200",
      usage: "T",
      delimiters: DEFAULT_DELIMITERS,
      groups: [
        {
          functionalId: "HC",
          sender: "A",
          receiver: "B",
          controlNumber: 9,
          version: "005010X222A1",
          transactionSets: [built.set],
        },
      ],
    });
    expect(errorsOf(text)).toEqual([]);
    const segments = setsOf(text).sets[0]?.segments ?? [];
    for (const range of built.claims) {
      expect(segments[range.segmentFrom - 1]?.elements[2]).toBe("22");
      expect(segments[range.billingProviderFrom - 1]?.elements[2]).toBe("20");
    }
  });
});

describe("batch837 text path", () => {
  /** The same claims through build837Transaction's segments and the general writer. */
  function fromSegments(claims: readonly BatchClaim[], delimiters = DEFAULT_DELIMITERS) {
    const parts = claims.map((c) => {
      if (c.encounter.kind !== "professional") throw new Error("professional expected");
      return claimParts837p(c.encounter, { submissionId: c.submissionId });
    });
    const built = build837Transaction(parts, {
      kind: "837p",
      controlNumber: "0001",
      submitter: PARTNER.submitter,
      receiver: PARTNER.receiver,
      bhtReference: "0001",
      date: PARTNER.date,
      time: PARTNER.time,
    });
    const text = buildInterchange({
      sender: PARTNER.interchangeSender,
      receiver: PARTNER.interchangeReceiver,
      controlNumber: PARTNER.controlNumbers.isa,
      date: PARTNER.date,
      time: PARTNER.time,
      usage: PARTNER.usage,
      delimiters,
      lineBreak: "\n",
      groups: [
        {
          functionalId: "HC",
          sender: PARTNER.groupSender,
          receiver: PARTNER.groupReceiver,
          controlNumber: PARTNER.controlNumbers.gs,
          version: "005010X222A1",
          transactionSets: [built.set],
        },
      ],
    });
    return { text, built };
  }

  it("writes the bytes and ranges the segment path writes (one billing provider a set)", () => {
    // These two share a billing provider: batch837 puts each provider in its own set.
    const files = ["professional-office-visit.json", "professional-dependent.json"];
    // Names past latin1 (Ł) take the writer's string path, the others its byte path.
    const names = ["Łukasz", "Zoë", "Ann"];
    const claims: BatchClaim[] = Array.from({ length: 12 }, (_, i) => {
      const base = example(files[i % files.length]!);
      const subscriber = { ...base.subscriber, firstName: names[i % names.length] };
      return {
        encounter: { ...base, subscriber, patientControlNumber: `TP${i}` },
        submissionId: `TS${i}`,
      };
    });
    const delimiters = { element: "|", repetition: "", component: ">", segment: "~" };
    const batch = batchOf(claims, { delimiters, lineBreak: "\n" });
    const expected = fromSegments(claims, delimiters);
    expect(batch.text).toBe(expected.text);
    expect(batch.transactionSets[0]?.claims).toEqual(expected.built.claims);
    expect(batch.transactionSets[0]?.segmentCount).toBe(expected.built.segmentCount);
  });

  it("throws write errors in file order: the envelope's before a claim's", () => {
    const bad = { ...example("professional-office-visit.json"), patientControlNumber: "A*B" };
    const claims = [{ encounter: bad, submissionId: "W1" }];
    const messageOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof ClaimgateError ? `${error.code} ${error.message}` : "other";
      }
      return "no error";
    };
    expect(messageOf(() => batchOf(claims))).toBe("X12_WRITE_INVALID CLM01 contains a delimiter");
    const badSender = { interchangeSender: { qualifier: "ZZ", id: "S*1" } };
    expect(messageOf(() => batchOf(claims, badSender))).toBe(
      "X12_WRITE_INVALID ISA06 contains a delimiter",
    );
    const badSubmitter = { submitter: { ...PARTNER.submitter, name: "SUB~1" } };
    expect(messageOf(() => batchOf(claims, badSubmitter))).toBe(
      "X12_WRITE_INVALID NM103 contains a delimiter",
    );
  });
});

describe("batch837 text path against the segment path (property)", () => {
  /** The claims through their parts, build837Transaction and buildInterchange. */
  function viaSegments(claims: readonly BatchClaim[], options: Partial<BatchOptions>): string {
    const kind = kindOf(claims[0]!.encounter);
    const parts = claims.map((c) => {
      const ids = { submissionId: c.submissionId };
      const e = c.encounter;
      return e.kind === "professional" ? claimParts837p(e, ids) : claimParts837i(e, ids);
    });
    const built = build837Transaction(parts, {
      kind,
      controlNumber: "0001",
      submitter: PARTNER.submitter,
      receiver: PARTNER.receiver,
      bhtReference: "0001",
      date: PARTNER.date,
      time: PARTNER.time,
    });
    return buildInterchange({
      sender: PARTNER.interchangeSender,
      receiver: PARTNER.interchangeReceiver,
      controlNumber: PARTNER.controlNumbers.isa,
      date: PARTNER.date,
      time: PARTNER.time,
      usage: PARTNER.usage,
      delimiters: options.delimiters ?? DEFAULT_DELIMITERS,
      lineBreak: options.lineBreak ?? "",
      groups: [
        {
          functionalId: "HC",
          sender: PARTNER.groupSender,
          receiver: PARTNER.groupReceiver,
          controlNumber: PARTNER.controlNumbers.gs,
          version: GUIDES[kind],
          transactionSets: [built.set],
        },
      ],
    });
  }

  const outcome = (run: () => string): string => {
    try {
      return run();
    } catch (error) {
      return error instanceof ClaimgateError ? `${error.code} ${error.message}` : String(error);
    }
  };

  /** Short texts of delimiters, empties, and characters past latin1. */
  const value = fc
    .array(fc.constantFrom("A", "7", " ", "*", "~", ":", "^", "|", ">", "é", "Ł", ""), {
      maxLength: 3,
    })
    .map((chars) => chars.join(""));
  const options = fc.constantFrom<Partial<BatchOptions>>(
    {},
    { lineBreak: "\n" },
    { delimiters: { element: "|", repetition: "", component: ">", segment: "~" } },
    { delimiters: { element: "*", repetition: "^", component: ":", segment: "~\r\n" } },
    { lineBreak: "\u2028" },
  );
  const all = examples().map((e) => e.encounter);

  it("writes what the segment path writes, or throws what it throws", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: all.length - 1 }),
        fc.record({ first: value, middle: value, payer: value, provider: value, code: value }),
        options,
        (index, v, opts) => {
          const base = all[index]!;
          const provider = base.billingProvider;
          const billingProvider =
            provider.entity === "organization"
              ? { ...provider, organizationName: `ORG${v.provider}` }
              : { ...provider, lastName: `DOC${v.provider}` };
          const subscriber = { ...base.subscriber, firstName: v.first, middleName: v.middle };
          const payer = { ...base.payer, name: `PAYER${v.payer}` };
          const changed =
            base.kind === "professional"
              ? {
                  ...base,
                  diagnoses: base.diagnoses.map((d, i) => (i === 0 ? { ...d, code: v.code } : d)),
                }
              : { ...base, principalDiagnosis: { code: v.code } };
          const claims: BatchClaim[] = [0, 1, 2].map((n) => ({
            encounter: {
              ...changed,
              billingProvider,
              subscriber,
              payer,
              patientControlNumber: `PP${n}`,
            },
            submissionId: `PS${n}`,
          }));
          const batch = outcome(() => batchOf(claims, opts).text);
          expect(batch).toBe(outcome(() => viaSegments(claims, opts)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
