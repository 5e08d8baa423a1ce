import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../../src/errors.js";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import type { Segment } from "../../../../src/x12/segment.js";
import { parseCents } from "../../../../src/x12/money.js";
import { read837 } from "../../../../src/x12/transactions/837-read.js";
import { CORPUS, setOf } from "./helpers.js";

function corpusSets(folder: string) {
  const dir = path.join(CORPUS, folder);
  return readdirSync(dir)
    .sort()
    .flatMap((file) =>
      readInterchanges(readFileSync(path.join(dir, file))).flatMap((interchange) =>
        interchange.groups.flatMap((group) =>
          group.transactionSets.map((set) => ({ file, set, delimiters: interchange.delimiters })),
        ),
      ),
    );
}

/** Each CLM with the segments up to the next CLM, HL or SE: the claim as the file has it. */
function claimsInFile(segments: readonly Segment[]): Segment[][] {
  const claims: Segment[][] = [];
  let current: Segment[] | undefined;
  for (const s of segments) {
    if (s.id === "CLM") claims.push((current = [s]));
    else if (s.id === "HL" || s.id === "SE") current = undefined;
    else current?.push(s);
  }
  return claims;
}

describe("read837 over the public corpus", () => {
  for (const folder of ["837p", "837i"]) {
    const sets = corpusSets(folder);

    it(`${folder}: reads every set, one claim per CLM with its total, lines and ids`, () => {
      expect(sets.length).toBeGreaterThan(0);
      for (const { file, set, delimiters } of sets) {
        const read = read837(set, delimiters);
        const expected = claimsInFile(set.segments);
        expect(read.claims.length, file).toBe(expected.length);
        expect(read.kind).toBe(folder);
        read.claims.forEach((claim, i) => {
          const own = expected[i] ?? [];
          const clm = own[0]!;
          expect(claim.clmPosition).toBe(clm.position);
          expect(claim.encounter.patientControlNumber).toBe(clm.elements[0]);
          expect(claim.encounter.totalChargeCents).toBe(parseCents(clm.elements[1] ?? ""));
          expect(claim.encounter.serviceLines.length, file).toBe(
            own.filter((s) => s.id === "LX").length,
          );
          const d9 = own.find((s) => s.id === "REF" && s.elements[0] === "D9");
          expect(claim.submissionId).toBe(d9?.elements[1]);
          expect(claim.lastPosition).toBe(own.at(-1)?.position);
        });
      }
    });
  }

  it("reads professional line charges and pointers as the SV1 has them", () => {
    const { set, delimiters } = corpusSets("837p").find((s) => s.file.includes("demo.example1."))!;
    const read = read837(set, delimiters);
    const sv1s = set.segments.filter((s) => s.id === "SV1");
    const lines = read.claims.flatMap((c) =>
      c.encounter.kind === "professional" ? c.encounter.serviceLines : [],
    );
    expect(lines.map((l) => l.chargeCents)).toEqual(
      sv1s.map((s) => parseCents(s.elements[1] ?? "")),
    );
    expect(lines.map((l) => l.diagnosisPointers.join(":"))).toEqual(
      sv1s.map((s) => (s.elements[6] ?? "").split(delimiters.component).join(":")),
    );
  });
});

describe("read837 refusals", () => {
  it("refuses a set that is not an 837", () => {
    const set = setOf("ST*835*0001~BPR*I*1*C*ACH~SE*3*0001~");
    expect(() =>
      read837(set, { element: "*", repetition: "^", component: ":", segment: "~" }),
    ).toThrow(ClaimgateError);
  });

  it("refuses an 837 whose guide is neither X222 nor X223", () => {
    const set = setOf("ST*837*0001*005010X224A2~BHT*0019*00*1*20260101*1200*CH~SE*3*0001~");
    let code: string | undefined;
    try {
      read837(set, { element: "*", repetition: "^", component: ":", segment: "~" });
    } catch (error) {
      code = (error as ClaimgateError).code;
    }
    expect(code).toBe("X12_READ_FAILED");
  });
});
