import { describe, expect, it } from "vitest";
import { isValidNpi, scrub } from "../../../../src/domain/scrub/index.js";
import { context, expectOne, institutional, professional, scrubFor } from "./fixtures.js";

describe("NPI check digit (Luhn with the 80840 prefix)", () => {
  it("accepts NPIs whose check digit is right and refuses the rest", () => {
    expect(isValidNpi("1234567893")).toBe(true); // the example NPI of the NPI standard
    expect(isValidNpi("1234567890")).toBe(false);
    expect(isValidNpi("1987654328")).toBe(true);
    expect(isValidNpi("1987654327")).toBe(false);
    expect(isValidNpi("123456789")).toBe(false);
    expect(isValidNpi("12345678931")).toBe(false);
    expect(isValidNpi("123456789A")).toBe(false);
  });

  it("fires for a bad rendering provider NPI, with owner payer_setup", () => {
    const encounter = professional();
    encounter.renderingProvider!.npi = "1987654320";
    const edits = scrub(encounter, context());
    expectOne(edits, {
      code: "NPI_CHECK_DIGIT",
      owner: "payer_setup",
      severity: "error",
      path: "/renderingProvider/npi",
    });
    expect(edits.find((e) => e.code === "NPI_CHECK_DIGIT")!.message).not.toContain("1987654320");
  });

  it("checks every NPI: billing, referring, facility, line rendering, attending, operating", () => {
    const p = professional("professional-dependent.json");
    p.billingProvider.npi = "1234567890";
    p.referringProvider!.npi = "155555555";
    p.serviceFacility = { name: "Annex", npi: "1555555551", address: p.billingProvider.address };
    p.serviceLines[1]!.renderingProvider = {
      entity: "person",
      lastName: "A",
      firstName: "B",
      npi: "0000000000",
    };
    expect(scrubFor(p, "NPI_CHECK_DIGIT").map((e) => e.path)).toEqual([
      "/billingProvider/npi",
      "/serviceFacility/npi",
      "/referringProvider/npi",
      "/serviceLines/1/renderingProvider/npi",
    ]);
    const i = institutional();
    i.attendingProvider.npi = "1333333330";
    i.operatingProvider = { entity: "person", lastName: "C", firstName: "D", npi: "1333333338" };
    expect(scrubFor(i, "NPI_CHECK_DIGIT").map((e) => e.path)).toEqual(["/attendingProvider/npi"]);
  });

  it("stays silent on valid NPIs", () => {
    expect(scrubFor(professional("professional-dependent.json"), "NPI_CHECK_DIGIT")).toEqual([]);
  });
});

describe("TIN format", () => {
  it.each(["000000000", "74123456", "74-1234567", "7412345678", ""])("fires for %j", (taxId) => {
    const encounter = professional();
    encounter.billingProvider.taxId = taxId;
    expectOne(scrub(encounter, context()), {
      code: "TIN_FORMAT",
      owner: "payer_setup",
      severity: "error",
      path: "/billingProvider/taxId",
    });
  });

  it("stays silent on nine digits that are not all zeros", () => {
    const encounter = professional();
    encounter.billingProvider.taxId = "000000001";
    expect(scrubFor(encounter, "TIN_FORMAT")).toEqual([]);
  });
});
