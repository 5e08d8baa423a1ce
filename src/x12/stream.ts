/**
 * Streaming X12 reading: segments and whole transaction sets from a byte stream, with
 * memory bounded by the largest transaction set, never the file.
 *
 * Chunks may split the input anywhere (inside a segment, a delimiter or a UTF-8 character):
 * the result equals tokenize() of the whole input. Envelope trailer checks (GE, IEA) need
 * the whole group or interchange and are left to readInterchanges; each streamed set
 * carries its own ST/SE findings.
 */
import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import { toTransactionSet } from "./envelope.js";
import { X12InputError } from "./input-error.js";
import type { TransactionSet } from "./interchange.js";
import { isAsciiText, SegmentScanner } from "./scanner.js";
import type { Delimiters, Segment } from "./segment.js";

/** Bytes (or text) arriving in chunks: a Node Readable or any async iterable. */
export type X12Source = AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream;

export interface StreamOptions {
  /** Longest run without a segment terminator before reading fails. Default 16 MiB. */
  readonly maxSegmentLength?: number;
}

const DEFAULT_MAX_SEGMENT = 16 * 1024 * 1024;

function toBuffer(chunk: Uint8Array | string | Buffer): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Segments in batches (one batch per chunk that completed any). The fastest way to stream:
 * no per-segment promise. `onInterchange` sees each interchange's delimiters before its ISA.
 */
export async function* streamSegmentBatches(
  source: X12Source,
  options: StreamOptions = {},
  onInterchange?: (delimiters: Delimiters) => void,
): AsyncGenerator<Segment[]> {
  const limit = options.maxSegmentLength ?? DEFAULT_MAX_SEGMENT;
  const scanner = new SegmentScanner(onInterchange && ((delimiters) => onInterchange(delimiters)));
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let pendingAscii = true;
  let pendingOffset = 0;
  const scanWindow = (piece: string, pieceAscii: boolean, final: boolean): Segment[] => {
    const text = pending + piece;
    const ascii = pendingAscii && pieceAscii;
    scanner.setWindow(pendingOffset, ascii);
    const out: Segment[] = [];
    const consumed = scanner.scan(text, 0, final, out);
    pendingOffset = scanner.offsetOf(text, consumed);
    pending = consumed === 0 ? text : text.slice(consumed);
    pendingAscii = ascii || isAsciiText(pending);
    if (pending.length > limit) {
      throw new X12InputError("X12_SEGMENT_TOO_LONG", "no segment terminator found", pendingOffset);
    }
    return out;
  };
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = toBuffer(chunk);
    const batch = scanWindow(decoder.write(bytes), isAscii(bytes), false);
    if (batch.length > 0) yield batch;
  }
  const batch = scanWindow(decoder.end(), true, true);
  if (batch.length > 0) yield batch;
}

/** Every segment of the stream, one at a time. */
export async function* streamSegments(
  source: X12Source,
  options: StreamOptions = {},
): AsyncGenerator<Segment> {
  for await (const batch of streamSegmentBatches(source, options)) yield* batch;
}

export interface StreamedInterchangeHeader {
  readonly isa: Segment;
  readonly delimiters: Delimiters;
  /** ISA13. */
  readonly controlNumber: string;
  readonly sender: { readonly qualifier: string; readonly id: string };
  readonly receiver: { readonly qualifier: string; readonly id: string };
  /** ISA15. */
  readonly usage: string;
}

export interface StreamedGroupHeader {
  readonly gs: Segment;
  /** GS01. */
  readonly functionalId: string;
  /** GS06. */
  readonly controlNumber: string;
  /** GS08. */
  readonly version: string;
}

export interface StreamedTransactionSet {
  readonly interchange: StreamedInterchangeHeader;
  /** The enclosing group; undefined for a set outside any GS (an envelope error). */
  readonly group: StreamedGroupHeader | undefined;
  readonly transactionSet: TransactionSet;
}

const at = (segment: Segment, element: number): string => segment.elements[element - 1] ?? "";

function interchangeHeader(isa: Segment, delimiters: Delimiters): StreamedInterchangeHeader {
  return {
    isa,
    delimiters,
    controlNumber: at(isa, 13),
    sender: { qualifier: at(isa, 5).trim(), id: at(isa, 6).trim() },
    receiver: { qualifier: at(isa, 7).trim(), id: at(isa, 8).trim() },
    usage: at(isa, 15),
  };
}

function groupHeader(gs: Segment): StreamedGroupHeader {
  return { gs, functionalId: at(gs, 1), controlNumber: at(gs, 6), version: at(gs, 8) };
}

/** Collects ST..SE runs from segments in order and hands out finished sets. */
class SetCollector {
  private interchange: StreamedInterchangeHeader | undefined;
  private group: StreamedGroupHeader | undefined;
  private current: Segment[] | undefined;
  private readonly delimiters: Delimiters[] = [];

  noteDelimiters(delimiters: Delimiters): void {
    this.delimiters.push(delimiters);
  }

  /** Adds a segment; returns a set it finished, if any. */
  add(segment: Segment): StreamedTransactionSet | undefined {
    const id = segment.id;
    if (id === "ST") {
      const finished = this.finish();
      this.current = [segment];
      return finished;
    }
    if (this.current !== undefined) {
      if (id === "SE") {
        this.current.push(segment);
        return this.finish();
      }
      if (id !== "GE" && id !== "IEA" && id !== "GS" && id !== "ISA") {
        this.current.push(segment);
        return undefined;
      }
    }
    const finished = this.finish(); // an envelope segment ends a set that lacks SE
    if (id === "ISA") {
      this.interchange = interchangeHeader(segment, this.delimiters.shift() as Delimiters);
      this.group = undefined;
    } else if (id === "GS") {
      this.group = groupHeader(segment);
    } else if (id === "GE") {
      this.group = undefined;
    }
    return finished;
  }

  finish(): StreamedTransactionSet | undefined {
    const segments = this.current;
    if (segments === undefined || this.interchange === undefined) return undefined;
    this.current = undefined;
    const transactionSet = toTransactionSet(segments, this.group?.version ?? "");
    return { interchange: this.interchange, group: this.group, transactionSet };
  }
}

/**
 * Whole transaction sets (ST through SE) with their interchange and group headers, one at
 * a time: only the set being read is held in memory.
 */
export async function* streamTransactionSets(
  source: X12Source,
  options: StreamOptions = {},
): AsyncGenerator<StreamedTransactionSet> {
  const collector = new SetCollector();
  const batches = streamSegmentBatches(source, options, (d) => collector.noteDelimiters(d));
  for await (const batch of batches) {
    for (const segment of batch) {
      const finished = collector.add(segment);
      if (finished !== undefined) yield finished;
    }
  }
  const last = collector.finish();
  if (last !== undefined) yield last;
}
