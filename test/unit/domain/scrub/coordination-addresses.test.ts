import { describe, expect, it } from "vitest";
import { scrub } from "../../../../src/domain/scrub/index.js";
import { context, expectOne, institutional, professional, scrubFor } from "./fixtures.js";

describe("prior payers balance to the claim charge (COB_UNBALANCED)", () => {
  it("stays silent on the secondary example (claim and line adjustments each reported once)", () => {
    expect(scrubFor(professional("professional-secondary-cob.json"), "COB_UNBALANCED")).toEqual([]);
  });

  it("fires when an adjustment is sent at claim level and again on the line", () => {
    const encounter = professional("professional-secondary-cob.json");
    const lineAdjustments = encounter.serviceLines[0]!.otherPayerAdjudications![0]!.adjustments!;
    encounter.otherPayers![0]!.adjustments!.push(...lineAdjustments);
    expectOne(scrub(encounter, context()), {
      code: "COB_UNBALANCED",
      owner: "submission",
      severity: "error",
      path: "/otherPayers/0",
    });
  });

  it("fires when line payments less claim adjustments miss the claim payment", () => {
    const encounter = professional("professional-secondary-cob.json");
    // The charge still balances (paid + adjustments); only the line payment is off.
    encounter.serviceLines[0]!.otherPayerAdjudications![0]!.paidCents += 100;
    expectOne(scrub(encounter, context()), {
      code: "COB_UNBALANCED",
      owner: "submission",
      severity: "error",
      path: "/otherPayers/0/paidCents",
    });
  });

  it("balances claim-level-only adjustments without line adjudication", () => {
    const encounter = professional("professional-secondary-cob.json");
    delete encounter.serviceLines[0]!.otherPayerAdjudications;
    expect(scrubFor(encounter, "COB_UNBALANCED")).toHaveLength(1);
    encounter.otherPayers![0]!.adjustments = [
      { group: "CO", reason: "45", amountCents: 3960 },
      { group: "PR", reason: "2", amountCents: 1760 },
    ];
    expect(scrubFor(encounter, "COB_UNBALANCED")).toEqual([]);
  });

  it("only counts the lines a payer adjudicated, and never quotes amounts or payer ids", () => {
    const encounter = professional("professional-secondary-cob.json");
    encounter.serviceLines[0]!.otherPayerAdjudications![0]!.payerId = "OTHER";
    const edits = scrubFor(encounter, "COB_UNBALANCED");
    expect(edits).toHaveLength(1);
    expect(edits[0]!.message).not.toMatch(/EXMCR|OTHER|\d+\.\d\d/);
  });
});

describe("nine-digit ZIP for the billing provider and service facility (ZIP_NOT_NINE_DIGITS)", () => {
  it("stays silent on the examples", () => {
    for (const e of [professional("professional-replacement.json"), institutional()]) {
      expect(scrubFor(e, "ZIP_NOT_NINE_DIGITS")).toEqual([]);
    }
  });

  it("fires for a five-digit billing provider ZIP", () => {
    const encounter = professional();
    encounter.billingProvider.address.postalCode = "62701";
    expectOne(scrub(encounter, context()), {
      code: "ZIP_NOT_NINE_DIGITS",
      owner: "payer_setup",
      severity: "error",
      path: "/billingProvider/address/postalCode",
    });
  });

  it("fires for a five-digit service facility ZIP, and not for the patient's", () => {
    const encounter = professional("professional-replacement.json");
    encounter.serviceFacility!.address.postalCode = "61604";
    encounter.subscriber.address!.postalCode = "61602";
    expectOne(scrub(encounter, context()), {
      code: "ZIP_NOT_NINE_DIGITS",
      owner: "payer_setup",
      severity: "error",
      path: "/serviceFacility/address/postalCode",
    });
  });
});
