/**
 * The batcher's text path. The builders put each claim's segments straight into text (a
 * `PartWriter` is their `SegmentOut`), with the interchange's delimiters, so a batch of
 * thousands of claims makes no segment objects and holds one string per claim part; each set
 * is then laid out from the texts with its HL hierarchy numbered as `hierarchy` numbers it:
 * the bytes are those of writing `build837Transaction`'s segments.
 *
 * A value that cannot be written (it holds a delimiter) is not thrown at once: its error is
 * kept with its part and thrown when the writer reaches the set, so errors come in the order
 * they did when the whole interchange was written from segments.
 */
import { ClaimgateError } from "../../errors.js";
import type { Delimiters, ElementInput, SegmentInput } from "../segment.js";
import { SegmentWriter } from "../writer.js";
import type { WrittenBody } from "../writer.js";
import { seg } from "./837-common.js";
import type { ClaimRange, PartsSink, SegmentOut } from "./837-common.js";

/** Segments as text, or the write error they met (then `text` is empty). */
export interface WrittenPart {
  readonly text: string;
  readonly count: number;
  readonly error?: ClaimgateError;
}

/** A delimiter's character code when it is one character up to U+00FF (a byte), else -1. */
function byteOf(delimiter: string): number {
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  return code <= 255 ? code : -1;
}

/** How many components of a composite are written: trailing empty ones are dropped. */
function componentsKept(element: readonly string[]): number {
  let n = element.length;
  while (n > 0 && element[n - 1] === "") n--;
  return n;
}

/** Whether an element is dropped when it trails: empty text or no component left. */
function isEmpty(element: ElementInput): boolean {
  return typeof element === "string" ? element.length === 0 : componentsKept(element) === 0;
}

/** `put` results that are not positions: a value holds a delimiter, or a character past a byte. */
const REFUSED = -1;
const WIDE = -2;

/**
 * A `SegmentOut` that writes each segment as `seg` would make it and `SegmentWriter.write`
 * would write it (trailing empty elements and components dropped, a composite with one
 * component left written and checked as plain text), as latin1 bytes into a buffer it reuses;
 * `finish` reads the part out as one string. A value past U+00FF switches the part to strings
 * (`SegmentWriter.write`); the first value holding a delimiter becomes the part's error, and
 * its later segments are only counted.
 */
export class PartWriter implements SegmentOut, PartsSink<WrittenPart> {
  private readonly writer: SegmentWriter;
  private readonly element: number;
  private readonly segment: number;
  private readonly component: number;
  private readonly repetition: number;
  /** The bytes after each segment's terminator: the line break, when it fits bytes. */
  private readonly endBytes: number[] | undefined;
  /** Whether parts start as bytes: every delimiter and line break character fits a byte. */
  private readonly bytes: boolean;
  private buffer = Buffer.allocUnsafe(16384);
  private pos = 0;
  /** The part's text so far once it left the byte path. */
  private text: string | undefined;
  private count = 0;
  private error: ClaimgateError | undefined;

  constructor(
    delimiters: Delimiters,
    private readonly end: string,
  ) {
    this.writer = new SegmentWriter(delimiters);
    this.element = byteOf(delimiters.element);
    this.segment = byteOf(delimiters.segment);
    this.component = delimiters.component === "" ? -3 : byteOf(delimiters.component);
    this.repetition = delimiters.repetition === "" ? -3 : byteOf(delimiters.repetition);
    const endBytes: number[] = [];
    for (let i = 0; i < end.length; i++) endBytes.push(end.charCodeAt(i));
    const fits = endBytes.every((b) => b <= 255);
    this.endBytes = fits ? endBytes : undefined;
    this.bytes =
      fits &&
      this.element >= 0 &&
      this.segment >= 0 &&
      this.component !== -1 &&
      this.repetition !== -1;
  }

  /** Starts a part (the previous one is dropped if it was not finished). */
  start(): SegmentOut {
    this.pos = 0;
    this.text = this.bytes ? undefined : "";
    this.count = 0;
    this.error = undefined;
    return this;
  }

  finish(): WrittenPart {
    if (this.error !== undefined) return { text: "", count: this.count, error: this.error };
    const text = this.text ?? this.buffer.toString("latin1", 0, this.pos);
    return { text, count: this.count };
  }

  /** A billing provider's text is its key: equal texts come from equal segments only. */
  key(part: WrittenPart): string | undefined {
    return part.error === undefined ? part.text : undefined;
  }

  add(id: string, elements: ElementInput[]): void {
    this.count++;
    if (this.error !== undefined) return;
    if (this.text === undefined) {
      const at = this.putSegment(id, elements, this.pos);
      if (at >= 0) {
        this.pos = at;
        return;
      }
      // Refused or wide: the string path writes (or refuses) it from here on.
      this.text = this.buffer.toString("latin1", 0, this.pos);
    }
    try {
      this.text += this.writer.write(seg(id, ...elements)) + this.end;
    } catch (error) {
      if (!(error instanceof ClaimgateError) || error.code !== "X12_WRITE_INVALID") throw error;
      this.error = error;
    }
  }

  /** The buffer with room for `more` bytes at `at` (grown, the first `at` bytes kept). */
  private room(at: number, more: number): Buffer {
    if (at + more > this.buffer.length) {
      const grown = Buffer.allocUnsafe(2 * (at + more));
      this.buffer.copy(grown, 0, 0, at);
      this.buffer = grown;
    }
    return this.buffer;
  }

  /** `value` at `at`: the position after it, or REFUSED / WIDE. */
  private put(value: string, at: number, inComponent: boolean): number {
    const bytes = this.room(at, value.length);
    const e = this.element;
    const s = this.segment;
    const c = inComponent ? this.component : e;
    const r = inComponent ? this.repetition : e;
    let pos = at;
    for (let i = 0; i < value.length; i++) {
      const ch = value.charCodeAt(i);
      if (ch > 255) return WIDE;
      if (ch === e || ch === s || ch === c || ch === r) return REFUSED;
      bytes[pos++] = ch;
    }
    return pos;
  }

  /** One byte at `at`; the position after it. */
  private mark(code: number, at: number): number {
    this.room(at, 1)[at] = code;
    return at + 1;
  }

  /** One segment with its terminator and line break from `at`: the position after, or < 0. */
  private putSegment(id: string, elements: readonly ElementInput[], at: number): number {
    let n = elements.length;
    while (n > 0 && isEmpty(elements[n - 1] as ElementInput)) n--;
    let pos = this.put(id, at, false);
    if (pos < 0) return WIDE; // a segment id is not checked, only copied
    for (let i = 0; i < n; i++) {
      pos = this.mark(this.element, pos);
      const value = elements[i] as ElementInput;
      if (typeof value === "string") {
        pos = this.put(value, pos, false);
      } else {
        const kept = componentsKept(value);
        // One component left is written as plain text (and checked as one).
        const inComponent = kept > 1;
        for (let j = 0; j < kept && pos >= 0; j++) {
          if (j > 0) pos = this.mark(this.component, pos);
          pos = this.put(value[j] as string, pos, inComponent);
        }
      }
      if (pos < 0) return pos;
    }
    pos = this.mark(this.segment, pos);
    const endBytes = this.endBytes as number[];
    for (let i = 0; i < endBytes.length; i++) pos = this.mark(endBytes[i] as number, pos);
    return pos;
  }
}

/** One claim's parts as text (the billing provider's text is shared by its claims). */
export interface WrittenClaim {
  readonly submissionId: string;
  readonly patientControlNumber: string;
  readonly billingProviderKey: string;
  readonly billingProvider: WrittenPart;
  readonly subscriber: WrittenPart;
  readonly patient: WrittenPart | undefined;
  readonly claim: WrittenPart;
}

/** A set's body text as it is laid out; the first write error met is kept, not thrown. */
class BodyText {
  private text = "";
  private error: ClaimgateError | undefined;
  count = 0;

  constructor(private readonly writer: PartWriter) {}

  add(part: WrittenPart): void {
    this.count += part.count;
    if (this.error !== undefined) return;
    if (part.error === undefined) this.text += part.text;
    else this.error = part.error;
  }

  segment(id: string, elements: ElementInput[]): void {
    this.writer.start();
    this.writer.add(id, elements);
    this.add(this.writer.finish());
  }

  result(): WrittenBody {
    if (this.error !== undefined) throw this.error;
    return { text: this.text, segmentCount: this.count };
  }
}

export interface WrittenSet {
  readonly claims: readonly ClaimRange[];
  /** SE01: segments ST through SE. */
  readonly segmentCount: number;
  /** For `WrittenSetInput.writeBody`: the body, or the first write error in file order. */
  readonly body: () => WrittenBody;
}

/** Claims grouped by billing provider key, in order of first appearance (stable). */
function byBillingProvider(claims: readonly WrittenClaim[]): WrittenClaim[][] {
  const groups = new Map<string, WrittenClaim[]>();
  for (const c of claims) {
    const group = groups.get(c.billingProviderKey);
    if (group === undefined) groups.set(c.billingProviderKey, [c]);
    else group.push(c);
  }
  return [...groups.values()];
}

/**
 * One set's body: `head` (BHT, 1000A, 1000B), then per billing provider its 2000A HL and
 * text, and per claim its 2000B HL, subscriber, 2000C HL and patient when present, claim.
 */
export function writeSet(
  head: readonly SegmentInput[],
  claims: readonly WrittenClaim[],
  writer: PartWriter,
): WrittenSet {
  const body = new BodyText(writer);
  for (const { id, elements } of head) body.segment(id, [...elements]);
  const ranges: ClaimRange[] = [];
  // Positions count as 999 IK302 does: ST = 1, so the next segment is at count + 2.
  const next = () => body.count + 2;
  let hl = 0;
  for (const group of byBillingProvider(claims)) {
    const [first] = group;
    if (first === undefined) continue;
    const providerHl = String(++hl);
    const billingProviderFrom = next();
    body.segment("HL", [providerHl, "", "20", "1"]);
    body.add(first.billingProvider);
    const billingProviderTo = next() - 1;
    for (const claim of group) {
      const segmentFrom = next();
      const subscriberHl = String(++hl);
      body.segment("HL", [subscriberHl, providerHl, "22", claim.patient ? "1" : "0"]);
      body.add(claim.subscriber);
      if (claim.patient !== undefined) {
        body.segment("HL", [String(++hl), subscriberHl, "23", "0"]);
        body.add(claim.patient);
      }
      body.add(claim.claim);
      ranges.push({
        submissionId: claim.submissionId,
        patientControlNumber: claim.patientControlNumber,
        segmentFrom,
        segmentTo: next() - 1,
        billingProviderFrom,
        billingProviderTo,
      });
    }
  }
  return { claims: ranges, segmentCount: body.count + 2, body: () => body.result() };
}
