/** CMS place of service codes as CSV with a `code,name` header: two-digit code and name. */
import { codesetInvalid, csvRecords } from "./lines.js";
import type { PlaceOfServiceCodeSet } from "./types.js";

export function parsePlaceOfServiceList(text: string): PlaceOfServiceCodeSet {
  const names = new Map<string, string>();
  for (const { fields, number } of csvRecords(text, "place of service list", ["code", "name"])) {
    const code = fields.code ?? "";
    if (!/^[0-9]{2}$/.test(code)) {
      throw codesetInvalid("place of service list", number, "code is not two digits");
    }
    names.set(code, fields.name ?? "");
  }
  return { exists: (code) => names.has(code), name: (code) => names.get(code) };
}
