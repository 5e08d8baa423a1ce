/**
 * The core rows: the indexOf ceiling, our tokenizer and stream reader (segments only, and with
 * every segment's elements read: the like-for-like rows), node-x12's stream parser.
 */
import { Readable } from "node:stream";
import { X12Parser } from "node-x12";
import { streamSegmentBatches, streamTransactionSets } from "../../src/x12/stream.js";
import { tokenize } from "../../src/x12/tokenizer.js";
import type { BenchCase } from "../case.js";

const CHUNK = 64 * 1024;

/** The bytes as a stream of 64 KiB chunks (what a file stream delivers). */
export function chunks(bytes: Buffer): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) parts.push(bytes.subarray(at, at + CHUNK));
  return Readable.from(parts);
}

/** Terminator count by Buffer.indexOf: an offsets index, the ceiling for any tokenizer. */
function indexOfScan(bytes: Buffer): number {
  const terminator = bytes[105] ?? 0x7e;
  let count = 0;
  for (let at = bytes.indexOf(terminator); at !== -1; at = bytes.indexOf(terminator, at + 1)) {
    count++;
  }
  return count;
}

/**
 * Our tokenizer over the whole file, visiting every segment object (its id read), as the
 * streamed row does: the list makes each object when it is read.
 */
function tokenizeWhole(bytes: Buffer): number {
  let idCharacters = 0;
  for (const segment of tokenize(bytes)) idCharacters += segment.id.length;
  return idCharacters;
}

/**
 * As tokenizeWhole, reading every segment's elements: the list splits them when read,
 * node-x12 always, so this is the whole-file like-for-like row.
 */
function tokenizeWholeElements(bytes: Buffer): number {
  let elements = 0;
  for (const segment of tokenize(bytes)) elements += segment.elements.length;
  return elements;
}

/** Our tokenizer over a stream: segments are read and dropped, as node-x12's stream parser does. */
async function streamTokenize(bytes: Buffer): Promise<number> {
  let segments = 0;
  for await (const batch of streamSegmentBatches(chunks(bytes))) segments += batch.length;
  return segments;
}

/**
 * As streamTokenize, reading every segment's elements: our segments split them on first read,
 * node-x12 splits them always, so this is the like-for-like row.
 */
async function streamTokenizeElements(bytes: Buffer): Promise<number> {
  let elements = 0;
  for await (const batch of streamSegmentBatches(chunks(bytes))) {
    for (const segment of batch) elements += segment.elements.length;
  }
  return elements;
}

async function streamSets(bytes: Buffer): Promise<number> {
  let segments = 0;
  for await (const set of streamTransactionSets(chunks(bytes))) {
    segments += set.transactionSet.segments.length;
  }
  return segments;
}

function nodeX12Stream(bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let segments = 0;
    chunks(bytes)
      .pipe(new X12Parser(false))
      .on("data", () => segments++)
      .on("end", () => resolve(segments))
      .on("error", reject);
  });
}

const both = ["835", "837p"] as const;

const cases: BenchCase[] = [
  { name: "Buffer.indexOf scan (ceiling)", kinds: both, order: 0, run: indexOfScan },
  { name: "tokenize whole file (ours)", kinds: both, order: 1, run: tokenizeWhole },
  {
    name: "tokenize whole, elements read (ours)",
    kinds: both,
    order: 1,
    run: tokenizeWholeElements,
  },
  { name: "tokenize streamed (ours)", kinds: both, order: 2, run: streamTokenize },
  {
    name: "tokenize streamed, elements read (ours)",
    kinds: both,
    order: 2,
    run: streamTokenizeElements,
  },
  { name: "streamTransactionSets (ours)", kinds: both, order: 3, run: streamSets },
  { name: "node-x12 stream parser", kinds: both, order: 9, baseline: true, run: nodeX12Stream },
];

export default cases;
