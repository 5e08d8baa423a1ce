/** Provider identifiers: NPI check digit for every NPI, tax id format. Owner: payer_setup. */
import type { CodedEncounter, Provider } from "../encounter.js";
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";

/**
 * NPI check digit: the Luhn algorithm over the 9 leading digits prefixed with 80840 (the
 * health industry prefix), as the NPI standard defines it.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

interface NpiAt {
  readonly npi: string;
  readonly path: string;
  readonly role: string;
}

function providerNpi(provider: Provider | undefined, path: string, role: string): NpiAt[] {
  return provider ? [{ npi: provider.npi, path: `${path}/npi`, role }] : [];
}

/** Every NPI the encounter carries, with where it is and whose it is. */
export function npisOf(encounter: CodedEncounter): NpiAt[] {
  const all: NpiAt[] = [
    ...providerNpi(encounter.billingProvider, "/billingProvider", "billing provider"),
  ];
  const facility = encounter.serviceFacility;
  if (facility?.npi !== undefined) {
    all.push({ npi: facility.npi, path: "/serviceFacility/npi", role: "service facility" });
  }
  if (encounter.kind === "professional") {
    all.push(
      ...providerNpi(encounter.renderingProvider, "/renderingProvider", "rendering provider"),
    );
    all.push(
      ...providerNpi(encounter.referringProvider, "/referringProvider", "referring provider"),
    );
    encounter.serviceLines.forEach((line, i) =>
      all.push(
        ...providerNpi(
          line.renderingProvider,
          linePath(i, "renderingProvider"),
          `${lineName(i)} rendering provider`,
        ),
      ),
    );
  } else {
    all.push(
      ...providerNpi(encounter.attendingProvider, "/attendingProvider", "attending provider"),
    );
    all.push(
      ...providerNpi(encounter.operatingProvider, "/operatingProvider", "operating provider"),
    );
  }
  return all;
}

export function identifierEdits(run: ScrubRun): void {
  for (const { npi, path, role } of npisOf(run.encounter)) {
    if (!isValidNpi(npi)) {
      run.add(
        "NPI_CHECK_DIGIT",
        path,
        `The ${role} NPI is not valid: it must be 10 digits with a correct check digit. Check it against NPPES.`,
      );
    }
  }
  const taxId = run.encounter.billingProvider.taxId;
  if (!/^\d{9}$/.test(taxId) || /^0{9}$/.test(taxId)) {
    run.add(
      "TIN_FORMAT",
      "/billingProvider/taxId",
      "The billing provider tax id must be 9 digits (no dashes) and not all zeros.",
    );
  }
}
