import { describe, expect, it } from "vitest";
import { claimsAtPosition } from "../../../../src/x12/transactions/ack-claims.js";
import { setOf } from "./helpers.js";

// Positions: ST 1, BHT 2, NM1 3, HL 4 (billing), NM1 5, HL 6 (subscriber A), NM1 7, CLM 8,
// LX 9, SV1 10, CLM 11, HL 12 (subscriber B), NM1 13, HL 14 (patient under B), NM1 15,
// CLM 16, HI 17, SE 18.
const SENT = setOf(
  [
    "ST*837*0001*005010X222A1",
    "BHT*0019*00*B1*20240101*1200*CH",
    "NM1*41*2*SUBMITTER*****46*S1",
    "HL*1**20*1",
    "NM1*85*2*CLINIC*****XX*1234567893",
    "HL*2*1*22*0",
    "NM1*IL*1*DOE*JANE****MI*A1",
    "CLM*PCN-A1*100***11:B:1",
    "LX*1",
    "SV1*HC:99213*100*UN*1***1",
    "CLM*PCN-A2*50***11:B:1",
    "HL*3*1*22*1",
    "NM1*IL*1*ROE*RICK****MI*B1",
    "HL*4*3*23*0",
    "NM1*QC*1*ROE*KID",
    "CLM*PCN-B1*75***11:B:1",
    "HI*ABK:R05",
    "SE*18*0001",
  ].join("~"),
);

const names = (position: number) =>
  claimsAtPosition(SENT, position).map((claim) => claim.patientControlNumber);

describe("claimsAtPosition", () => {
  it("names the one claim a line-level error falls in", () => {
    expect(names(10)).toEqual(["PCN-A1"]);
    expect(claimsAtPosition(SENT, 10)).toEqual([{ patientControlNumber: "PCN-A1", position: 8 }]);
    expect(names(11)).toEqual(["PCN-A2"]);
    expect(names(17)).toEqual(["PCN-B1"]);
  });

  it("names every claim under a subscriber level and its patients", () => {
    expect(names(7)).toEqual(["PCN-A1", "PCN-A2"]);
    expect(names(13)).toEqual(["PCN-B1"]);
    expect(names(15)).toEqual(["PCN-B1"]);
  });

  it("names every claim for the billing provider level, the header and the trailer", () => {
    const all = ["PCN-A1", "PCN-A2", "PCN-B1"];
    expect(names(5)).toEqual(all);
    expect(names(3)).toEqual(all);
    expect(names(18)).toEqual(all);
    expect(names(99)).toEqual(all);
  });
});
