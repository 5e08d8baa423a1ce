/**
 * What an inbound file is, from its first segments: a TA1 right after the ISA, or the ST01
 * of the first transaction set. Pure; reads at most the start of the file.
 */
import { readDelimiters } from "../x12/tokenizer.js";

export const INBOUND_KINDS = ["TA1", "999", "277", "835", "271"] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number] | "unknown";

/** The interchange header, a GS and an ST fit well within this; a TA1 follows the ISA. */
const HEAD_BYTES = 4096;
const HEAD_SEGMENTS = 8;

export function sniffKind(content: Uint8Array): InboundKind {
  const head = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
    .subarray(0, HEAD_BYTES)
    .toString("latin1");
  let delimiters;
  try {
    delimiters = readDelimiters(head);
  } catch {
    return "unknown";
  }
  const segments = head.split(delimiters.segment).slice(1, HEAD_SEGMENTS);
  for (const segment of segments) {
    const [id = "", first = ""] = segment.trimStart().split(delimiters.element);
    if (id === "TA1") return "TA1";
    if (id === "ST") {
      return (INBOUND_KINDS as readonly string[]).includes(first)
        ? (first as InboundKind)
        : "unknown";
    }
  }
  return "unknown";
}
