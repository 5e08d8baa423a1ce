import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import {
  classifyCategory,
  isRejection,
  read277ca,
} from "../../../../src/x12/transactions/277ca.js";
import type { ClaimAcknowledgment } from "../../../../src/x12/transactions/277ca.js";
import { CORPUS, DELIMS, expectReadFailure, setOf } from "./helpers.js";

const DIR = path.join(CORPUS, "277ca");

function only(name: string): ClaimAcknowledgment {
  const acks: ClaimAcknowledgment[] = [];
  for (const interchange of readInterchanges(readFileSync(path.join(DIR, name)))) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets) acks.push(read277ca(set, interchange.delimiters));
    }
  }
  expect(acks).toHaveLength(1);
  return acks[0]!;
}

describe("read277ca on the corpus", () => {
  it.each(readdirSync(DIR))("reads %s with one claim", (name) => {
    expect(only(name).claims).toHaveLength(1);
  });

  it("accepted: A2 claim with payer claim number, charge and hierarchy context", () => {
    const ack = only("imsweb__x12_277CA_accepted.txt");
    expect(ack.reference).toBe("000000674");
    expect(ack.createdDate).toBe("2011-03-11");
    const claim = ack.claims[0]!;
    expect(claim).toMatchObject({
      hlId: "4",
      patientControlNumber: "5781",
      payerClaimControlNumber: "1107000000014420",
      chargeCents: 12500,
      rejected: false,
      serviceDate: "1001-01-01",
    });
    expect(claim.clearinghouseTrace).toBeUndefined();
    expect(claim.statuses).toEqual([
      {
        category: "A2",
        code: "20",
        entity: undefined,
        date: "2011-03-11",
        actionCode: "WQ",
        amountCents: 12500,
        additional: false,
        position: 20,
      },
    ]);
    expect(claim.patient).toMatchObject({ entityCode: "QC", idQualifier: "MI", id: "LL99999X" });
    expect(claim.source?.party).toMatchObject({
      entityCode: "PR",
      name: "NYSDOH",
      id: "141797357",
    });
    expect(claim.source?.dates.map((d) => d.qualifier)).toEqual(["050", "009"]);
    expect(claim.receiver?.trace).toBe("000000674");
    expect(claim.receiver?.statuses[0]).toMatchObject({ category: "A1", code: "20" });
    expect(claim.receiver?.quantities).toEqual([{ qualifier: "90", quantity: 1 }]);
    expect(claim.receiver?.amounts).toEqual([{ qualifier: "YU", amountCents: 12500 }]);
    expect(claim.provider?.party).toMatchObject({ entityCode: "85", id: "1234567890" });
    expect(claim.provider?.trace).toBe("1107000000000135FF");
  });

  it("rejected: A7 status 562 about entity 85, with '|' as component separator", () => {
    const claim = only("imsweb__x12_277CA_rejected.txt").claims[0]!;
    expect(claim.patientControlNumber).toBe("3920394930203");
    expect(claim.statuses).toHaveLength(1);
    expect(claim.statuses[0]).toMatchObject({ category: "A7", code: "562", entity: "85" });
    expect(claim.chargeCents).toBe(19914);
    expect(claim.rejected).toBe(true);
    expect(claim.billType).toBe("731");
    expect(claim.serviceDate).toBe("2009-03-11");
    expect(claim.serviceDateTo).toBeUndefined();
  });
});

const HEAD = [
  "ST*277*0001*005010X214",
  "BHT*0085*08*BATCH1*20240110*1200*TH",
  "HL*1**20*1",
  "NM1*PR*2*PAYER*****PI*P1",
  "TRN*1*SRC1",
  "HL*2*1*21*1",
  "NM1*41*2*CLEARINGHOUSE*****46*CH1",
  "TRN*2*RCV1",
  "HL*3*2*19*1",
  "NM1*85*2*CLINIC*****XX*1234567893",
  "HL*4*3*PT",
  "NM1*QC*1*DOE*JANE****MI*M1",
].join("~");

describe("read277ca on hand-made cases", () => {
  it("reads two claims under one patient, additional statuses, clearinghouse trace and lines", () => {
    const text = [
      HEAD,
      "TRN*2*PCN-A",
      "STC*A3:21:85*20240110*U*150.00******A7:562:85*A6:35",
      "REF*1K*PCCN-A",
      "REF*D9*SUB-0001",
      "DTP*472*RD8*20240101-20240103",
      "SVC*HC:99213*100.00*0****1",
      "STC*A7:454*20240110*U",
      "REF*FJ*LINE-1",
      "DTP*472*D8*20240102",
      "TRN*2*PCN-B",
      "STC*A2:20*20240110*WQ*75",
      "SE*24*0001",
    ].join("~");
    const ack = read277ca(setOf(text), DELIMS);
    expect(ack.claims.map((c) => [c.patientControlNumber, c.rejected])).toEqual([
      ["PCN-A", true],
      ["PCN-B", false],
    ]);
    const [a, b] = ack.claims;
    expect(a!.statuses.map((s) => [s.category, s.code, s.entity, s.additional])).toEqual([
      ["A3", "21", "85", false],
      ["A7", "562", "85", true],
      ["A6", "35", undefined, true],
    ]);
    expect(a!.statuses[1]!.amountCents).toBeUndefined();
    expect(a).toMatchObject({
      payerClaimControlNumber: "PCCN-A",
      clearinghouseTrace: "SUB-0001",
      chargeCents: 15000,
      serviceDate: "2024-01-01",
      serviceDateTo: "2024-01-03",
    });
    expect(a!.serviceLines).toHaveLength(1);
    expect(a!.serviceLines[0]).toMatchObject({
      procedure: ["HC", "99213"],
      chargeCents: 10000,
      paidCents: 0,
      units: 1,
      lineControlNumber: "LINE-1",
      serviceDate: "2024-01-02",
    });
    expect(a!.serviceLines[0]!.statuses[0]).toMatchObject({ category: "A7", code: "454" });
    expect(b!.patient).toMatchObject({ name: "DOE" });
    expect(b!.chargeCents).toBe(7500);
    expect(b!.serviceLines).toEqual([]);
    expect(a!.provider).toBe(b!.provider);
    expect(ack.providers).toHaveLength(1);
  });

  it("throws X12_READ_FAILED for an STC01 without its status code", () => {
    const text = [HEAD, "TRN*2*PCN", "STC*A7*20240110", "SE*15*0001"].join("~");
    expectReadFailure(() => read277ca(setOf(text), DELIMS), "STC01-2", 14);
  });

  it("throws X12_READ_FAILED for a non-numeric STC04, without quoting it", () => {
    const text = [HEAD, "TRN*2*PCN", "STC*A2:20*20240110*WQ*12,50", "SE*15*0001"].join("~");
    expectReadFailure(() => read277ca(setOf(text), DELIMS), "STC04", 14, "12,50");
  });

  it("throws X12_READ_FAILED for a TRN without its trace number", () => {
    const text = [HEAD, "TRN*2", "SE*14*0001"].join("~");
    expectReadFailure(() => read277ca(setOf(text), DELIMS), "TRN02", 13);
  });

  it("throws for an unknown HL level code", () => {
    const text = "ST*277*1~HL*1**22*0~SE*3*1";
    expectReadFailure(() => read277ca(setOf(text), DELIMS), "HL03", 2);
  });
});

describe("isRejection / classifyCategory", () => {
  it.each(["A3", "A4", "A6", "A7", "A8", "DR03", "DR07", "E0", "E3", "E4"])(
    "%s is a rejection",
    (code) => {
      expect(isRejection(code)).toBe(true);
    },
  );

  it.each([
    ["A0", "accepted"],
    ["A1", "accepted"],
    ["A2", "accepted"],
    ["A5", "accepted"],
    ["DR01", "accepted"],
    ["DR08", "accepted"],
    ["E1", "unavailable"],
    ["E2", "unavailable"],
    ["P1", "pending"],
    ["F2", "finalized"],
    ["R4", "information_requested"],
    ["R16", "information_requested"],
    ["ZZ", "unknown"],
  ] as const)("%s is %s, not a rejection", (code, klass) => {
    expect(classifyCategory(code)).toBe(klass);
    expect(isRejection(code)).toBe(false);
  });
});
