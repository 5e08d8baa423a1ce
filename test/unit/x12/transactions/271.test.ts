import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import { allRequestErrors, read271 } from "../../../../src/x12/transactions/271.js";
import type { EligibilityResponse } from "../../../../src/x12/transactions/271.js";
import { CORPUS, DELIMS, expectReadFailure, setOf } from "./helpers.js";

const DIR = path.join(CORPUS, "271");

function only(name: string): EligibilityResponse {
  const responses: EligibilityResponse[] = [];
  for (const interchange of readInterchanges(readFileSync(path.join(DIR, name)))) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets) responses.push(read271(set, interchange.delimiters));
    }
  }
  expect(responses).toHaveLength(1);
  return responses[0]!;
}

describe("read271 on the corpus", () => {
  it.each(readdirSync(DIR))("reads %s with its source and receiver", (name) => {
    const response = only(name);
    expect(response.sources).toHaveLength(1);
    expect(response.receivers).toHaveLength(1);
    expect(response.sources[0]!.party?.entityCode).toBe("PR");
  });

  it("subscriber: trace, member, demographics, plan date and five benefits", () => {
    const response = only("linuxforhealth__subscriber-health-benefit-check.271");
    expect(response.reference).toBe("10001234");
    expect(response.createdDate).toBe("2006-05-01");
    expect(response.members).toHaveLength(1);
    const member = response.members[0]!;
    expect(member).toMatchObject({
      hlId: "3",
      parentHlId: "2",
      level: "subscriber",
      birthDate: "1963-05-19",
      gender: "M",
      dates: [{ qualifier: "346", from: "2006-01-01" }],
    });
    expect(member.traces).toEqual([
      { type: "2", number: "93175-012547", originatorId: "9877281234", supplementalId: undefined },
    ]);
    expect(member.member).toMatchObject({ entityCode: "IL", name: "SMITH", id: "123456789" });
    expect(member.receiver?.party?.entityCode).toBe("1P");
    expect(member.benefits.map((b) => b.infoCode)).toEqual(["1", "L", "1", "B", "B"]);
    const [plan, pcp, active, copayIn, copayOut] = member.benefits;
    expect(plan).toMatchObject({ serviceTypes: ["30"], planDescription: "GOLD 123 PLAN" });
    expect(pcp!.relatedEntities).toEqual([
      expect.objectContaining({ entityCode: "P3", name: "JONES", id: "0202034" }),
    ]);
    expect(active!.serviceTypes).toEqual([
      "1",
      "33",
      "35",
      "47",
      "86",
      "88",
      "98",
      "AL",
      "MH",
      "UC",
    ]);
    expect(copayIn).toMatchObject({
      insuranceType: "HM",
      timePeriod: "27",
      amountCents: 1000,
      inNetwork: "Y",
    });
    expect(copayOut).toMatchObject({ amountCents: 3000, inNetwork: "N" });
    expect(copayOut!.percent).toBeUndefined();
    expect(allRequestErrors(response)).toEqual([]);
  });

  it("dependent: benefits sit with the dependent, not the subscriber", () => {
    const response = only("linuxforhealth__dependent-health-benefit-check.271");
    expect(response.members.map((m) => [m.level, m.benefits.length])).toEqual([
      ["subscriber", 0],
      ["dependent", 5],
    ]);
    const dependent = response.members[1]!;
    expect(dependent).toMatchObject({
      parentHlId: "3",
      relationship: "19",
      birthDate: "1998-10-14",
      gender: "F",
    });
    expect(dependent.member).toMatchObject({ entityCode: "03", name: "SMITH", firstName: "MARY" });
    expect(dependent.traces[0]!.number).toBe("93175-012547");
  });

  it("imsweb: a 4010 envelope (no repetition separator) still gives EB03 and the 2120 entity", () => {
    const member = only("imsweb__x271.txt").members[0]!;
    expect(member.benefits).toHaveLength(1);
    expect(member.benefits[0]).toMatchObject({ infoCode: "1", serviceTypes: ["30"] });
    expect(member.benefits[0]!.relatedEntities.map((p) => p.name)).toEqual(["JONES"]);
  });

  it("error: the receiver-level AAA with reason 50 and follow-up N", () => {
    const response = only("linuxforhealth__subscriber-health-benefit-check-error.271");
    expect(response.members).toEqual([]);
    expect(response.receivers[0]!.errors).toEqual([
      { position: 7, validRequest: true, code: "50", followUp: "N" },
    ]);
    expect(allRequestErrors(response)).toHaveLength(1);
  });
});

const HEAD = [
  "ST*271*0001*005010X279A1",
  "BHT*0022*11*REQ-9*20240110*1200",
  "HL*1**20*1",
  "NM1*PR*2*PAYER*****PI*P1",
  "HL*2*1*21*1",
  "NM1*1P*2*CLINIC*****XX*1234567893",
  "HL*3*2*22*0",
  "TRN*2*TRACE-1*9CLINIC",
  "NM1*IL*1*DOE*JOHN****MI*W123",
].join("~");

describe("read271 on hand-made cases", () => {
  it("keeps a subscriber-level AAA with the subscriber", () => {
    const text = [HEAD, "AAA*N**75*C", "SE*11*0001"].join("~");
    const response = read271(setOf(text), DELIMS);
    expect(response.members[0]!.errors).toEqual([
      { position: 10, validRequest: false, code: "75", followUp: "C" },
    ]);
    expect(response.receivers[0]!.errors).toEqual([]);
    expect(allRequestErrors(response)).toHaveLength(1);
  });

  it("reads amount, percent, quantity, procedure, benefit dates, messages and references", () => {
    const text = [
      HEAD,
      "EB*A*IND*98*PR*SILVER*23**0.2*VS*20*N*Y*HC:99213",
      "DTP*292*RD8*20240101-20241231",
      "MSG*COINSURANCE APPLIES AFTER DEDUCTIBLE",
      "REF*18*PLAN-77",
      "EB*C*FAM*30***23*1500.50",
      "SE*15*0001",
    ].join("~");
    const [coinsurance, deductible] = read271(setOf(text), DELIMS).members[0]!.benefits;
    expect(coinsurance).toMatchObject({
      infoCode: "A",
      coverageLevel: "IND",
      serviceTypes: ["98"],
      insuranceType: "PR",
      planDescription: "SILVER",
      timePeriod: "23",
      percent: 0.2,
      quantityQualifier: "VS",
      quantity: 20,
      authorizationRequired: "N",
      inNetwork: "Y",
      procedure: ["HC", "99213"],
      dates: [{ qualifier: "292", from: "2024-01-01", to: "2024-12-31" }],
      messages: ["COINSURANCE APPLIES AFTER DEDUCTIBLE"],
      references: [{ qualifier: "18", value: "PLAN-77" }],
    });
    expect(coinsurance!.amountCents).toBeUndefined();
    expect(deductible).toMatchObject({ infoCode: "C", coverageLevel: "FAM", amountCents: 150050 });
    expect(deductible!.dates).toEqual([]);
  });

  it("throws X12_READ_FAILED for a non-numeric EB07, without quoting it", () => {
    const text = [HEAD, "EB*C*IND*30***23*1,500", "SE*11*0001"].join("~");
    expectReadFailure(() => read271(setOf(text), DELIMS), "EB07", 10, "1,500");
  });

  it("throws X12_READ_FAILED for an AAA without its reject reason", () => {
    const text = [HEAD, "AAA*N", "SE*11*0001"].join("~");
    expectReadFailure(() => read271(setOf(text), DELIMS), "AAA03", 10);
  });

  it("throws X12_READ_FAILED for an EB without EB01", () => {
    const text = [HEAD, "EB**IND*30", "SE*11*0001"].join("~");
    expectReadFailure(() => read271(setOf(text), DELIMS), "EB01", 10);
  });

  it("throws for an EB outside a subscriber or dependent", () => {
    const text = "ST*271*1~HL*1**20*1~EB*1~SE*4*1";
    expectReadFailure(() => read271(setOf(text), DELIMS), "EB", 3);
  });

  it("leaves a bad birth date out with a note", () => {
    const text = [HEAD, "DMG*D8*19630230*M", "SE*11*0001"].join("~");
    const response = read271(setOf(text), DELIMS);
    expect(response.members[0]!.birthDate).toBeUndefined();
    expect(response.members[0]!.gender).toBe("M");
    expect(response.notes).toEqual([expect.objectContaining({ element: "DMG02", position: 10 })]);
  });
});
