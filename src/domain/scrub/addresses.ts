/**
 * Provider addresses: the 837P and 837I guides require the full nine-digit ZIP code for the
 * billing provider (2010AA N403) and the service facility (837P 2310C, 837I 2310E) in the US;
 * payers reject five-digit ones at the front door.
 */
import type { Address } from "../encounter.js";
import type { ScrubRun } from "./run.js";

const NINE_DIGITS = /^[0-9]{9}$/;

function checkZip(run: ScrubRun, address: Address, path: string, whose: string): void {
  if (NINE_DIGITS.test(address.postalCode)) return;
  run.add(
    "ZIP_NOT_NINE_DIGITS",
    `${path}/address/postalCode`,
    `The ${whose} ZIP code needs all nine digits (ZIP+4).`,
  );
}

export function addressEdits(run: ScrubRun): void {
  const { billingProvider, serviceFacility } = run.encounter;
  checkZip(run, billingProvider.address, "/billingProvider", "billing provider's");
  if (serviceFacility)
    checkZip(run, serviceFacility.address, "/serviceFacility", "service facility's");
}
