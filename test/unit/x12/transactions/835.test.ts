import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import {
  allAdjustments,
  read835,
  remittanceBalance,
} from "../../../../src/x12/transactions/835.js";
import type { Remittance } from "../../../../src/x12/transactions/835.js";
import { CORPUS, DELIMS, expectReadFailure, setOf } from "./helpers.js";

const DIR = path.join(CORPUS, "835");

function readCorpus(name: string): Remittance[] {
  const remits: Remittance[] = [];
  for (const interchange of readInterchanges(readFileSync(path.join(DIR, name)))) {
    for (const group of interchange.groups) {
      for (const set of group.transactionSets) remits.push(read835(set, interchange.delimiters));
    }
  }
  return remits;
}

function only(name: string): Remittance {
  const remits = readCorpus(name);
  expect(remits).toHaveLength(1);
  return remits[0]!;
}

describe("read835 on the corpus", () => {
  const files = readdirSync(DIR).filter((name) => !name.startsWith("."));

  it("finds the 835 samples", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)("reads %s and it balances per payment and per claim", (name) => {
    const remit = only(name);
    expect(remit.claims.length).toBeGreaterThan(0);
    const balance = remittanceBalance(remit);
    expect(balance.payment.balanced).toBe(true);
    expect(balance.claims.every((claim) => claim.balanced)).toBe(true);
  });

  it("managed care: header, payer, payee and the first claim as the sample says", () => {
    const remit = only("linuxforhealth__managed-care.835");
    expect(remit.payment).toMatchObject({
      handlingCode: "I",
      totalCents: 94500,
      creditDebit: "C",
      method: "ACH",
      format: "CCP",
    });
    // BPR16 is 20002316 in the sample (month 23): left out with a note, not a failure.
    expect(remit.payment.date).toBeUndefined();
    expect(remit.notes).toEqual([
      expect.objectContaining({ segment: "BPR", position: 2, element: "BPR16" }),
    ]);
    expect(remit.trace).toMatchObject({ type: "1", number: "7170066655" });
    expect(remit.payerId).toBe("1935665544");
    expect(remit.payer?.name).toBe("RUSHMORE LIFE");
    expect(remit.payee).toMatchObject({ idQualifier: "XX", id: "5544667733" });
    expect(remit.payee?.references).toEqual([{ qualifier: "TJ", value: "777667755" }]);
    expect(remit.productionDate).toBe("2002-03-14");
    expect(remit.claims).toHaveLength(2);

    const first = remit.claims[0]!;
    expect(first).toMatchObject({
      patientControlNumber: "5554555444",
      statusCode: "1",
      chargeCents: 80000,
      paidCents: 45000,
      patientResponsibilityCents: 30000,
      filingIndicator: "12",
      payerClaimControlNumber: "94060555410000",
      isReversal: false,
      headerNumber: "1",
    });
    expect(first.adjustments).toEqual([{ group: "CO", reason: "A2", amountCents: 5000 }]);
    expect(first.patient).toMatchObject({ name: "BUDD", idQualifier: "MI", id: "33344555510" });
    expect(first.services).toHaveLength(1);
    const line = first.services[0]!;
    expect(line.procedure).toEqual({ qualifier: "HC", code: "99211", modifiers: [] });
    expect(line).toMatchObject({ chargeCents: 80000, paidCents: 50000 });
    expect(line.serviceDate).toBe("2002-03-01");
    expect(line.serviceDateTo).toBe("2002-03-04");
    expect(line.adjustments).toEqual([{ group: "PR", reason: "1", amountCents: 30000 }]);
    expect(allAdjustments(first)).toHaveLength(2);
    expect(remit.claims[1]!.services[0]!.adjustments.map((a) => a.reason)).toEqual(["1", "45"]);
  });

  it("serializes each claim payment with the fields `claimgate parse --json` promises", () => {
    const json = JSON.parse(JSON.stringify(only("linuxforhealth__managed-care.835"))) as {
      claims: Record<string, unknown>[];
    };
    const claim = json.claims[1]!;
    expect(claim).toMatchObject({
      patientControlNumber: "8765432112",
      statusCode: "1",
      chargeCents: 120000,
      paidCents: 49500,
      patientResponsibilityCents: 60000,
      adjustments: [{ group: "CO", reason: "A2", amountCents: 5500 }],
    });
  });

  it("medicare part A: MOA remark, statement dates, LX header numbers and a negative PLB", () => {
    const remit = only("linuxforhealth__medicare-part-a.835");
    const [first, second] = remit.claims;
    expect(first).toMatchObject({
      patientControlNumber: "666123",
      chargeCents: 21136697,
      paidCents: 13801840,
      patientResponsibilityCents: 0,
      facilityCode: "11",
      frequencyCode: "1",
      headerNumber: "110212",
      statementFrom: "2002-08-16",
      statementTo: "2002-08-24",
    });
    expect(first!.remarks).toEqual([]);
    expect(second!.remarks).toEqual([{ code: "MA02", source: "MOA" }]);
    expect(second!.headerNumber).toBe("130212");
    expect(remit.providerAdjustments).toEqual([
      {
        position: 27,
        providerId: "6543210903",
        fiscalPeriodDate: "2002-12-31",
        reasonCode: "CV",
        reference: "CP",
        amountCents: -127,
      },
    ]);
    const balance = remittanceBalance(remit);
    // 138018.40 + 11980.33 paid on claims, minus a PLB of -1.27, is the BPR02 of 150000.00.
    expect(balance.payment).toMatchObject({ expectedCents: 15000000, computedCents: 15000000 });
  });

  it("secondary payment: two CAS triples in one segment, allowed amount, claim AMT", () => {
    const remit = only("linuxforhealth__secondary-payment.835");
    const second = remit.claims[1]!;
    expect(second).toMatchObject({ patientControlNumber: "0001000053", paidCents: 31000 });
    const line = second.services[1]!;
    expect(line.adjustments).toEqual([
      { group: "PR", reason: "1", amountCents: 15000 },
      { group: "PR", reason: "2", amountCents: 7000 },
      { group: "CO", reason: "42", amountCents: 8500 },
    ]);
    expect(line).toMatchObject({ allowedCents: 50000, revenueCode: "220", units: 1 });
    expect(line.serviceDate).toBe("2005-01-06");
    expect(remit.claims[0]!.amounts).toEqual([{ qualifier: "AU", amountCents: 91200 }]);
    expect(remittanceBalance(remit).balanced).toBe(true);
  });

  it("cob contractual: a negative CAS amount and the rendering provider", () => {
    const claim = only("linuxforhealth__cob-contractural-adjustment.835").claims[0]!;
    expect(claim.services[0]!.adjustments).toEqual([
      { group: "OA", reason: "23", amountCents: 51600 },
      { group: "OA", reason: "94", amountCents: -900 },
    ]);
    expect(claim.renderingProvider).toMatchObject({ idQualifier: "BS", id: "34426" });
    expect(claim.services[0]!.lineControlNumber).toBeUndefined();
    expect(claim.services[0]!.references).toEqual([{ qualifier: "1B", value: "44280" }]);
  });

  it("tertiary payment: the line whose SVC01 lacks its code does not balance, and says so", () => {
    const balance = remittanceBalance(only("linuxforhealth__tertiary-payment.835"));
    expect(balance.claims[0]!.balanced).toBe(true);
    expect(balance.lines).toEqual([
      {
        position: 18,
        expectedCents: 176650,
        computedCents: 2459900 - 157900,
        balanced: false,
        claimPosition: 14,
      },
    ]);
    expect(balance.balanced).toBe(false);
  });
});

const HEADER = [
  "ST*835*0001*005010X221A1",
  "BPR*C*100.00*C*ACH*CCP*01*999*DA*123*1512345678**01*999*DA*456*20240105",
  "TRN*1*EFT-1*1512345678",
  "N1*PR*SOME PAYER*XV*PAYER9",
  "REF*2U*P2U",
  "N1*PE*CLINIC*XX*1234567893",
  "LX*1",
].join("~");

describe("read835 on hand-made cases", () => {
  it("reads a reversal and its correction, and balances both", () => {
    const text = [
      HEADER,
      "CLP*PCN1*22*-200.00*-150.00*-50.00*12*PAYER-CCN",
      "CAS*PR*1*-50.00",
      "CLP*PCN1*1*200.00*250.00**12*PAYER-CCN2",
      "CAS*CO*45*-50.00",
      "SE*12*0001",
    ].join("~");
    const remit = read835(setOf(text), DELIMS);
    const [reversal, correction] = remit.claims;
    expect(reversal).toMatchObject({ isReversal: true, chargeCents: -20000, paidCents: -15000 });
    expect(reversal!.adjustments).toEqual([{ group: "PR", reason: "1", amountCents: -5000 }]);
    expect(correction!.isReversal).toBe(false);
    const balance = remittanceBalance(remit);
    expect(balance.claims.map((c) => c.balanced)).toEqual([true, true]);
    // -150 + 250 = 100 = BPR02
    expect(balance.payment).toMatchObject({ expectedCents: 10000, balanced: true });
  });

  it("reads PLB pairs with their reason:reference composites and signs", () => {
    const text = [
      HEADER,
      "CLP*PCN2*1*300.00*120.00",
      "CAS*CO*45*180.00",
      "PLB*1234567893*20241231*WO:OLD-CCN*30.00*L6*-10.00",
      "SE*11*0001",
    ].join("~");
    const remit = read835(setOf(text), DELIMS);
    expect(remit.providerAdjustments).toEqual([
      {
        position: 10,
        providerId: "1234567893",
        fiscalPeriodDate: "2024-12-31",
        reasonCode: "WO",
        reference: "OLD-CCN",
        amountCents: 3000,
      },
      {
        position: 10,
        providerId: "1234567893",
        fiscalPeriodDate: "2024-12-31",
        reasonCode: "L6",
        reference: undefined,
        amountCents: -1000,
      },
    ]);
    // 120.00 paid − (30.00 − 10.00) = 100.00
    expect(remittanceBalance(remit).payment).toMatchObject({
      expectedCents: 10000,
      computedCents: 10000,
      balanced: true,
    });
    expect(remit.payerId).toBe("1512345678");
    expect(remit.payment.date).toBe("2024-01-05");
  });

  it("reads all six CAS triples with quantities, and LQ, MIA remark codes", () => {
    const text = [
      HEADER,
      "CLP*PCN3*1*100.00*40.00",
      "MIA*1***0.00*N1****************M2*M3",
      "SVC*HC:99213:25:59*100.00*40.00**1",
      "CAS*CO*1*1.00*1*2*2.00**3*3.00*2*4*4.00**5*5.00**6*45.00*1.5",
      "LQ*HE*N130",
      "LQ*HE*M15",
      "REF*6R*LINE-1",
      "SE*13*0001",
    ].join("~");
    const claim = read835(setOf(text), DELIMS).claims[0]!;
    expect(claim.remarks).toEqual([
      { code: "N1", source: "MIA" },
      { code: "M2", source: "MIA" },
      { code: "M3", source: "MIA" },
    ]);
    const line = claim.services[0]!;
    expect(line.procedure).toEqual({ qualifier: "HC", code: "99213", modifiers: ["25", "59"] });
    expect(line.adjustments).toEqual([
      { group: "CO", reason: "1", amountCents: 100, quantity: 1 },
      { group: "CO", reason: "2", amountCents: 200 },
      { group: "CO", reason: "3", amountCents: 300, quantity: 2 },
      { group: "CO", reason: "4", amountCents: 400 },
      { group: "CO", reason: "5", amountCents: 500 },
      { group: "CO", reason: "6", amountCents: 4500, quantity: 1.5 },
    ]);
    expect(claim.adjustments).toEqual([]);
    expect(line.remarks).toEqual([
      { code: "N130", source: "LQ", qualifier: "HE" },
      { code: "M15", source: "LQ", qualifier: "HE" },
    ]);
    expect(line.lineControlNumber).toBe("LINE-1");
    expect(remittanceBalance(read835(setOf(text), DELIMS)).lines[0]!.balanced).toBe(true);
  });

  it("balances a debit BPR against negative claim payments", () => {
    const text = [
      HEADER.replace("BPR*C*100.00*C", "BPR*C*50.00*D"),
      "CLP*PCN4*22*-80.00*-50.00",
      "CAS*CO*45*-30.00",
      "SE*10*0001",
    ].join("~");
    expect(remittanceBalance(read835(setOf(text), DELIMS)).payment.balanced).toBe(true);
  });

  it("leaves a non-date DTM out with a note instead of failing", () => {
    const text = [HEADER, "CLP*PCN5*1*10.00*10.00", "DTM*232*20241340", "SE*10*0001"].join("~");
    const remit = read835(setOf(text), DELIMS);
    expect(remit.claims[0]!.statementFrom).toBeUndefined();
    expect(remit.notes).toEqual([
      { segment: "DTM", position: 9, element: "DTM02", message: "is not a CCYYMMDD calendar date" },
    ]);
  });

  const malformed: [string, string, string, number, string?][] = [
    ["CLP without CLP01", "CLP**1*10.00*10.00", "CLP01", 8],
    ["CLP with a non-numeric charge", "CLP*PCN*1*12X4.00*10.00", "CLP03", 8, "12X4.00"],
    ["CLP with three decimals", "CLP*PCN*1*10.005*10.00", "CLP03", 8, "10.005"],
    ["CAS outside a claim", "CAS*CO*45*1.00", "CAS", 8],
    ["CAS with a bad group code", "CLP*P*1*1*1~CAS*XX*45*1.00", "CAS01", 9],
    ["CAS reason without amount", "CLP*P*1*1*1~CAS*CO*45", "CAS03", 9],
    ["CAS amount without reason", "CLP*P*1*1*1~CAS*CO**9.99", "CAS02", 9],
    ["CAS bad quantity", "CLP*P*1*1*1~CAS*CO*45*1.00*QTYX", "CAS04", 9, "QTYX"],
    ["SVC outside a claim", "SVC*HC:1*1*1", "SVC", 8],
    ["SVC without paid", "CLP*P*1*1*1~SVC*HC:1*1", "SVC03", 9],
    ["LQ outside a service", "CLP*P*1*1*1~LQ*HE*N1", "LQ", 9],
    ["PLB amount without reason", "PLB*PRV*20241231**5.00", "PLB03", 8],
    ["PLB bad amount", "PLB*PRV*20241231*WO*SECRET", "PLB04", 8, "SECRET"],
    ["AMT bad amount", "CLP*P*1*1*1~AMT*AU*ABC", "AMT02", 9, "ABC"],
    ["CAS after PLB", "CLP*P*1*1*1~PLB*PRV*20241231*WO*1~CAS*CO*45*1.00", "CAS", 10],
  ];

  it.each(malformed)("throws X12_READ_FAILED for %s", (_name, body, where, position, secret) => {
    const text = `${HEADER}~${body}~SE*20*0001`;
    expectReadFailure(() => read835(setOf(text), DELIMS), where, position, secret);
  });

  it("throws when BPR02 is not an amount, without quoting it", () => {
    const text = HEADER.replace("BPR*C*100.00", "BPR*C*1O0.00") + "~SE*8*0001";
    expectReadFailure(() => read835(setOf(text), DELIMS), "BPR02", 2, "1O0.00");
  });

  it("throws when there is no BPR", () => {
    expectReadFailure(() => read835(setOf("ST*835*1~TRN*1*X*Y~SE*3*1"), DELIMS), "ST", 1);
  });
});
