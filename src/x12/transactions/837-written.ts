/**
 * The batcher's text path. Each claim's parts are written to text as soon as they are built,
 * with the interchange's delimiters, so a batch of thousands of claims holds strings instead
 * of segment objects (those die young, which is what keeps the garbage collector cheap), and
 * each set is laid out from the texts with its HL hierarchy numbered as `hierarchy` numbers
 * it: the bytes are those of writing `build837Transaction`'s segments.
 *
 * A value that cannot be written (it holds a delimiter) is not thrown at once: its error is
 * kept with its part and thrown when the writer reaches the set, so errors come in the order
 * they did when the whole interchange was written from segments.
 */
import { ClaimgateError } from "../../errors.js";
import type { Delimiters, SegmentInput } from "../segment.js";
import { SegmentWriter } from "../writer.js";
import type { WrittenBody } from "../writer.js";
import { seg } from "./837-common.js";
import type { ClaimParts, ClaimRange } from "./837-common.js";

/** Segments as text, or the write error they met (then `text` is empty). */
interface WrittenPart {
  readonly text: string;
  readonly count: number;
  readonly error?: ClaimgateError;
}

/**
 * The segments' text as one flat string (`SegmentWriter.writeAll`), so what stays alive until
 * the set is written is one string, not a tree of the pieces it was made of.
 */
function writePart(
  segments: readonly SegmentInput[],
  writer: SegmentWriter,
  end: string,
): WrittenPart {
  let text: string;
  try {
    text = writer.writeAll(segments, end);
  } catch (error) {
    if (error instanceof ClaimgateError && error.code === "X12_WRITE_INVALID") {
      return { text: "", count: segments.length, error };
    }
    throw error;
  }
  return { text, count: segments.length };
}

/** One claim's parts as text (the billing provider's text is shared by its claims). */
export interface WrittenClaim {
  readonly submissionId: string;
  readonly patientControlNumber: string;
  readonly billingProviderKey: string;
  readonly billingProvider: WrittenPart;
  readonly subscriber: WrittenPart;
  readonly patient?: WrittenPart;
  readonly claim: WrittenPart;
}

/** Writes claims' parts with one interchange's delimiters and line break. */
export class ClaimWriter {
  /** Each billing provider is written once; claims with its key share the text. */
  private readonly providers = new Map<string, WrittenPart>();
  private readonly writer: SegmentWriter;

  constructor(
    delimiters: Delimiters,
    private readonly lineBreak: string,
  ) {
    this.writer = new SegmentWriter(delimiters);
  }

  private part(segments: readonly SegmentInput[]): WrittenPart {
    return writePart(segments, this.writer, this.lineBreak);
  }

  write(parts: ClaimParts): WrittenClaim {
    const key = parts.billingProviderKey;
    let provider = this.providers.get(key);
    if (provider === undefined) {
      provider = this.part(parts.billingProvider);
      this.providers.set(key, provider);
    }
    const claim = {
      submissionId: parts.submissionId,
      patientControlNumber: parts.patientControlNumber,
      billingProviderKey: key,
      billingProvider: provider,
      subscriber: this.part(parts.subscriber),
      claim: this.part(parts.claim),
    };
    return parts.patient === undefined ? claim : { ...claim, patient: this.part(parts.patient) };
  }
}

/** A set's body text as it is laid out; the first write error met is kept, not thrown. */
class BodyText {
  private text = "";
  private error: ClaimgateError | undefined;
  private readonly writer: SegmentWriter;
  count = 0;

  constructor(
    delimiters: Delimiters,
    private readonly lineBreak: string,
  ) {
    this.writer = new SegmentWriter(delimiters);
  }

  add(part: WrittenPart): void {
    this.count += part.count;
    if (this.error !== undefined) return;
    if (part.error === undefined) this.text += part.text;
    else this.error = part.error;
  }

  segment(segment: SegmentInput): void {
    this.add(writePart([segment], this.writer, this.lineBreak));
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
  delimiters: Delimiters,
  lineBreak: string,
): WrittenSet {
  const body = new BodyText(delimiters, lineBreak);
  for (const segment of head) body.segment(segment);
  const ranges: ClaimRange[] = [];
  // Positions count as 999 IK302 does: ST = 1, so the next segment is at count + 2.
  const next = () => body.count + 2;
  let hl = 0;
  for (const group of byBillingProvider(claims)) {
    const [first] = group;
    if (first === undefined) continue;
    const providerHl = String(++hl);
    const billingProviderFrom = next();
    body.segment(seg("HL", providerHl, "", "20", "1"));
    body.add(first.billingProvider);
    const billingProviderTo = next() - 1;
    for (const claim of group) {
      const segmentFrom = next();
      const subscriberHl = String(++hl);
      body.segment(seg("HL", subscriberHl, providerHl, "22", claim.patient ? "1" : "0"));
      body.add(claim.subscriber);
      if (claim.patient !== undefined) {
        body.segment(seg("HL", String(++hl), subscriberHl, "23", "0"));
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
