/**
 * Building 837P: coded encounters (the office-visit example with a new control number per
 * claim) through batch837 until as many bytes of X12 are written as the generated file holds,
 * so the row's MB/s is output bytes per second. Interchanges of 1000 claims keep memory flat.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ProfessionalEncounter } from "../../src/domain/encounter.js";
import { batch837 } from "../../src/x12/transactions/837-batch.js";
import type { BatchClaim, BatchOptions } from "../../src/x12/transactions/837-batch.js";
import type { BenchCase } from "../case.js";

const CLAIMS_PER_INTERCHANGE = 1000;

const example = JSON.parse(
  readFileSync(
    path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      "../../schemas/examples/professional-office-visit.json",
    ),
    "utf8",
  ),
) as ProfessionalEncounter;

const options: BatchOptions = {
  kind: "837p",
  interchangeSender: { qualifier: "ZZ", id: "BENCHSENDER" },
  interchangeReceiver: { qualifier: "ZZ", id: "BENCHRECEIVER" },
  groupSender: "BENCHSENDER",
  groupReceiver: "BENCHRECEIVER",
  submitter: { name: "BENCH SUBMITTER", id: "SUB123", phone: "8005551212" },
  receiver: { name: "BENCH PAYER", id: "PAYER01" },
  usage: "T",
  controlNumbers: { isa: 1, gs: 1, firstSt: 1 },
  maxClaimsPerSt: CLAIMS_PER_INTERCHANGE,
  date: "20260301",
  time: "1200",
};

function claims(from: number): BatchClaim[] {
  return Array.from({ length: CLAIMS_PER_INTERCHANGE }, (_, i) => ({
    encounter: { ...example, patientControlNumber: `PCN${from + i}` },
    submissionId: `SUB${from + i}`,
  }));
}

/** Builds interchanges until `bytes.length` bytes are written; returns the claims built. */
function build(bytes: Buffer): number {
  let written = 0;
  let built = 0;
  for (let isa = 1; written < bytes.length; isa++) {
    const batch = batch837(claims(built), {
      ...options,
      controlNumbers: { isa, gs: isa, firstSt: 1 },
    });
    written += batch.text.length;
    built += CLAIMS_PER_INTERCHANGE;
  }
  return built;
}

const cases: BenchCase[] = [{ name: "batch837 build 837P (ours)", kinds: ["837p"], run: build }];

export default cases;
