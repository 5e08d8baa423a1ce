import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { envelopeFindings, readInterchanges } from "../../../src/x12/envelope.js";
import type { Delimiters } from "../../../src/x12/segment.js";
import { tokenizeInterchanges } from "../../../src/x12/tokenizer.js";
import { writeSegments } from "../../../src/x12/writer.js";
import { corpusFiles, invalidCorpusFiles } from "../../support/corpus.js";

/**
 * Envelope errors that public samples really have (checked by hand against the files).
 * Each entry: the error findings as "CODE@SEGMENT" (sorted) and why the sample is wrong.
 */
const SE01_WRONG = "SE01 does not count the segments from ST to SE (the sample's count is stale)";
const KNOWN: Record<string, { findings: string[]; reason: string }> = {
  "270/imsweb__x270.txt": {
    findings: [
      "ENVELOPE_CONTROL_MISMATCH@IEA",
      "ENVELOPE_CONTROL_MISMATCH@SE",
      "ENVELOPE_COUNT_MISMATCH@SE",
      "GS_VERSION_UNSUPPORTED@GS",
    ],
    reason: "IEA02 ≠ ISA13, SE02 0000121 ≠ ST02 000121, SE01 stale; GS08 is 004010X092A1 (4010)",
  },
  "271/imsweb__x271.txt": {
    findings: [
      "ENVELOPE_CONTROL_MISMATCH@IEA",
      "ENVELOPE_COUNT_MISMATCH@SE",
      "GS_VERSION_UNSUPPORTED@GS",
    ],
    reason: "IEA02 ≠ ISA13, SE01 stale; GS08 is 004010X092A1 (4010)",
  },
  "271/linuxforhealth__subscriber-health-benefit-check-error.271": {
    findings: ["ENVELOPE_CONTROL_MISMATCH@SE"],
    reason: "SE02 4323 ≠ ST02 4321",
  },
  "277-X212/imsweb__x12_277_x212.txt": {
    findings: ["ENVELOPE_CONTROL_MISMATCH@IEA"],
    reason: "IEA02 ≠ ISA13",
  },
  "999/imsweb__x12_999_accepted.txt": {
    findings: ["ENVELOPE_CONTROL_MISMATCH@IEA", "ENVELOPE_GS05_INVALID@GS"],
    reason: "IEA02 000000001 ≠ ISA13 000000286; GS05 102497 has second 97",
  },
  "837i/imsweb__x223-test.txt": { findings: ["ENVELOPE_COUNT_MISMATCH@SE"], reason: SE01_WRONG },
  "837p/imsweb__x12_ambiguous_loop.txt": {
    findings: ["ENVELOPE_COUNT_MISMATCH@SE"],
    reason: SE01_WRONG,
  },
  "837p/imsweb__x12_many_claims.txt": {
    findings: ["ENVELOPE_COUNT_MISMATCH@SE"],
    reason: SE01_WRONG,
  },
  "837p/imsweb__x12_no_errors.txt": {
    findings: ["ENVELOPE_COUNT_MISMATCH@SE"],
    reason: SE01_WRONG,
  },
  "837p/imsweb__x12_valid.txt": { findings: ["ENVELOPE_COUNT_MISMATCH@SE"], reason: SE01_WRONG },
  "837p/imsweb__x12_valid_different_separators.txt": {
    findings: ["ENVELOPE_COUNT_MISMATCH@SE"],
    reason: SE01_WRONG,
  },
  "837p/imsweb__x12_writer_test.txt": {
    findings: ["ENVELOPE_COUNT_MISMATCH@SE"],
    reason: SE01_WRONG,
  },
  "837p/imsweb__x12_complex.txt": {
    findings: [
      "ENVELOPE_COUNT_MISMATCH@GE",
      "ENVELOPE_COUNT_MISMATCH@SE",
      "ENVELOPE_COUNT_MISMATCH@SE",
    ],
    reason: "GE01 says 1 for a group of 2 sets; " + SE01_WRONG,
  },
  "837p/imsweb__x12_multiple_gs.txt": {
    findings: [
      "ENVELOPE_COUNT_MISMATCH@IEA",
      ...Array<string>(3).fill("ENVELOPE_COUNT_MISMATCH@SE"),
      ...Array<string>(2).fill("ENVELOPE_GS06_DUPLICATE@GS"),
    ],
    reason: "IEA01 says 1 for 3 groups; the 3 groups share GS06 1; " + SE01_WRONG,
  },
  "837p/imsweb__x12_multiple_isa.txt": {
    findings: Array<string>(2).fill("ENVELOPE_COUNT_MISMATCH@SE"),
    reason: SE01_WRONG,
  },
  "837p/imsweb__x12_multiple_st.txt": {
    findings: [
      "ENVELOPE_CONTROL_DUPLICATE@ST",
      "ENVELOPE_COUNT_MISMATCH@GE",
      "ENVELOPE_COUNT_MISMATCH@SE",
      "ENVELOPE_COUNT_MISMATCH@SE",
    ],
    reason: "both sets use ST02 987654; GE01 says 1 for 2 sets; " + SE01_WRONG,
  },
  "837p/imsweb__x12_multiple_transactions.txt": {
    findings: Array<string>(312).fill("ENVELOPE_COUNT_MISMATCH@SE"),
    reason: "312 interchanges, each with a stale SE01",
  },
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The text without the line breaks (and blanks: one sample has trailing spaces on its lines)
 * after terminators, and without surrounding whitespace: what the tokenizer skips.
 */
function withoutLineBreaks(text: string, terminators: readonly Delimiters[]): string {
  let out = text.replace(/^[\s\uFEFF]+/, "").replace(/\s+$/, "");
  for (const { segment } of new Set(terminators)) {
    if (segment === "\r" || segment === "\n") continue;
    out = out.replace(new RegExp(`${escape(segment)}[ \\t\\r\\n]+`, "g"), segment);
  }
  return out;
}

describe("corpus round trip", () => {
  const files = corpusFiles();

  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [f.relative, f.path]))(
    "%s: tokenize then write reproduces the input",
    (_name, path) => {
      const text = readFileSync(path, "utf8");
      const interchanges = tokenizeInterchanges(text);
      const written = interchanges
        .map((interchange) => writeSegments(interchange.segments, interchange.delimiters))
        .join("");
      const delimiters = interchanges.map((i) => i.delimiters);
      expect(written).toBe(withoutLineBreaks(text, delimiters));
    },
  );

  it.each(files.map((f) => [f.relative, f.path]))(
    "%s: envelope errors are only the sample's known defects",
    (name, path) => {
      const findings = readInterchanges(readFileSync(path))
        .flatMap(envelopeFindings)
        .filter((f) => f.severity === "error")
        .map((f) => `${f.code}@${f.segment}`)
        .sort();
      expect(findings).toEqual(KNOWN[name]?.findings ?? []);
    },
  );

  it("every known defect names a corpus file", () => {
    const names = new Set(files.map((f) => f.relative));
    for (const name of Object.keys(KNOWN)) expect(names.has(name), name).toBe(true);
  });

  it.each(invalidCorpusFiles().map((f) => [f.relative, f.path]))(
    "%s (invalid): reads to a result or a positioned error",
    (_name, path) => {
      try {
        expect(readInterchanges(readFileSync(path)).length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toMatchObject({ code: "X12_NOT_INTERCHANGE", offset: 0 });
      }
    },
  );
});
