import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../../src/errors.js";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import { read277ca } from "../../../../src/x12/transactions/277ca.js";
import type { ClaimAcknowledgment } from "../../../../src/x12/transactions/277ca.js";
import { build277ca, CLAIM_ACK_GUIDE } from "../../../../src/x12/transactions/277ca-build.js";
import type {
  Build277caInput,
  ClaimAckInput,
} from "../../../../src/x12/transactions/277ca-build.js";
import { validateFile } from "../../../../src/x12/validator.js";
import { buildInterchange } from "../../../../src/x12/writer.js";
import { DELIMS } from "./helpers.js";

const PROVIDER_A = { npi: "1234567893", name: "Springfield Family Practice" };
const PROVIDER_B = { npi: "1987654328", name: "Rivera Clinic" };

function claim(overrides: Partial<ClaimAckInput> = {}): ClaimAckInput {
  return {
    patientControlNumber: "PCN-1",
    submissionId: "SUB1",
    payerClaimNumber: "ICN0001",
    chargeCents: 18501,
    serviceDateFrom: "2026-02-10",
    billingProvider: PROVIDER_A,
    subscriber: { memberId: "SBX-PAID-1", lastName: "Doe", firstName: "Jane" },
    status: { category: "A1", code: "20" },
    ...overrides,
  };
}

function input(claims: readonly ClaimAckInput[]): Build277caInput {
  return {
    sender: { id: "SBXPAYER", name: "Sandbox Payer" },
    receiver: { id: "CLAIMGATE", name: "Claimgate" },
    controlNumber: "277000001",
    receiverTrace: "BATCH1",
    date: "2026-03-02",
    time: "0830",
    claims,
  };
}

function file(body: ReturnType<typeof build277ca>): string {
  return buildInterchange({
    sender: { qualifier: "ZZ", id: "SBXPAYER" },
    receiver: { qualifier: "ZZ", id: "CLAIMGATE" },
    controlNumber: 901,
    date: "20260302",
    time: "0830",
    usage: "T",
    delimiters: DELIMS,
    groups: [
      {
        functionalId: "HN",
        sender: "SBXAPP",
        receiver: "CGAPP",
        controlNumber: 902,
        version: CLAIM_ACK_GUIDE,
        transactionSets: [{ id: "277", controlNumber: "0903", guide: CLAIM_ACK_GUIDE, body }],
      },
    ],
    lineBreak: "\n",
  });
}

/** Builds, validates (no errors) and reads the 277CA back. */
function roundTrip(claims: readonly ClaimAckInput[]): ClaimAcknowledgment {
  const text = file(build277ca(input(claims)));
  const validation = validateFile(text);
  const sets = validation.interchanges.flatMap((i) => i.groups.flatMap((g) => g.sets));
  expect(sets.map((s) => s.spec?.guide)).toEqual([CLAIM_ACK_GUIDE]);
  const findings = sets.flatMap((s) => s.findings);
  expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  expect(validation.errors).toBe(0);
  const [isa] = readInterchanges(text);
  return read277ca(isa!.groups[0]!.transactionSets[0]!, isa!.delimiters);
}

describe("build277ca", () => {
  it("writes an accepted and a rejected claim that validate and read back", () => {
    const rejected = claim({
      patientControlNumber: "PCN-2",
      submissionId: "SUB2",
      payerClaimNumber: undefined,
      chargeCents: 5000,
      serviceDateFrom: "2026-02-01",
      serviceDateTo: "2026-02-03",
      subscriber: { memberId: "SBX-R277-2", lastName: "Roe" },
      status: { category: "A7", code: "164", entity: "IL" },
    });
    const ack = roundTrip([claim(), rejected]);
    expect(ack).toMatchObject({ reference: "277000001", createdDate: "2026-03-02" });
    expect(ack.sources[0]!.party).toMatchObject({ entityCode: "PR", id: "SBXPAYER" });
    expect(ack.receivers[0]!.trace).toBe("BATCH1");
    expect(ack.receivers[0]!.quantities).toEqual([
      { qualifier: "90", quantity: 1 },
      { qualifier: "AA", quantity: 1 },
    ]);
    expect(ack.receivers[0]!.amounts.map((a) => [a.qualifier, a.amountCents])).toEqual([
      ["YU", 18501],
      ["YY", 5000],
    ]);
    const [first, second] = ack.claims;
    expect(first).toMatchObject({
      patientControlNumber: "PCN-1",
      payerClaimControlNumber: "ICN0001",
      clearinghouseTrace: "SUB1",
      chargeCents: 18501,
      serviceDate: "2026-02-10",
      rejected: false,
      patient: { name: "Doe", firstName: "Jane", idQualifier: "MI", id: "SBX-PAID-1" },
      provider: { party: { entityCode: "85", id: PROVIDER_A.npi, name: PROVIDER_A.name } },
    });
    expect(first!.statuses[0]).toMatchObject({ category: "A1", code: "20", actionCode: "WQ" });
    expect(second).toMatchObject({
      patientControlNumber: "PCN-2",
      clearinghouseTrace: "SUB2",
      serviceDate: "2026-02-01",
      serviceDateTo: "2026-02-03",
      rejected: true,
    });
    expect(second!.payerClaimControlNumber).toBeUndefined();
    expect(second!.statuses[0]).toMatchObject({ category: "A7", code: "164", entity: "IL" });
  });

  it("groups claims under one 2000C per billing provider, in order of first appearance", () => {
    const claims = [
      claim({ patientControlNumber: "A1" }),
      claim({ patientControlNumber: "B1", billingProvider: PROVIDER_B }),
      claim({ patientControlNumber: "A2" }),
    ];
    const ack = roundTrip(claims);
    expect(ack.providers.map((p) => p.party?.id)).toEqual([PROVIDER_A.npi, PROVIDER_B.npi]);
    expect(ack.claims.map((c) => [c.patientControlNumber, c.provider?.party?.id])).toEqual([
      ["A1", PROVIDER_A.npi],
      ["A2", PROVIDER_A.npi],
      ["B1", PROVIDER_B.npi],
    ]);
  });

  it("refuses an empty list, a missing status code and a date that is not ISO", () => {
    expect(() => build277ca(input([]))).toThrow(ClaimgateError);
    expect(() => build277ca(input([claim({ status: { category: "A1", code: "" } })]))).toThrow(
      /STC01/,
    );
    expect(() => build277ca({ ...input([claim()]), date: "20260302" })).toThrow(/date/);
  });

  it("any mix of claims validates and reads back with its statuses and traces", () => {
    const status = fc.constantFrom(
      { category: "A1", code: "20" },
      { category: "A2", code: "20" },
      { category: "A7", code: "164", entity: "IL" },
      { category: "A3", code: "21", entity: "85" },
    );
    const arbClaim = fc.record({
      pcn: fc.stringMatching(/^[A-Z0-9]{1,17}$/),
      charge: fc.integer({ min: 0, max: 10_000_000 }),
      provider: fc.constantFrom(PROVIDER_A, PROVIDER_B),
      status,
    });
    fc.assert(
      fc.property(fc.array(arbClaim, { minLength: 1, maxLength: 6 }), (drafts) => {
        const claims = drafts.map((d, i) =>
          claim({
            patientControlNumber: d.pcn,
            submissionId: `SUB${i}`,
            payerClaimNumber: `ICN${i}`,
            chargeCents: d.charge,
            billingProvider: d.provider,
            status: d.status,
          }),
        );
        const ack = roundTrip(claims);
        const key = (c: { pcn: string; sub: string | undefined }): string => `${c.pcn}|${c.sub}`;
        const read = ack.claims.map((c) =>
          key({ pcn: c.patientControlNumber, sub: c.clearinghouseTrace }),
        );
        const written = claims.map((c) =>
          key({ pcn: c.patientControlNumber, sub: c.submissionId }),
        );
        expect([...read].sort()).toEqual([...written].sort());
        for (const c of ack.claims) {
          const source = claims.find((w) => w.submissionId === c.clearinghouseTrace)!;
          expect(c.statuses[0]!.category).toBe(source.status.category);
          expect(c.chargeCents).toBe(source.chargeCents);
          expect(c.rejected).toBe(["A3", "A7"].includes(source.status.category));
        }
      }),
      { numRuns: 60 },
    );
  });
});
