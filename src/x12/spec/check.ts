/**
 * Well-formedness check of a TR3 spec (schemas/x12/*.json): catches the mistakes a hand-written
 * spec is prone to before the loop engine trips over them. Returns problems as plain sentences
 * naming the loop and segment; an empty list means the spec is well formed.
 *
 * `match` keys are an element position ("1") or, for a qualifier inside a composite (HI01-1),
 * element and component joined by a dash ("1-1").
 */
import { UNBOUNDED, isInclude, isLoop } from "./types.js";
import type { ElementSpec, LoopSpec, SegmentSpec, SpecNode, TransactionSpec } from "./types.js";

const USAGES = new Set(["R", "S", "N"]);
const TYPES = new Set([
  "AN",
  "ID",
  "DT",
  "TM",
  "N0",
  "N1",
  "N2",
  "N3",
  "N4",
  "R",
  "B",
  "COMPOSITE",
]);
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const MATCH_KEY = /^([1-9][0-9]?)(?:-([1-9][0-9]?))?$/;

interface Context {
  readonly spec: TransactionSpec;
  readonly problems: string[];
  /** Loop ids seen so far, to report duplicates. */
  readonly loopIds: Set<string>;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function validCount(n: unknown): boolean {
  return typeof n === "number" && Number.isInteger(n) && (n >= 1 || n === UNBOUNDED);
}

function checkCodes(where: string, el: ElementSpec, problems: string[]): void {
  if (el.codes === undefined) {
    if (el.descriptions !== undefined) problems.push(`${where}: descriptions without codes`);
    return;
  }
  if (el.type !== "ID")
    problems.push(`${where}: codes on a ${el.type} element (only ID has codes)`);
  if (el.codes.length === 0) problems.push(`${where}: empty code list`);
  if (new Set(el.codes).size !== el.codes.length) problems.push(`${where}: repeated code`);
  const codes = el.codes;
  const stray = Object.keys(el.descriptions ?? {}).filter((c) => !codes.includes(c));
  if (stray.length > 0) problems.push(`${where}: descriptions for codes not in the list`);
}

function checkElement(where: string, el: ElementSpec, ref: string, problems: string[]): void {
  const at = `${where} ${ref}`;
  if (el.ref !== ref) problems.push(`${at}: ref is ${el.ref}, expected ${ref}`);
  if (!USAGES.has(el.usage)) problems.push(`${at}: usage must be R, S or N`);
  if (!TYPES.has(el.type)) problems.push(`${at}: unknown type`);
  if (!(Number.isInteger(el.min) && el.min >= 1)) problems.push(`${at}: min length below 1`);
  if (!(Number.isInteger(el.max) && el.max >= el.min)) problems.push(`${at}: min > max`);
  if (el.repeat !== undefined && !validCount(el.repeat)) problems.push(`${at}: bad repeat`);
  checkCodes(at, el, problems);
  const components = el.components ?? [];
  if (el.type === "COMPOSITE" && components.length === 0) {
    problems.push(`${at}: composite without components`);
  }
  if (el.type !== "COMPOSITE" && components.length > 0) {
    problems.push(`${at}: components on a non-composite element`);
  }
  components.forEach((c, i) => {
    if (c.type === "COMPOSITE") problems.push(`${at}: composite inside a composite`);
    checkElement(where, c, `${ref}-${pad2(i + 1)}`, problems);
  });
}

/** The element (or component) a match key points at, or a problem sentence. */
function matchTarget(seg: SegmentSpec, key: string): ElementSpec | string {
  const m = MATCH_KEY.exec(key);
  if (m === null) return `match key "${key}" is not a position`;
  const el = seg.elements[Number(m[1]) - 1];
  if (el === undefined) return `match key "${key}" is beyond the segment's elements`;
  if (m[2] === undefined) {
    return el.type === "COMPOSITE" ? `match key "${key}" names a composite; use "${key}-1"` : el;
  }
  const comp = el.components?.[Number(m[2]) - 1];
  return comp ?? `match key "${key}" is beyond the composite's components`;
}

function checkMatch(where: string, seg: SegmentSpec, problems: string[]): void {
  for (const [key, codes] of Object.entries(seg.match ?? {})) {
    const target = matchTarget(seg, key);
    if (typeof target === "string") {
      problems.push(`${where}: ${target}`);
      continue;
    }
    if (codes.length === 0) problems.push(`${where}: match key "${key}" has no codes`);
    const allowed = target.codes;
    if (allowed !== undefined && codes.some((c) => !allowed.includes(c))) {
      problems.push(`${where}: match codes of "${key}" not among ${target.ref} codes`);
    }
  }
}

function checkSegment(loop: string, seg: SegmentSpec, problems: string[]): void {
  const where = `${loop}/${seg.segment}`;
  if (!SEGMENT_ID.test(seg.segment)) problems.push(`${where}: bad segment id`);
  if (!USAGES.has(seg.usage)) problems.push(`${where}: usage must be R, S or N`);
  if (!validCount(seg.max)) problems.push(`${where}: max must be >= 1 or UNBOUNDED`);
  const elements: readonly ElementSpec[] = Array.isArray(seg.elements) ? seg.elements : [];
  if (elements.length === 0) problems.push(`${where}: no elements`);
  elements.forEach((el, i) => checkElement(where, el, `${seg.segment}${pad2(i + 1)}`, problems));
  checkMatch(where, seg, problems);
}

/** The segment a node starts with: itself, or a loop's (or included loop's) trigger. */
function leadSegment(node: SpecNode, spec: TransactionSpec): SegmentSpec | undefined {
  const loop = isInclude(node) ? spec.definitions?.[node.include] : node;
  if (loop === undefined) return undefined;
  if (!isLoop(loop)) return loop;
  const first = loop.children[0];
  return first !== undefined && !isLoop(first) && !isInclude(first) ? first : undefined;
}

function distinguishable(a: SegmentSpec, b: SegmentSpec): boolean {
  const ma = a.match ?? {};
  const mb = b.match ?? {};
  return Object.keys(ma).some((k) => {
    const cb = mb[k];
    return cb !== undefined && !(ma[k] ?? []).some((c) => cb.includes(c));
  });
}

/** Siblings that start with the same segment id must be told apart by disjoint match codes. */
function checkSiblings(where: string, nodes: readonly SpecNode[], ctx: Context): void {
  const leads = nodes.map((n) => leadSegment(n, ctx.spec));
  leads.forEach((a, i) => {
    leads.slice(i + 1).forEach((b) => {
      if (a === undefined || b === undefined || a.segment !== b.segment) return;
      if (!distinguishable(a, b)) {
        ctx.problems.push(`${where}: two ${a.segment} siblings not told apart by match`);
      }
    });
  });
}

function checkLoop(loop: LoopSpec, ctx: Context): void {
  const where = `loop ${loop.loop}`;
  if (ctx.loopIds.has(loop.loop)) ctx.problems.push(`${where}: duplicate loop id`);
  ctx.loopIds.add(loop.loop);
  if (!USAGES.has(loop.usage)) ctx.problems.push(`${where}: usage must be R, S or N`);
  if (!validCount(loop.repeat)) ctx.problems.push(`${where}: repeat must be >= 1 or UNBOUNDED`);
  const first = loop.children[0];
  if (first === undefined || isLoop(first) || isInclude(first)) {
    ctx.problems.push(`${where}: first child must be the trigger segment`);
  }
  checkNodes(loop.loop, loop.children, ctx);
}

function checkNodes(where: string, nodes: readonly SpecNode[], ctx: Context): void {
  for (const node of nodes) {
    if (isInclude(node)) {
      if (ctx.spec.definitions?.[node.include] === undefined) {
        ctx.problems.push(`${where}: include ${node.include} has no definition`);
      }
      if (node.usage !== undefined && !USAGES.has(node.usage)) {
        ctx.problems.push(`${where}: include ${node.include} usage must be R, S or N`);
      }
      if (node.repeat !== undefined && !validCount(node.repeat)) {
        ctx.problems.push(`${where}: include ${node.include} has a bad repeat`);
      }
    } else if (isLoop(node)) {
      checkLoop(node, ctx);
    } else {
      checkSegment(where, node, ctx.problems);
    }
  }
  checkSiblings(where, nodes, ctx);
}

/** Transaction sets (ST01 is three digits) run ST..SE; the TA1 spec describes a lone segment. */
function isTransactionSet(spec: TransactionSpec): boolean {
  return /^[0-9]{3}$/.test(spec.transactionSet);
}

function checkEnvelope(spec: TransactionSpec, problems: string[]): void {
  const fields = isTransactionSet(spec)
    ? (["guide", "transactionSet", "functionalGroup", "name"] as const)
    : (["guide", "transactionSet", "name"] as const);
  for (const field of fields) {
    if (typeof spec[field] !== "string" || spec[field] === "")
      problems.push(`spec: ${field} missing`);
  }
  if (!isTransactionSet(spec)) return;
  const first = spec.children[0];
  const last = spec.children[spec.children.length - 1];
  if (first === undefined || isLoop(first) || isInclude(first) || first.segment !== "ST") {
    problems.push("spec: first child must be the ST segment");
  }
  if (last === undefined || isLoop(last) || isInclude(last) || last.segment !== "SE") {
    problems.push("spec: last child must be the SE segment");
  }
}

/** Problems found in `spec`, as sentences; empty when it is well formed. */
export function checkSpec(spec: TransactionSpec): string[] {
  const ctx: Context = { spec, problems: [], loopIds: new Set() };
  checkEnvelope(spec, ctx.problems);
  checkNodes("header", spec.children, ctx);
  for (const [name, loop] of Object.entries(spec.definitions ?? {})) {
    if (loop.loop !== name) ctx.problems.push(`definition ${name}: loop id is ${loop.loop}`);
    checkLoop(loop, ctx);
  }
  return ctx.problems;
}
