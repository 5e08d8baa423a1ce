/**
 * Typed reading and validation over streamed transaction sets, on the same bytes and the same
 * 64 KiB chunks as node-x12's stream parser row: the 835 reader (claims counted) and the
 * validator (findings counted).
 */
import { streamTransactionSets } from "../../src/x12/stream.js";
import { read835 } from "../../src/x12/transactions/835.js";
import { validateTransactionSet } from "../../src/x12/validator.js";
import type { BenchCase } from "../case.js";
import { chunks } from "./core.js";

/** Streams the 835's sets through read835; returns the claim payments read. */
async function read835Streamed(bytes: Buffer): Promise<number> {
  let claims = 0;
  for await (const set of streamTransactionSets(chunks(bytes))) {
    claims += read835(set.transactionSet, set.interchange.delimiters).claims.length;
  }
  return claims;
}

/** Validates each streamed set against its TR3 spec; returns the findings produced. */
async function validateStreamed(bytes: Buffer): Promise<number> {
  let findings = 0;
  for await (const set of streamTransactionSets(chunks(bytes))) {
    findings += validateTransactionSet(set.transactionSet, set.interchange.delimiters).findings
      .length;
  }
  return findings;
}

const cases: BenchCase[] = [
  { name: "read835 streamed (ours)", kinds: ["835"], order: 4, run: read835Streamed },
  {
    name: "validateTransactionSet streamed (ours)",
    kinds: ["835", "837p"],
    order: 5,
    run: validateStreamed,
  },
];

export default cases;
