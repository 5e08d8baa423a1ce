/**
 * Checks across segments of one transaction set, on its loop assignment:
 * - HL: HL01 counts up from 1 by one; HL02 names an earlier HL of the level the loop hangs
 *   under; HL04 says whether children follow (warning).
 * - 837: CLM02 equals the sum of the claim's line charges (SV1-02, SV2-03, SV3-02).
 * - 835: BPR02 = Σ CLP04 − Σ PLB amounts; CLP03 − Σ claim and line CAS = CLP04 per claim;
 *   SVC02 − Σ line CAS = SVC03 per service line.
 * All money in integer cents. Amounts that do not parse are left to the element checks.
 */
import type { LoopAssignment, PlacedSegment } from "../engine.js";
import type { Finding } from "../finding.js";
import type { Segment } from "../segment.js";
import type { TransactionSpec } from "../spec/types.js";
import { elementRef, finding } from "./catalog.js";
import type { FindingCode } from "./catalog.js";
import { compileSpec } from "./structure.js";

const AMOUNT = /^(-)?(\d*)(?:\.(\d*))?$/;

/** Decimal amount text to integer cents, exactly; undefined when it is not an amount. */
export function toCents(text: string): number | undefined {
  const m = AMOUNT.exec(text);
  if (m === null) return undefined;
  const whole = m[2] ?? "";
  const fraction = m[3] ?? "";
  if (whole === "" && fraction === "") return undefined;
  if (/[1-9]/.test(fraction.slice(2))) return undefined;
  const cents = Number(whole || "0") * 100 + Number(fraction.slice(0, 2).padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) return undefined;
  return m[1] === "-" && cents !== 0 ? -cents : cents;
}

function report(code: FindingCode, p: PlacedSegment, element: number, message: string): Finding {
  const { segment, loop } = p;
  return finding(code, {
    message,
    position: segment.position,
    offset: segment.offset,
    segment: segment.id,
    ...(loop === "" ? {} : { loop }),
    element,
  });
}

/** Sum of the amounts at the given element positions; undefined if any present one is bad. */
function sumAt(segment: Segment, positions: readonly number[]): number | undefined {
  let total = 0;
  for (const position of positions) {
    const text = segment.elements[position - 1] ?? "";
    if (text === "") continue;
    const cents = toCents(text);
    if (cents === undefined) return undefined;
    total += cents;
  }
  return total;
}

function amountAt(segment: Segment, position: number): number | undefined {
  return toCents(segment.elements[position - 1] ?? "");
}

/** The occurrence number of loop `id` that a segment sits in, or undefined. */
function occurrenceOf(p: PlacedSegment, id: string): number | undefined {
  const i = p.loopIds.lastIndexOf(id);
  return i < 0 ? undefined : p.occurrences[i];
}

function isPlaced(p: PlacedSegment): boolean {
  return p.spec !== undefined;
}

function checkHierarchy(spec: TransactionSpec, placed: readonly PlacedSegment[]): Finding[] {
  const hlLoops = compileSpec(spec).hlLoops;
  const levels = new Map<string, string>();
  const parents = new Set<string>();
  const hls = placed.filter((p) => p.segment.id === "HL" && isPlaced(p));
  const findings: Finding[] = [];
  hls.forEach((p, i) => {
    const [id = "", parent = "", level = ""] = p.segment.elements;
    if (id !== String(i + 1)) {
      findings.push(report("HL_ID_NOT_SEQUENTIAL", p, 1, "HL01 does not count up from 1 by one."));
    }
    const expected = hlLoops.get(p.loopIds[p.loopIds.length - 1] ?? "")?.hlParentLevels ?? [];
    if (parent !== "") {
      const parentLevel = levels.get(parent);
      // Only a parent that resolves has a child: an HL02 naming no earlier HL is reported here
      // and must not make some later HL with that id look as if children followed it.
      if (parentLevel !== undefined) parents.add(parent);
      if (parentLevel === undefined) {
        findings.push(report("HL_PARENT_INVALID", p, 2, "HL02 names no earlier HL01."));
      } else if (expected.length > 0 && !expected.includes(parentLevel)) {
        const msg = `HL02 names an HL whose level this loop (${p.loop}) cannot hang under.`;
        findings.push(report("HL_PARENT_INVALID", p, 2, msg));
      }
    }
    if (!levels.has(id)) levels.set(id, level);
  });
  for (const p of hls) {
    const [id = "", , , childCode = ""] = p.segment.elements;
    const hasChildren = parents.has(id);
    if ((childCode === "1" && !hasChildren) || (childCode === "0" && hasChildren)) {
      const msg = "HL04 does not agree with whether child HL segments follow.";
      findings.push(report("HL_CHILD_CODE_MISMATCH", p, 4, msg));
    }
  }
  return findings;
}

/** Line charge element of an 837 service segment, by segment id. */
const LINE_CHARGE: Readonly<Record<string, number>> = { SV1: 2, SV2: 3, SV3: 2 };

function checkClaimTotals(placed: readonly PlacedSegment[]): Finding[] {
  const claims = new Map<
    number,
    { clm: PlacedSegment; cents: number; lines: number; bad: boolean }
  >();
  for (const p of placed) {
    const claim = isPlaced(p) ? occurrenceOf(p, "2300") : undefined;
    if (claim === undefined) continue;
    if (p.segment.id === "CLM") claims.set(claim, { clm: p, cents: 0, lines: 0, bad: false });
    const position = LINE_CHARGE[p.segment.id];
    const entry = claims.get(claim);
    if (position === undefined || entry === undefined || !p.loopIds.includes("2400")) continue;
    const cents = amountAt(p.segment, position);
    entry.lines += 1;
    if (cents === undefined) entry.bad = true;
    else entry.cents += cents;
  }
  const findings: Finding[] = [];
  for (const { clm, cents, lines, bad } of claims.values()) {
    const total = amountAt(clm.segment, 2);
    if (bad || total === undefined || lines === 0 || total === cents) continue;
    const msg = `${elementRef("CLM", 2)} does not equal the sum of the claim's line charges.`;
    findings.push(report("CLAIM_TOTAL_MISMATCH", clm, 2, msg));
  }
  return findings;
}

const CAS_AMOUNTS = [3, 6, 9, 12, 15, 18];
const PLB_AMOUNTS = [4, 6, 8, 10, 12, 14];

interface Balance {
  readonly head: PlacedSegment;
  expected: number | undefined;
  adjustments: number | undefined;
}

function addTo(balance: Balance | undefined, cents: number | undefined): void {
  if (balance === undefined) return;
  balance.adjustments =
    balance.adjustments === undefined || cents === undefined
      ? undefined
      : balance.adjustments + cents;
}

function checkRemittance(placed: readonly PlacedSegment[]): Finding[] {
  const claims = new Map<number, Balance>();
  const lines = new Map<number, Balance>();
  let payment: Balance | undefined;
  let paidTotal: number | undefined = 0;
  for (const p of placed) {
    if (!isPlaced(p)) continue;
    const { segment } = p;
    const claim = occurrenceOf(p, "2100");
    const line = occurrenceOf(p, "2110");
    if (segment.id === "BPR") payment = { head: p, expected: amountAt(segment, 2), adjustments: 0 };
    if (segment.id === "CLP" && claim !== undefined) {
      const charge = amountAt(segment, 3);
      const paid = amountAt(segment, 4);
      claims.set(claim, { head: p, expected: paid, adjustments: charge });
      paidTotal = paidTotal === undefined || paid === undefined ? undefined : paidTotal + paid;
    }
    if (segment.id === "SVC" && line !== undefined) {
      lines.set(line, {
        head: p,
        expected: amountAt(segment, 3),
        adjustments: amountAt(segment, 2),
      });
    }
    if (segment.id === "CAS") {
      const cas = sumAt(segment, CAS_AMOUNTS);
      const negated = cas === undefined ? undefined : -cas;
      if (claim !== undefined) addTo(claims.get(claim), negated);
      if (line !== undefined) addTo(lines.get(line), negated);
    }
    if (segment.id === "PLB") addTo(payment, sumAt(segment, PLB_AMOUNTS));
  }
  const findings: Finding[] = [];
  const unbalanced = (b: Balance, element: number, rule: string): void => {
    if (b.expected === undefined || b.adjustments === undefined) return;
    if (b.expected !== b.adjustments)
      findings.push(report("REMIT_UNBALANCED", b.head, element, rule));
  };
  if (payment !== undefined && paidTotal !== undefined && payment.adjustments !== undefined) {
    const net = paidTotal - payment.adjustments;
    if (payment.expected !== undefined && payment.expected !== net) {
      const msg = "BPR02 does not equal the sum of CLP04 less the PLB adjustment amounts.";
      findings.push(report("REMIT_UNBALANCED", payment.head, 2, msg));
    }
  }
  for (const b of claims.values()) {
    unbalanced(b, 4, "CLP03 less the claim's and its lines' CAS amounts does not equal CLP04.");
  }
  for (const b of lines.values()) {
    unbalanced(b, 3, "SVC02 less the line's CAS amounts does not equal SVC03.");
  }
  return findings;
}

/** Cross-segment findings of one transaction set. */
export function crossCheck(spec: TransactionSpec, assignment: LoopAssignment): Finding[] {
  const placed = assignment.segments;
  const findings = checkHierarchy(spec, placed);
  if (spec.transactionSet === "837") findings.push(...checkClaimTotals(placed));
  if (spec.transactionSet === "835") findings.push(...checkRemittance(placed));
  return findings;
}
