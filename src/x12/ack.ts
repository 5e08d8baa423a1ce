/**
 * Acknowledgments a receiver returns for a validated file: one 999 (005010X231A1) per
 * functional group, and a TA1 for an interchange whose envelope is bad (or that asked for
 * one in ISA14).
 *
 * Mapping from findings:
 * - IK3 per segment finding (IK304 code), and one IK3 "8" per segment with element findings,
 *   each element finding an IK4 (position:component:repetition, IK403). IK404 (copy of the
 *   bad data) is never written: it could carry PHI. IK303 takes the loop id's first four
 *   characters, as the element allows ("2010AA" → "2010").
 * - In an 837, IK3s inside a claim get CTX*CLM01:<patient control number> so the sender can
 *   find the claim that broke the batch.
 * - IK5: R when the set has an error finding with a 999 code, E when only warnings, else A;
 *   IK502.. carry the set's envelope codes and "5" when segments are in error.
 * - AK9: A, E, P (some sets rejected) or R (all rejected, or the group envelope is bad),
 *   with GE01, the sets received and the sets accepted; AK905.. the group's envelope codes.
 * Business edits without a 999 code (claim totals, 835 balancing) do not appear in a 999.
 * A TA1 that rejects the interchange (TA104 R) replaces its 999s: the groups were not read.
 */
import type { PlacedSegment } from "./engine.js";
import type { Finding } from "./finding.js";
import type { FunctionalGroup, Interchange } from "./interchange.js";
import type { Delimiters, ElementInput, SegmentInput } from "./segment.js";
import type { FileValidation, GroupValidation, SetValidation } from "./validator.js";
import { buildInterchange } from "./writer.js";
import type { FunctionalGroupInput, InterchangeParty } from "./writer.js";

export const ACK_999_GUIDE = "005010X231A1";

/** Control numbers for the acknowledgments, allocated by the caller (the store, in the gateway). */
export interface AckControlNumbers {
  /** ISA13 of the interchange acknowledging `original`. */
  interchange(original: Interchange): number | string;
  /** GS06 of its FA group. */
  group(original: Interchange): number | string;
  /** ST02 of the 999 acknowledging `original`. */
  transactionSet(original: FunctionalGroup): string;
}

export interface AckOptions {
  readonly controlNumbers: AckControlNumbers;
  /** GS04 / ISA09 date, CCYYMMDD. */
  readonly date: string;
  /** GS05 / ISA10 time, HHMM. */
  readonly time: string;
  /** ISA05/06 of the acknowledgment; default: the original's receiver. */
  readonly sender?: InterchangeParty;
  /** ISA07/08 of the acknowledgment; default: the original's sender. */
  readonly receiver?: InterchangeParty;
  /** Default: the original's delimiters. */
  readonly delimiters?: Delimiters;
  readonly lineBreak?: string;
  /** Write CTX*CLM01 for IK3s inside an 837 claim (default true). */
  readonly claimContext?: boolean;
}

/** Counters from `start` for all three kinds (for the CLI and tests; the gateway uses the store). */
export function sequentialControlNumbers(start = 1): AckControlNumbers {
  let interchange = start;
  let group = start;
  let set = start;
  return {
    interchange: () => interchange++,
    group: () => group++,
    transactionSet: () => String(set++).padStart(4, "0"),
  };
}

const has999Code = (f: Finding): boolean =>
  f.ik304 !== undefined || f.ik403 !== undefined || f.ik502 !== undefined;

function unique(codes: readonly (string | undefined)[], max: number): string[] {
  return [...new Set(codes.filter((c): c is string => c !== undefined))].slice(0, max);
}

/** IK5 / TA104 style status: R on an error, E on warnings only, A otherwise. */
function statusOf(findings: readonly Finding[]): "A" | "E" | "R" {
  if (findings.some((f) => f.severity === "error")) return "R";
  return findings.length > 0 ? "E" : "A";
}

/** CLM01 by 2300 occurrence, for the claim context of an 837's IK3s. */
function claimIds(set: SetValidation): Map<number, string> {
  const out = new Map<number, string>();
  if (set.transactionSet.id !== "837") return out;
  for (const p of set.loopAssignment?.segments ?? []) {
    const i = p.loopIds.lastIndexOf("2300");
    if (p.segment.id === "CLM" && i >= 0) out.set(p.occurrences[i]!, p.segment.elements[0] ?? "");
  }
  return out;
}

class SetAck {
  private readonly claims: Map<number, string>;
  private readonly placedByPosition = new Map<number, PlacedSegment>();

  constructor(
    private readonly set: SetValidation,
    private readonly delimiters: Delimiters,
    private readonly claimContext: boolean,
  ) {
    this.claims = claimContext ? claimIds(set) : new Map<number, string>();
    for (const p of set.loopAssignment?.segments ?? []) {
      this.placedByPosition.set(p.segment.position, p);
    }
  }

  segments(): SegmentInput[] {
    const ts = this.set.transactionSet;
    const st03 = ts.segments[0]?.id === "ST" ? ts.segments[0].elements[2] : undefined;
    const out: SegmentInput[] = [
      { id: "AK2", elements: [ts.id, ts.controlNumber, ...(st03 ? [st03] : [])] },
    ];
    const coded = this.set.findings.filter(has999Code);
    const segmentNotes = this.segmentNotes(coded);
    out.push(...segmentNotes);
    const codes = unique(
      coded.map((f) => f.ik502),
      5,
    );
    if (segmentNotes.length > 0 && codes.length < 5 && !codes.includes("5")) codes.push("5");
    out.push({ id: "IK5", elements: [statusOf(coded), ...codes] });
    return out;
  }

  /** IK3 (+ CTX, IK4s) for the segment and element findings, in segment order. */
  private segmentNotes(coded: readonly Finding[]): SegmentInput[] {
    const notes = coded.filter((f) => f.ik304 !== undefined || f.ik403 !== undefined);
    const bySegment = new Map<string, Finding[]>();
    for (const f of notes) {
      const key =
        f.ik304 !== undefined
          ? `${f.position}|${f.segment}|${f.code}|${f.loop}`
          : `${f.position}|${f.segment}|elements`;
      const list = bySegment.get(key);
      if (list === undefined) bySegment.set(key, [f]);
      else list.push(f);
    }
    const groups = [...bySegment.values()].sort((a, b) => a[0]!.position - b[0]!.position);
    return groups.flatMap((group) => this.ik3(group));
  }

  private ik3(group: readonly Finding[]): SegmentInput[] {
    const first = group[0]!;
    const loopId = (first.loop ?? "").split("/").pop()?.slice(0, 4) ?? "";
    const code = first.ik304 ?? "8";
    const out: SegmentInput[] = [
      {
        id: "IK3",
        elements: [writableSegmentId(first.segment), String(first.position), loopId, code],
      },
    ];
    const context = this.claimContextOf(first.position);
    if (context !== undefined) out.push(context);
    if (first.ik304 === undefined) out.push(...group.map((f) => ik4(f)));
    return out;
  }

  private claimContextOf(position: number): SegmentInput | undefined {
    const placed = this.placedByPosition.get(position);
    const i = placed?.loopIds.lastIndexOf("2300") ?? -1;
    if (placed === undefined || i < 0) return undefined;
    const claimId = this.claims.get(placed.occurrences[i]!);
    if (claimId === undefined || claimId === "") return undefined;
    const d = this.delimiters;
    if (
      [d.element, d.segment, d.component, d.repetition].some((c) => c !== "" && claimId.includes(c))
    ) {
      return undefined;
    }
    return { id: "CTX", elements: [["CLM01", claimId]] };
  }
}

/**
 * IK301 must be a 2-3 character id: an unrecognized id that cannot be written as it is
 * (empty, too long, odd characters) is cut to three letters or digits, or padded with Z.
 */
function writableSegmentId(id: string): string {
  return id
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 3)
    .padEnd(2, "Z");
}

function ik4(f: Finding): SegmentInput {
  const parts = [String(f.element ?? 1), f.component === undefined ? "" : String(f.component)];
  if (f.repetition !== undefined) parts.push(String(f.repetition));
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const position: ElementInput = parts.length === 1 ? parts[0]! : parts;
  return { id: "IK4", elements: [position, "", f.ik403 ?? "8"] };
}

/** The body of the 999 acknowledging one functional group: AK1 through AK9 (no ST/SE). */
export function ack999Body(
  group: GroupValidation,
  delimiters: Delimiters,
  claimContext = true,
): SegmentInput[] {
  const g = group.group;
  const out: SegmentInput[] = [
    { id: "AK1", elements: [g.functionalId, g.controlNumber, g.version] },
  ];
  let accepted = 0;
  for (const set of group.sets) {
    const segments = new SetAck(set, delimiters, claimContext).segments();
    const ik5 = segments[segments.length - 1]!;
    if (ik5.elements[0] !== "R") accepted++;
    out.push(...segments);
  }
  const received = group.sets.length;
  const ge01 = g.ge?.elements[0] ?? "";
  const included = /^\d{1,6}$/.test(ge01) ? String(Number(ge01)) : String(received);
  const groupStatus = statusOf(group.findings);
  const groupCodes = unique(
    group.findings.map((f) => f.ak905),
    5,
  );
  if (groupStatus === "R") accepted = 0;
  const anyNoted = out.some((s) => s.id === "IK5" && s.elements[0] === "E");
  let status: string;
  if (groupStatus === "R" || (received > 0 && accepted === 0)) status = "R";
  else if (accepted < received) status = "P";
  else status = groupStatus === "E" || anyNoted ? "E" : "A";
  out.push({
    id: "AK9",
    elements: [status, included, String(received), String(accepted), ...groupCodes],
  });
  return out;
}

/**
 * The TA1 for an interchange: TA101 its ISA13, TA102/103 its ISA09/ISA10, TA104 A/E/R from
 * its envelope findings, TA105 the first finding's note code ("000" when none).
 */
export function buildTA1(
  interchange: Interchange,
  findings: readonly Finding[] = interchange.findings,
): SegmentInput {
  const isa = interchange.isa.elements;
  const errors = findings.filter((f) => f.severity === "error");
  const note = (errors.length > 0 ? errors : findings).find((f) => f.ta1 !== undefined)?.ta1;
  return {
    id: "TA1",
    elements: [isa[12] ?? "", isa[8] ?? "", isa[9] ?? "", statusOf(findings), note ?? "000"],
  };
}

function party(qualifier: string | undefined, id: string | undefined): InterchangeParty {
  return { qualifier: (qualifier ?? "").trim() || "ZZ", id: (id ?? "").trim() };
}

/** Whether a TA1 goes back: the envelope has findings, or ISA14 asked for one. */
function needsTA1(interchange: Interchange): boolean {
  return interchange.findings.length > 0 || interchange.isa.elements[13] === "1";
}

/**
 * The FA group of 999s answering `original`: GS02/GS03 are its first group's, swapped; one 999
 * per body with its ST02.
 */
export function ack999Group(
  original: Interchange,
  controlNumber: string | number,
  sets: readonly { controlNumber: string; body: SegmentInput[] }[],
): FunctionalGroupInput {
  const firstGs = original.groups[0]?.gs.elements ?? [];
  return {
    functionalId: "FA",
    sender: firstGs[2] ?? "",
    receiver: firstGs[1] ?? "",
    controlNumber,
    version: ACK_999_GUIDE,
    transactionSets: sets.map(({ controlNumber: st02, body }) => ({
      id: "999",
      controlNumber: st02,
      guide: ACK_999_GUIDE,
      body,
    })),
  };
}

function ackInterchange(
  result: FileValidation["interchanges"][number],
  options: AckOptions,
): string {
  const original = result.interchange;
  const delimiters = options.delimiters ?? original.delimiters;
  const ta1 = needsTA1(original) ? buildTA1(original) : undefined;
  const rejected = ta1?.elements[3] === "R";
  const groups: FunctionalGroupInput[] = [];
  if (!rejected && result.groups.length > 0) {
    groups.push(
      ack999Group(
        original,
        options.controlNumbers.group(original),
        result.groups.map((g) => ({
          controlNumber: options.controlNumbers.transactionSet(g.group),
          body: ack999Body(g, delimiters, options.claimContext ?? true),
        })),
      ),
    );
  }
  const lineBreak = options.lineBreak ?? "";
  const text = buildInterchange({
    sender: options.sender ?? party(original.isa.elements[6], original.isa.elements[7]),
    receiver: options.receiver ?? party(original.isa.elements[4], original.isa.elements[5]),
    controlNumber: options.controlNumbers.interchange(original),
    date: options.date,
    time: options.time,
    usage: original.usage === "P" ? "P" : "T",
    delimiters,
    groups,
    ...(options.lineBreak === undefined ? {} : { lineBreak }),
  });
  if (ta1 === undefined) return text;
  // The TA1 goes right after the ISA, outside any group; the ISA is the first segment.
  const isaEnd = text.indexOf(delimiters.segment) + delimiters.segment.length + lineBreak.length;
  const ta1Text = `TA1${delimiters.element}${ta1.elements.join(delimiters.element)}${delimiters.segment}${lineBreak}`;
  return text.slice(0, isaEnd) + ta1Text + text.slice(isaEnd);
}

/**
 * The acknowledgments for a validated file: per original interchange, one interchange back
 * carrying its TA1 (when needed) and one FA group with a 999 per original functional group.
 */
export function build999(validation: FileValidation, options: AckOptions): string {
  return validation.interchanges.map((i) => ackInterchange(i, options)).join("");
}
