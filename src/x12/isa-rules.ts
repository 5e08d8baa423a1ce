/**
 * ISA field rules (005010): fixed widths, allowed values, and the TA1 note code (TA105)
 * a receiver reports for each field. Width and value checks produce envelope findings.
 */
import type { Finding } from "./finding.js";
import type { Segment } from "./segment.js";

interface IsaField {
  readonly width: number;
  /** TA105 note code for an invalid value of this field. */
  readonly ta1: string;
  readonly valid: (value: string) => boolean;
}

const ID_QUALIFIERS = new Set(["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"]);
const any = (): boolean => true;
const notBlank = (value: string): boolean => value.trim() !== "";
const digits = (value: string): boolean => /^\d+$/.test(value);

function validDate(value: string): boolean {
  if (!/^\d{6}$/.test(value)) return false;
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  const year = 2000 + Number(value.slice(0, 2));
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
  );
}

function validTime(value: string): boolean {
  return /^([01]\d|2[0-3])[0-5]\d$/.test(value);
}

/** ISA01..ISA16 in order. TA1 codes: 010-013 authorization/security, 005-008 ids, 014-020. */
const ISA_FIELDS: readonly IsaField[] = [
  { width: 2, ta1: "010", valid: (v) => v === "00" || v === "03" },
  { width: 10, ta1: "011", valid: any },
  { width: 2, ta1: "012", valid: (v) => v === "00" || v === "01" },
  { width: 10, ta1: "013", valid: any },
  { width: 2, ta1: "005", valid: (v) => ID_QUALIFIERS.has(v) },
  { width: 15, ta1: "006", valid: notBlank },
  { width: 2, ta1: "007", valid: (v) => ID_QUALIFIERS.has(v) },
  { width: 15, ta1: "008", valid: notBlank },
  { width: 6, ta1: "014", valid: validDate },
  { width: 4, ta1: "015", valid: validTime },
  { width: 1, ta1: "016", valid: any },
  { width: 5, ta1: "017", valid: digits },
  { width: 9, ta1: "018", valid: digits },
  { width: 1, ta1: "019", valid: (v) => v === "0" || v === "1" },
  { width: 1, ta1: "020", valid: (v) => v === "T" || v === "P" },
  { width: 1, ta1: "027", valid: (v) => !/^[A-Za-z0-9 ]$/.test(v) },
];

function isaFinding(
  isa: Segment,
  code: string,
  element: number,
  ta1: string,
  rule: string,
): Finding {
  return {
    code,
    severity: "error",
    message: `ISA${String(element).padStart(2, "0")} ${rule}`,
    position: isa.position,
    offset: isa.offset,
    segment: "ISA",
    element,
    ta1,
  };
}

/** Width and value findings for an ISA segment. */
export function checkIsa(isa: Segment): Finding[] {
  const findings: Finding[] = [];
  if (isa.elements.length !== ISA_FIELDS.length) {
    findings.push(isaFinding(isa, "ISA_FIELD_WIDTH", 16, "022", "ISA must have 16 elements"));
  }
  ISA_FIELDS.forEach((field, index) => {
    const value = isa.elements[index];
    if (value === undefined) return;
    const element = index + 1;
    if (value.length !== field.width) {
      const rule = `must be exactly ${field.width} characters wide`;
      findings.push(isaFinding(isa, "ISA_FIELD_WIDTH", element, field.ta1, rule));
    } else if (!field.valid(value)) {
      findings.push(isaFinding(isa, "ISA_FIELD_VALUE", element, field.ta1, "has an invalid value"));
    }
  });
  return findings;
}
