/**
 * CARC and RARC lists (X12 / WPC code lists) as CSV with a header naming at least
 * `code,description,start,stop`. Dates are ISO (2026-01-31) or as WPC prints them (01/31/2026);
 * a blank stop means the code is still in use.
 */
import type { IsoDate } from "../encounter.js";
import { codesetInvalid, csvRecords } from "./lines.js";
import type { AdjustmentCodeSet } from "./types.js";
import { listDate } from "./versions.js";

interface AdjustmentCode {
  description: string;
  start?: IsoDate;
  stop?: IsoDate;
}

export function parseAdjustmentCodeList(text: string, kind: "CARC" | "RARC"): AdjustmentCodeSet {
  const shape = kind === "CARC" ? /^([0-9]{1,3}|[A-Z][0-9]{0,2})$/ : /^[A-Z]{1,2}[0-9]{1,3}$/;
  const codes = new Map<string, AdjustmentCode>();
  for (const { fields, number } of csvRecords(text, `${kind} list`, [
    "code",
    "description",
    "start",
    "stop",
  ])) {
    const code = (fields.code ?? "").toUpperCase();
    if (!shape.test(code)) throw codesetInvalid(`${kind} list`, number, "code has not its shape");
    const start = listDate(fields.start ?? "");
    const stop = listDate(fields.stop ?? "");
    if (start === null || stop === null) {
      throw codesetInvalid(`${kind} list`, number, "start or stop is not a date");
    }
    codes.set(code, {
      description: fields.description ?? "",
      ...(start ? { start } : {}),
      ...(stop ? { stop } : {}),
    });
  }
  return {
    exists: (code) => codes.has(code.trim().toUpperCase()),
    isActive: (code, date) => {
      const found = codes.get(code.trim().toUpperCase());
      if (!found) return false;
      return (!found.start || found.start <= date) && (!found.stop || date <= found.stop);
    },
    description: (code) => codes.get(code.trim().toUpperCase())?.description,
  };
}
