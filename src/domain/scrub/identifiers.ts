/** Provider identifiers: NPI check digit for every NPI, tax id format. Owner: payer_setup. */
import type { CodedEncounter, Provider } from "../encounter.js";
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";

/**
 * NPI check digit: the Luhn algorithm over the 9 leading digits prefixed with 80840 (the
 * health industry prefix), as the NPI standard defines it.
 */
export function isValidNpi(npi: string): boolean {
  if (npi.length !== 10) return false;
  // Luhn from the right: the check digit, then every other digit doubled. The prefix 80840
  // always adds 24: 8, 0 doubled, 8, 4 doubled (8), 0.
  let sum = 24;
  for (let i = 9, double = false; i >= 0; i--, double = !double) {
    let d = npi.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Who carries an NPI and where: the pointer is made only for an edit. */
interface NpiAt {
  readonly npi: string;
  /** The provider's pointer, or the list of lines when `line` is set. */
  readonly at: string;
  readonly line?: number;
  readonly role: string;
}

function providerNpi(all: NpiAt[], provider: Provider | undefined, at: string, role: string) {
  if (provider) all.push({ npi: provider.npi, at, role });
}

/** Every NPI the encounter carries, with where it is and whose it is. */
function npisOf(encounter: CodedEncounter): NpiAt[] {
  const all: NpiAt[] = [];
  providerNpi(all, encounter.billingProvider, "/billingProvider", "billing provider");
  const facility = encounter.serviceFacility;
  if (facility?.npi !== undefined) {
    all.push({ npi: facility.npi, at: "/serviceFacility", role: "service facility" });
  }
  if (encounter.kind === "professional") {
    providerNpi(all, encounter.renderingProvider, "/renderingProvider", "rendering provider");
    providerNpi(all, encounter.referringProvider, "/referringProvider", "referring provider");
    encounter.serviceLines.forEach((line, i) => {
      const rendering = line.renderingProvider;
      if (rendering) all.push({ npi: rendering.npi, at: "", line: i, role: "" });
    });
  } else {
    providerNpi(all, encounter.attendingProvider, "/attendingProvider", "attending provider");
    providerNpi(all, encounter.operatingProvider, "/operatingProvider", "operating provider");
  }
  return all;
}

const TAX_ID = /^\d{9}$/;
const ALL_ZEROS = /^0{9}$/;

export function identifierEdits(run: ScrubRun): void {
  for (const { npi, at, line, role } of npisOf(run.encounter)) {
    if (!isValidNpi(npi)) {
      const path = line === undefined ? `${at}/npi` : `${linePath(line, "renderingProvider")}/npi`;
      const whose = line === undefined ? role : `${lineName(line)} rendering provider`;
      run.add(
        "NPI_CHECK_DIGIT",
        path,
        `The ${whose} NPI is not valid: it must be 10 digits with a correct check digit. Check it against NPPES.`,
      );
    }
  }
  const taxId = run.encounter.billingProvider.taxId;
  if (!TAX_ID.test(taxId) || ALL_ZEROS.test(taxId)) {
    run.add(
      "TIN_FORMAT",
      "/billingProvider/taxId",
      "The billing provider tax id must be 9 digits (no dashes) and not all zeros.",
    );
  }
}
