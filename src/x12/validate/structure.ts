/**
 * The structure of a TR3 spec as the loop engine walks it: includes resolved, each loop's
 * children indexed by the segment id they start with, and the HL level codes that enter each
 * hierarchical loop with the level codes its parent HL may have.
 *
 * Compiled once per spec object (cached) so validating many sets costs one compile.
 */
import { ClaimgateError } from "../../errors.js";
import type { Delimiters, Segment } from "../segment.js";
import { isInclude, isLoop } from "../spec/types.js";
import type {
  LoopInclude,
  LoopSpec,
  SegmentSpec,
  SpecNode,
  TransactionSpec,
  Usage,
} from "../spec/types.js";

export interface CompiledSegment {
  readonly kind: "segment";
  readonly spec: SegmentSpec;
}

export interface CompiledLoop {
  readonly kind: "loop";
  /** Loop id ("2300"); "" for the transaction set itself. */
  readonly id: string;
  readonly usage: Usage;
  readonly repeat: number;
  readonly children: readonly CompiledNode[];
  /** The loop's first segment (for the transaction set: ST). */
  readonly trigger: SegmentSpec;
  /** Segment id a child starts with -> child indices, in order. */
  readonly byId: ReadonlyMap<string, readonly number[]>;
  /** For an HL loop: the HL03 codes that enter it. */
  readonly hlLevels?: readonly string[];
  /** For an HL loop: HL03 codes its parent HL may have; empty when it has no parent. */
  readonly hlParentLevels?: readonly string[];
}

export type CompiledNode = CompiledSegment | CompiledLoop;

export interface CompiledSpec {
  readonly spec: TransactionSpec;
  readonly root: CompiledLoop;
  /** Every segment id the spec uses anywhere. */
  readonly segmentIds: ReadonlySet<string>;
  /** HL loops by loop id. */
  readonly hlLoops: ReadonlyMap<string, CompiledLoop>;
}

/** The segment a node starts with. */
export function lead(node: CompiledNode): SegmentSpec {
  return node.kind === "segment" ? node.spec : node.trigger;
}

function invalid(spec: TransactionSpec, why: string): ClaimgateError {
  return new ClaimgateError("X12_SPEC_INVALID", `Spec ${spec.guide} ${why}.`);
}

interface Builder {
  readonly spec: TransactionSpec;
  readonly segmentIds: Set<string>;
  readonly hlLoops: Map<string, CompiledLoop>;
  /** Includes being expanded, to stop a loop that includes itself. */
  readonly including: Set<string>;
}

function resolve(b: Builder, node: LoopSpec | LoopInclude): LoopSpec {
  if (!isInclude(node)) return node;
  const def = b.spec.definitions?.[node.include];
  if (def === undefined) throw invalid(b.spec, `includes undefined loop ${node.include}`);
  return def;
}

function compileChildren(
  b: Builder,
  nodes: readonly SpecNode[],
  enclosingHl: readonly string[],
): CompiledNode[] {
  let previousHl: readonly string[] | undefined;
  const out: CompiledNode[] = [];
  for (const node of nodes) {
    if (!isLoop(node) && !isInclude(node)) {
      b.segmentIds.add(node.segment);
      out.push({ kind: "segment", spec: node });
      continue;
    }
    const include = isInclude(node) ? node : undefined;
    if (include !== undefined) {
      if (b.including.has(include.include))
        throw invalid(b.spec, `includes ${include.include} in itself`);
      b.including.add(include.include);
    }
    const def = resolve(b, node);
    const loop = compileLoop(b, def, include, previousHl ?? enclosingHl);
    if (include !== undefined) b.including.delete(include.include);
    if (loop.hlLevels !== undefined) previousHl = loop.hlLevels;
    out.push(loop);
  }
  return out;
}

function compileLoop(
  b: Builder,
  def: LoopSpec,
  include: { usage?: Usage; repeat?: number } | undefined,
  parentHl: readonly string[],
): CompiledLoop {
  const first = def.children[0];
  if (first === undefined || isLoop(first) || isInclude(first)) {
    throw invalid(b.spec, `loop ${def.loop} does not start with a segment`);
  }
  const hlLevels = first.segment === "HL" ? first.match?.["3"] : undefined;
  const children = compileChildren(b, def.children, hlLevels ?? parentHl);
  const loop: CompiledLoop = {
    kind: "loop",
    id: def.loop,
    usage: include?.usage ?? def.usage,
    repeat: include?.repeat ?? def.repeat,
    children,
    trigger: first,
    byId: indexById(children),
    ...(hlLevels === undefined ? {} : { hlLevels, hlParentLevels: parentHl }),
  };
  if (hlLevels !== undefined) b.hlLoops.set(def.loop, loop);
  return loop;
}

function indexById(children: readonly CompiledNode[]): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  children.forEach((child, i) => {
    const id = lead(child).segment;
    const list = byId.get(id);
    if (list === undefined) byId.set(id, [i]);
    else list.push(i);
  });
  return byId;
}

const cache = new WeakMap<TransactionSpec, CompiledSpec>();

/** The compiled structure of a spec (cached per spec object). */
export function compileSpec(spec: TransactionSpec): CompiledSpec {
  const hit = cache.get(spec);
  if (hit !== undefined) return hit;
  const first = spec.children[0];
  if (first === undefined || isLoop(first) || isInclude(first)) {
    throw invalid(spec, "does not start with a segment");
  }
  const b: Builder = { spec, segmentIds: new Set(), hlLoops: new Map(), including: new Set() };
  const children = compileChildren(b, spec.children, []);
  const root: CompiledLoop = {
    kind: "loop",
    id: "",
    usage: "R",
    repeat: 1,
    children,
    trigger: first,
    byId: indexById(children),
  };
  const compiled: CompiledSpec = { spec, root, segmentIds: b.segmentIds, hlLoops: b.hlLoops };
  cache.set(spec, compiled);
  return compiled;
}

/** The text a `match` key ("3", or "1-2" for a component) points at in a segment. */
export function valueAt(segment: Segment, key: string, delimiters: Delimiters): string {
  const dash = key.indexOf("-");
  const element = Number(dash < 0 ? key : key.slice(0, dash));
  const raw = segment.elements[element - 1] ?? "";
  if (dash < 0) return raw;
  const component = Number(key.slice(dash + 1));
  return raw.split(delimiters.component)[component - 1] ?? "";
}

interface MatchRule {
  readonly key: string;
  readonly element: number;
  readonly component: number | undefined;
  readonly codes: ReadonlySet<string>;
}

const matchRules = new WeakMap<SegmentSpec, readonly MatchRule[]>();

/** A spec's `match` as rules, parsed once per spec object. */
function rulesOf(spec: SegmentSpec): readonly MatchRule[] {
  let rules = matchRules.get(spec);
  if (rules === undefined) {
    rules = Object.entries(spec.match ?? {}).map(([key, codes]) => {
      const [element = 0, component] = key.split("-").map(Number);
      return { key, element, component, codes: new Set(codes) };
    });
    matchRules.set(spec, rules);
  }
  return rules;
}

/** The first `match` key whose codes the segment's value is not among, or undefined. */
export function firstMismatch(
  spec: SegmentSpec,
  segment: Segment,
  delimiters: Delimiters,
): string | undefined {
  for (const rule of rulesOf(spec)) {
    const raw = segment.elements[rule.element - 1] ?? "";
    const value =
      rule.component === undefined
        ? raw
        : (raw.split(delimiters.component)[rule.component - 1] ?? "");
    if (!rule.codes.has(value)) return rule.key;
  }
  return undefined;
}

/** Whether a segment is one a spec describes: same id and, when `strict`, matching qualifiers. */
export function matchesSpec(
  spec: SegmentSpec,
  segment: Segment,
  delimiters: Delimiters,
  strict: boolean,
): boolean {
  if (segment.id !== spec.segment) return false;
  return !strict || firstMismatch(spec, segment, delimiters) === undefined;
}
