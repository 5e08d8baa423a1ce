/**
 * The TR3 loop engine: walks a transaction set (ST..SE) against its spec and gives each
 * segment its loop path ("2000B/2300/2400") and the SegmentSpec it matched, reporting
 * structural findings (unexpected, out of order, missing, repeated too often, not used).
 *
 * The walk keeps a stack of open loop occurrences. For each segment it looks, innermost loop
 * first, for a child at or after the loop's cursor whose first segment matches (same id and,
 * where the spec has `match`, the qualifier codes). HL loops are entered by HL03 wherever they
 * stand among their siblings, since hierarchies interleave (2000B, 2000C, 2000B...). When no
 * child matches in order, the engine tries, in turn: an earlier place in an open loop (out of
 * order), the same id with other qualifiers (placed, qualifier reported as an invalid code),
 * and gives up on the segment (reported once, state unchanged). One bad segment makes one
 * finding, not a cascade. Cost per segment is bounded by the spec's size, not the file's.
 */
import type { Finding } from "./finding.js";
import type { Delimiters, Segment } from "./segment.js";
import { UNBOUNDED } from "./spec/types.js";
import type { SegmentSpec, TransactionSpec } from "./spec/types.js";
import { elementRef, finding } from "./validate/catalog.js";
import type { FindingAt, FindingCode } from "./validate/catalog.js";
import { KNOWN_SEGMENT_IDS } from "./validate/segment-ids.js";
import { compileSpec, firstMismatch, lead, matchesSpec } from "./validate/structure.js";
import type { CompiledLoop, CompiledNode, CompiledSpec } from "./validate/structure.js";

/**
 * How a segment was placed: in order; out of order (its place is earlier in an open loop);
 * loosely (its id fits here but its qualifier codes fit no spec); or not at all.
 */
export type Placement = "ordered" | "out-of-order" | "loose" | "unplaced";

export interface PlacedSegment {
  readonly segment: Segment;
  /** Loop path, e.g. "2000B/2300/2400"; "" for segments outside any loop (ST, BHT, SE). */
  readonly loop: string;
  /** The loop ids of the path, outermost first. */
  readonly loopIds: readonly string[];
  /**
   * Occurrence numbers parallel to `loopIds`: two segments are in the same occurrence of
   * loop `loopIds[i]` when their `occurrences[i]` are equal (unique within one assignment).
   */
  readonly occurrences: readonly number[];
  /** The spec the segment matched; undefined when unplaced. */
  readonly spec?: SegmentSpec;
  readonly placement: Placement;
}

export interface LoopAssignment {
  /** One entry per input segment, in input order. */
  readonly segments: readonly PlacedSegment[];
  readonly findings: readonly Finding[];
}

interface Frame {
  readonly loop: CompiledLoop;
  /** The loop path, "" for the transaction set. */
  readonly path: string;
  readonly ids: readonly string[];
  readonly occurrences: readonly number[];
  /** Index of the child matched last; -1 before any. */
  cursor: number;
  /** Uses of each child within this occurrence. */
  readonly counts: Uint32Array;
  /** Children below this index have been checked for being required and missing. */
  checked: number;
  /** Missing-findings reported for children, by index (withdrawn if the child turns up late). */
  readonly missing: Map<number, Finding>;
}

interface Hit {
  readonly depth: number;
  readonly index: number;
}

function pathOf(ids: readonly string[]): string {
  return ids.join("/");
}

function isHlLoop(node: CompiledNode): boolean {
  return node.kind === "loop" && node.hlLevels !== undefined;
}

function maxOf(node: CompiledNode): number {
  return node.kind === "segment" ? node.spec.max : node.repeat;
}

class Walk {
  private readonly frames: Frame[] = [];
  private readonly placed: PlacedSegment[] = [];
  private readonly findings: Finding[] = [];
  /** Missing-findings for children that turned up out of order: one finding, not two. */
  private readonly withdrawn = new Set<Finding>();
  private nextOccurrence = 1;

  constructor(
    private readonly compiled: CompiledSpec,
    private readonly delimiters: Delimiters,
  ) {
    const root = compiled.root;
    this.frames.push({
      loop: root,
      path: "",
      ids: [],
      occurrences: [],
      cursor: -1,
      counts: new Uint32Array(root.children.length),
      checked: 1,
      missing: new Map(),
    });
  }

  run(segments: readonly Segment[]): LoopAssignment {
    for (const segment of segments) this.place(segment);
    const last = segments[segments.length - 1];
    this.closeAbove(-1, last?.position ?? 1, last?.offset);
    const findings = this.findings.filter((f) => !this.withdrawn.has(f));
    return { segments: this.placed, findings };
  }

  private place(segment: Segment): void {
    const inOrder = this.findForward(segment, true);
    if (inOrder !== undefined) return this.enter(segment, inOrder, "ordered");
    const early = this.findBackward(segment);
    if (early !== undefined) return this.enterOutOfOrder(segment, early);
    const loose = this.findForward(segment, false);
    if (loose !== undefined) {
      this.reportQualifier(segment, loose);
      return this.enter(segment, loose, "loose");
    }
    this.reportUnplaced(segment);
  }

  /** Lowest child index searchable in order at a depth (a loop's own trigger is excluded). */
  private lowerBound(depth: number): number {
    const frame = this.frames[depth]!;
    return Math.max(frame.cursor, depth === 0 ? 0 : 1);
  }

  private childAt(hit: Hit): CompiledNode {
    return this.frames[hit.depth]!.loop.children[hit.index]!;
  }

  private isFull(hit: Hit): boolean {
    const max = maxOf(this.childAt(hit));
    return max !== UNBOUNDED && this.frames[hit.depth]!.counts[hit.index]! >= max;
  }

  /** The first in-order match, innermost loop first, preferring one not already used up. */
  private findForward(segment: Segment, strict: boolean): Hit | undefined {
    let full: Hit | undefined;
    for (let depth = this.frames.length - 1; depth >= 0; depth--) {
      const frame = this.frames[depth]!;
      const lower = this.lowerBound(depth);
      for (const index of frame.loop.byId.get(segment.id) ?? []) {
        if (index === 0 && depth > 0) continue;
        const node = frame.loop.children[index]!;
        if (index < lower && !isHlLoop(node)) continue;
        if (!matchesSpec(lead(node), segment, this.delimiters, strict)) continue;
        const hit = { depth, index };
        if (!this.isFull(hit)) return hit;
        full ??= hit;
      }
    }
    return full;
  }

  /** A strict match before the cursor of an open loop: the segment is out of order. */
  private findBackward(segment: Segment): Hit | undefined {
    for (let depth = this.frames.length - 1; depth >= 0; depth--) {
      const frame = this.frames[depth]!;
      const lower = this.lowerBound(depth);
      for (const index of frame.loop.byId.get(segment.id) ?? []) {
        if (index >= lower) break;
        if (index === 0 && depth > 0) continue;
        const node = frame.loop.children[index]!;
        if (matchesSpec(lead(node), segment, this.delimiters, true)) return { depth, index };
      }
    }
    return undefined;
  }

  private enter(segment: Segment, hit: Hit, placement: Placement): void {
    this.closeAbove(hit.depth, segment.position, segment.offset);
    const frame = this.frames[hit.depth]!;
    const node = this.childAt(hit);
    const exceeded = this.isFull(hit);
    frame.counts[hit.index]! += 1;
    frame.cursor = hit.index;
    // Required children skipped over are missing: report them here, where the gap is.
    this.reportMissing(frame, hit.index, segment.position, segment.offset);
    if (node.kind === "segment") {
      this.record(segment, frame, node.spec, placement);
      if (exceeded)
        this.report(
          "SEGMENT_MAX_USE_EXCEEDED",
          segment,
          frame.ids,
          "exceeds its maximum use in this loop",
        );
      if (node.spec.usage === "N")
        this.report("SEGMENT_NOT_USED", segment, frame.ids, "is marked not used by the guide here");
      return;
    }
    const child = this.open(frame, node);
    this.record(segment, child, node.trigger, placement);
    if (exceeded)
      this.report(
        "LOOP_REPEAT_EXCEEDED",
        segment,
        child.ids,
        `starts loop ${node.id} more often than the guide allows`,
      );
    if (node.usage === "N")
      this.report(
        "SEGMENT_NOT_USED",
        segment,
        child.ids,
        `starts loop ${node.id}, which the guide marks not used`,
      );
  }

  /** Out of order: a segment is counted where it belongs; a loop is opened on top of the stack. */
  private enterOutOfOrder(segment: Segment, hit: Hit): void {
    const frame = this.frames[hit.depth]!;
    const node = this.childAt(hit);
    frame.counts[hit.index]! += 1;
    const missing = frame.missing.get(hit.index);
    if (missing !== undefined) this.withdrawn.add(missing);
    const what = "is out of sequence: its place in the loop is earlier";
    if (node.kind === "segment") {
      this.record(segment, frame, node.spec, "out-of-order");
      this.report("SEGMENT_OUT_OF_ORDER", segment, frame.ids, what);
      return;
    }
    const child = this.open(frame, node);
    this.record(segment, child, node.trigger, "out-of-order");
    this.report("SEGMENT_OUT_OF_ORDER", segment, child.ids, what);
  }

  private open(parent: Frame, loop: CompiledLoop): Frame {
    const ids = [...parent.ids, loop.id];
    const counts = new Uint32Array(loop.children.length);
    counts[0] = 1;
    const frame: Frame = {
      loop,
      path: pathOf(ids),
      ids,
      occurrences: [...parent.occurrences, this.nextOccurrence++],
      cursor: 0,
      counts,
      checked: 1,
      missing: new Map(),
    };
    this.frames.push(frame);
    return frame;
  }

  /** Closes every frame deeper than `depth`, reporting what each lacked. */
  private closeAbove(depth: number, position: number, offset: number | undefined): void {
    while (this.frames.length - 1 > depth) {
      const frame = this.frames.pop()!;
      this.reportMissing(frame, frame.loop.children.length, position, offset);
    }
  }

  /** Reports required children in [frame.checked, upTo) never used, then moves the mark. */
  private reportMissing(frame: Frame, upTo: number, position: number, offset?: number): void {
    const isRoot = frame.ids.length === 0;
    for (let index = frame.checked; index < upTo; index++) {
      const child = frame.loop.children[index]!;
      const usage = child.kind === "segment" ? child.spec.usage : child.usage;
      if (frame.counts[index]! > 0 || usage !== "R") continue;
      const id = lead(child).segment;
      if (isRoot && (id === "ST" || id === "SE")) continue;
      const at: FindingAt = {
        position,
        segment: id,
        message: "",
        ...(offset === undefined ? {} : { offset }),
      };
      const missing =
        child.kind === "segment"
          ? finding("SEGMENT_REQUIRED_MISSING", {
              ...at,
              loop: pathOf(frame.ids),
              message: `Required segment ${id} is missing${where(pathOf(frame.ids))}.`,
            })
          : finding("LOOP_REQUIRED_MISSING", {
              ...at,
              loop: pathOf([...frame.ids, child.id]),
              message: `Required loop ${child.id} (starting with ${id}) is missing${where(pathOf(frame.ids))}.`,
            });
      this.findings.push(missing);
      frame.missing.set(index, missing);
    }
    frame.checked = Math.max(frame.checked, upTo);
  }

  private reportQualifier(segment: Segment, hit: Hit): void {
    const node = this.childAt(hit);
    const key = firstMismatch(lead(node), segment, this.delimiters) ?? "1";
    const [element, component] = key.split("-").map(Number);
    const parent = this.frames[hit.depth]!.ids;
    const ids = node.kind === "loop" ? [...parent, node.id] : parent;
    const ref = elementRef(segment.id, element ?? 1, component);
    this.findings.push(
      finding("ELEMENT_INVALID_CODE", {
        ...locate(segment, ids),
        element: element ?? 1,
        ...(component === undefined ? {} : { component }),
        message: `${ref} holds a qualifier code the guide does not allow for segment ${segment.id} here.`,
      }),
    );
  }

  private reportUnplaced(segment: Segment): void {
    const top = this.frames[this.frames.length - 1]!;
    this.record(segment, top, undefined, "unplaced");
    if (this.compiled.segmentIds.has(segment.id)) {
      this.report(
        "SEGMENT_UNEXPECTED",
        segment,
        top.ids,
        "is not expected at this point of the transaction set",
      );
    } else if (KNOWN_SEGMENT_IDS.has(segment.id)) {
      this.report(
        "SEGMENT_NOT_IN_SET",
        segment,
        top.ids,
        `is not part of transaction set ${this.compiled.spec.transactionSet} in this guide`,
      );
    } else {
      // A malformed id may be stray data (a name, a number): neither message nor finding
      // repeats more of it than a segment id's three characters.
      const shown = SEGMENT_ID.test(segment.id) ? segment.id : safeId(segment.id);
      const loop = top.path;
      this.findings.push(
        finding("SEGMENT_UNRECOGNIZED", {
          ...locate(segment, top.ids),
          segment: shown,
          message: SEGMENT_ID.test(segment.id)
            ? `Segment ${shown} is not a recognized segment id${where(loop)}.`
            : `A segment with a malformed id stands here${where(loop)}.`,
        }),
      );
    }
  }

  private record(
    segment: Segment,
    frame: Frame,
    spec: SegmentSpec | undefined,
    placement: Placement,
  ): void {
    const { path: loop, ids: loopIds, occurrences } = frame;
    this.placed.push({ segment, loop, loopIds, occurrences, spec, placement });
  }

  private report(code: FindingCode, segment: Segment, ids: readonly string[], what: string): void {
    const loop = pathOf(ids);
    this.findings.push(
      finding(code, {
        ...locate(segment, ids),
        message: `Segment ${segment.id} ${what}${where(loop)}.`,
      }),
    );
  }
}

function where(loop: string): string {
  return loop === "" ? "" : ` (loop ${loop})`;
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** At most three letters or digits of a malformed segment id. */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, "").slice(0, 3);
}

function locate(segment: Segment, ids: readonly string[]): FindingAt & { message: string } {
  const loop = pathOf(ids);
  return {
    message: "",
    position: segment.position,
    offset: segment.offset,
    segment: segment.id,
    ...(loop === "" ? {} : { loop }),
  };
}

/**
 * Assigns each segment of one transaction set (ST..SE, in order) to its loop and spec, and
 * reports the structural findings. Throws X12_SPEC_INVALID only for a malformed spec.
 */
export function assignLoops(
  spec: TransactionSpec,
  segments: readonly Segment[],
  delimiters: Delimiters,
): LoopAssignment {
  return new Walk(compileSpec(spec), delimiters).run(segments);
}

/**
 * The CLM segment of the claim (2300 occurrence) holding the segment at `position` (an IK302
 * from a 999), or undefined when that segment is not inside a claim. Lets a 999 be mapped
 * back to the claims that broke a batch.
 */
export function claimAt(assignment: LoopAssignment, position: number): PlacedSegment | undefined {
  const { segments } = assignment;
  const guess = segments[position - 1];
  const index =
    guess?.segment.position === position
      ? position - 1
      : segments.findIndex((p) => p.segment.position === position);
  const at = segments[index];
  const depth = at?.loopIds.lastIndexOf("2300") ?? -1;
  if (at === undefined || depth < 0) return undefined;
  const occurrence = at.occurrences[depth];
  for (let i = index; i >= 0; i--) {
    const p = segments[i]!;
    const d = p.loopIds.lastIndexOf("2300");
    if (p.segment.id === "CLM" && d >= 0 && p.occurrences[d] === occurrence) return p;
  }
  return undefined;
}
