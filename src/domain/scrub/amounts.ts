/** Units and charges: every line bills something, and the claim total adds up. */
import type { ScrubRun } from "./run.js";
import { lineName, linePath } from "./run.js";

export function amountEdits(run: ScrubRun): void {
  let sum = 0;
  run.encounter.serviceLines.forEach((line, i) => {
    if (!(Number.isFinite(line.units) && line.units > 0)) {
      run.add(
        "UNITS_NOT_POSITIVE",
        linePath(i, "units"),
        `${lineName(i)} must bill more than 0 units.`,
      );
    }
    if (!(Number.isSafeInteger(line.chargeCents) && line.chargeCents > 0)) {
      run.add(
        "LINE_CHARGE_NOT_POSITIVE",
        linePath(i, "chargeCents"),
        `${lineName(i)} charge must be more than zero (in whole cents).`,
      );
    }
    sum += line.chargeCents;
  });
  const total = run.encounter.totalChargeCents;
  if (total !== undefined && total !== sum) {
    run.add(
      "CLAIM_TOTAL_MISMATCH",
      "/totalChargeCents",
      "The claim total charge is not the sum of the service line charges.",
    );
  }
}
