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
import { keepShape } from "./scanned-segment.js";
import { isAsciiText, SegmentScanner } from "./scanner.js";
import type { Delimiters, Segment } from "./segment.js";

/** Bytes (or text) arriving in chunks: a Node Readable or any async iterable. */
export type X12Source = AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream;

export interface StreamOptions {
  /** Longest run without a segment terminator before reading fails. Default 16 MiB. */
  readonly maxSegmentLength?: number;
}

const DEFAULT_MAX_SEGMENT = 16 * 1024 * 1024;
/** A tail this long without a terminator is rescanned only after it doubles (linear time). */
const LONG_TAIL = 256 * 1024;

function toBuffer(chunk: Uint8Array | string | Buffer): Buffer {
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * The unconsumed tail of the input plus each new chunk, scanned as one window. While every
 * chunk is ASCII the tail is kept as bytes and the window decoded as Latin-1 in one call: a
 * flat string, where the scanner's charCodeAt loop runs inline (a concatenation would make a
 * cons string, slower to index). The first non-ASCII chunk switches to UTF-8 text for good.
 */
class StreamWindow {
  private asciiBytes = true;
  /** The pending tail (ASCII mode): scratch[0, pendingLength). */
  private scratch: Buffer = Buffer.alloc(0);
  private pendingLength = 0;
  /** Segments a byte in the last window that had some (the next window's capacity hint). */
  private segmentsPerByte = 0;
  /** Window length below which a long unterminated tail is not scanned again. */
  private rescanAt = 0;
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  private pendingAscii = true;
  private pendingOffset = 0;

  constructor(
    private readonly scanner: SegmentScanner,
    private readonly limit: number,
  ) {}

  /** Segments completed by this chunk. */
  push(bytes: Buffer): Segment[] {
    if (this.asciiBytes && isAscii(bytes)) return this.scanBytes(bytes, false);
    if (this.asciiBytes) {
      this.asciiBytes = false;
      this.pending = this.scratch.toString("latin1", 0, this.pendingLength);
    }
    return this.scanText(this.decoder.write(bytes), isAscii(bytes), false);
  }

  /** The segments left at the end of the input. */
  end(): Segment[] {
    if (this.asciiBytes) return this.scanBytes(Buffer.alloc(0), true);
    return this.scanText(this.decoder.end(), true, true);
  }

  private scanBytes(bytes: Buffer, final: boolean): Segment[] {
    const length = this.pendingLength + bytes.length;
    let window = bytes;
    if (this.pendingLength > 0) {
      this.reserve(length);
      bytes.copy(this.scratch, this.pendingLength);
      window = this.scratch;
      if (!final && length < this.rescanAt) {
        // Still inside one long segment: decode it again only once it has doubled.
        this.pendingLength = length;
        this.checkLimit(length);
        return [];
      }
    }
    // A copy the segments may read later: the scratch buffer and the source's chunks change.
    const kept = new Uint8Array(length);
    kept.set(window.subarray(0, length));
    this.scanner.setWindow(this.pendingOffset, true, kept);
    const out: Segment[] = [];
    // As many segments as the last window had for its length, and a few more.
    const expected = Math.ceil(length * this.segmentsPerByte) + 16;
    const consumed = this.scanner.scan(
      window.toString("latin1", 0, length),
      0,
      final,
      out,
      expected,
    );
    if (consumed > 0) this.segmentsPerByte = out.length / consumed;
    this.pendingOffset += consumed;
    // The tail moves to the front of the scratch buffer: the source may reuse its chunk
    // buffers, and one buffer reused for every window keeps RSS flat.
    this.pendingLength = length - consumed;
    // No segment ended in a long window: it all belongs to one segment (see above).
    this.rescanAt = consumed === 0 && length >= LONG_TAIL ? 2 * length : 0;
    if (window === bytes) {
      this.reserve(this.pendingLength);
      bytes.copy(this.scratch, 0, consumed, length);
    } else {
      this.scratch.copyWithin(0, consumed, length);
    }
    this.checkLimit(this.pendingLength);
    return out;
  }

  /** Grows the scratch buffer to hold `length` bytes, keeping the pending tail. */
  private reserve(length: number): void {
    if (this.scratch.length >= length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(length, this.scratch.length * 2, 128 * 1024));
    this.scratch.copy(grown, 0, 0, this.pendingLength);
    this.scratch = grown;
  }

  private scanText(piece: string, pieceAscii: boolean, final: boolean): Segment[] {
    const text = this.pending + piece;
    const ascii = this.pendingAscii && pieceAscii;
    this.scanner.setWindow(this.pendingOffset, ascii);
    const out: Segment[] = [];
    const consumed = this.scanner.scan(text, 0, final, out);
    this.pendingOffset = this.scanner.offsetOf(text, consumed);
    this.pending = consumed === 0 ? text : text.slice(consumed);
    this.pendingAscii = ascii || isAsciiText(this.pending);
    this.checkLimit(this.pending.length);
    return out;
  }

  private checkLimit(pendingLength: number): void {
    if (pendingLength > this.limit) {
      const message = "no segment terminator found";
      throw new X12InputError("X12_SEGMENT_TOO_LONG", message, this.pendingOffset);
    }
  }
}

keepShape(new StreamWindow(new SegmentScanner(), 0)); // see keepShape

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
  const scanner = new SegmentScanner();
  const window = new StreamWindow(scanner, limit);
  const announce = (): void => {
    for (const { delimiters } of scanner.takeInterchanges()) onInterchange?.(delimiters);
  };
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const batch = window.push(toBuffer(chunk));
    announce();
    if (batch.length > 0) yield batch;
  }
  const batch = window.end();
  announce();
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

keepShape(new SetCollector()); // see keepShape

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
