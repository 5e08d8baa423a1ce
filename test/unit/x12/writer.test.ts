import { describe, expect, it } from "vitest";
import { readInterchanges, envelopeFindings } from "../../../src/x12/envelope.js";
import type { Delimiters } from "../../../src/x12/segment.js";
import { tokenize } from "../../../src/x12/tokenizer.js";
import { ClaimgateError } from "../../../src/errors.js";
import {
  SegmentWriter,
  buildInterchange,
  writeSegment,
  writeSegments,
  type InterchangeInput,
} from "../../../src/x12/writer.js";

const delimiters: Delimiters = { element: "*", repetition: "^", component: ":", segment: "~" };

describe("writeSegments", () => {
  it("joins components and elements, keeps empty elements", () => {
    const text = writeSegments(
      [
        { id: "CLM", elements: ["PCN1", "100", "", "", ["11", "B", "1"]] },
        { id: "SE", elements: [] },
      ],
      delimiters,
      { lineBreak: "\n" },
    );
    expect(text).toBe("CLM*PCN1*100***11:B:1~\nSE~\n");
  });

  it("writes tokenized segments as they were read", () => {
    const isa =
      "ISA*00*          *00*          *ZZ*A              *ZZ*B              *240102*1230*^*00501*000000001*0*T*:~";
    const input = isa + "HI*ABK:J20^ABF:R05~IEA*0*000000001~";
    expect(writeSegments(tokenize(input).toArray(), delimiters)).toBe(input);
  });

  it("refuses values that contain a delimiter", () => {
    const bad = [
      { id: "NM1", elements: ["A*B"] },
      { id: "NM1", elements: ["A~B"] },
      { id: "SV1", elements: [["HC", "99:213"]] },
    ];
    for (const segment of bad) {
      expect(() => writeSegments([segment], delimiters)).toThrow(
        expect.objectContaining({ code: "X12_WRITE_INVALID" }),
      );
    }
  });
});

describe("writeSegment value checks", () => {
  const codeOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof ClaimgateError ? `${error.code} ${error.message}` : "other";
    }
    return "written";
  };

  it("names the element and allows separators where they are harmless", () => {
    const d: Delimiters = { element: "*", repetition: "", component: ":", segment: "~" };
    expect(codeOf(() => writeSegment({ id: "NM1", elements: ["A", "B~"] }, d))).toBe(
      "X12_WRITE_INVALID NM102 contains a delimiter",
    );
    // A plain value may hold the component separator; no repetition separator is in use.
    expect(writeSegment({ id: "REF", elements: ["A:B", "^"] }, d)).toBe("REF*A:B*^~");
    expect(codeOf(() => writeSegment({ id: "SV1", elements: ["", ["HC", "9:9"]] }, d))).toBe(
      "X12_WRITE_INVALID SV102 contains a delimiter",
    );
  });

  it("checks delimiters longer than one character too", () => {
    const d: Delimiters = { element: "*", repetition: "^", component: ":", segment: "~\r\n" };
    expect(writeSegment({ id: "REF", elements: ["A~B"] }, d)).toBe("REF*A~B~\r\n");
    expect(codeOf(() => writeSegment({ id: "REF", elements: ["A~\r\nB"] }, d))).toBe(
      "X12_WRITE_INVALID REF01 contains a delimiter",
    );
    expect(codeOf(() => writeSegment({ id: "SV1", elements: [["HC", "A^"]] }, d))).toBe(
      "X12_WRITE_INVALID SV101 contains a delimiter",
    );
  });
});

describe("SegmentWriter.writeAll", () => {
  const segments = [
    { id: "NM1", elements: ["IL", "1", "Zoë", "Łukasz", "", "", "", "MI", "M1"] },
    { id: "HI", elements: [["ABK", "I10"], ["ABF", "E119", "", ""], []] },
    { id: "LX", elements: [] },
  ];

  it("gives the texts write gives, joined, for one-byte and wider characters alike", () => {
    const sets: Delimiters[] = [
      delimiters,
      { element: "|", repetition: "", component: ">", segment: "\n" },
      { element: "‡", repetition: "^", component: ":", segment: "~" },
    ];
    for (const d of sets) {
      const writer = new SegmentWriter(d);
      for (const list of [segments, segments.slice(1), []]) {
        const expected = list.map((s) => writeSegment(s, d) + "\r\n").join("");
        expect(writer.writeAll(list, "\r\n")).toBe(expected);
        expect(writer.writeAll(list, "")).toBe(writeSegments(list, d));
      }
      // A range writes only its segments, as the sliced list would.
      for (const [from, to] of [
        [0, 1],
        [1, 3],
        [2, 2],
      ] as const) {
        const range = writer.writeAll(segments, "\r\n", from, to);
        expect(range).toBe(writer.writeAll(segments.slice(from, to), "\r\n"));
      }
    }
  });

  it("refuses a delimiter in a value with the element's name", () => {
    const writer = new SegmentWriter(delimiters);
    const bad = [
      { id: "N3", elements: ["1 Main"] },
      { id: "N4", elements: ["A", ["B", "C^D"]] },
    ];
    expect(() => writer.writeAll(bad, "")).toThrow("N402 contains a delimiter");
    expect(writer.writeAll([{ id: "N3", elements: ["after"] }], "")).toBe("N3*after~");
  });
});

describe("buildInterchange", () => {
  const input: InterchangeInput = {
    sender: { qualifier: "ZZ", id: "CLAIMGATE" },
    receiver: { qualifier: "ZZ", id: "PAYER01" },
    controlNumber: 42,
    date: "20240102",
    time: "1230",
    usage: "T",
    delimiters,
    groups: [
      {
        functionalId: "HC",
        sender: "CLAIMGATE",
        receiver: "PAYER01",
        controlNumber: 7,
        version: "005010X222A1",
        transactionSets: [
          {
            id: "837",
            controlNumber: "0001",
            guide: "005010X222A1",
            body: [{ id: "BHT", elements: ["0019", "00", "1", "20240102", "1230", "CH"] }],
          },
          { id: "837", controlNumber: "0002", body: [] },
        ],
      },
    ],
  };

  it("pads the ISA to 106 characters and computes trailers", () => {
    const text = buildInterchange(input);
    expect(text.indexOf("~")).toBe(105);
    expect(text).toContain(
      "*ZZ*CLAIMGATE      *ZZ*PAYER01        *240102*1230*^*00501*000000042*0*T*:~",
    );
    expect(text).toContain("ST*837*0001*005010X222A1~BHT*0019*00*1*20240102*1230*CH~SE*3*0001~");
    expect(text).toContain("ST*837*0002~SE*2*0002~GE*2*7~IEA*1*000000042~");
  });

  it("reads back with no envelope findings", () => {
    const [interchange] = readInterchanges(buildInterchange({ ...input, lineBreak: "\r\n" }));
    expect(interchange?.controlNumber).toBe("000000042");
    expect(envelopeFindings(interchange!)).toEqual([]);
  });

  it("writes U in ISA11 when the delimiters have no repetition separator", () => {
    const text = buildInterchange({ ...input, delimiters: { ...delimiters, repetition: "" } });
    expect(text.slice(81, 89)).toBe("*U*00501");
  });

  it("refuses fields that do not fit", () => {
    const long = { ...input, sender: { qualifier: "ZZ", id: "X".repeat(16) } };
    expect(() => buildInterchange(long)).toThrow(
      expect.objectContaining({ code: "X12_WRITE_INVALID" }),
    );
    expect(() => buildInterchange({ ...input, controlNumber: 1234567890 })).toThrow();
    expect(() => buildInterchange({ ...input, date: "240102" })).toThrow();
  });
});

describe("buildInterchange with a very large transaction set", () => {
  it("writes 200,000 body segments without overflowing the call stack", () => {
    const body = Array.from({ length: 200_000 }, (_, i) => ({
      id: "LX",
      elements: [String(i + 1)],
    }));
    const text = buildInterchange({
      sender: { qualifier: "ZZ", id: "A" },
      receiver: { qualifier: "ZZ", id: "B" },
      controlNumber: 1,
      date: "20260101",
      time: "1200",
      usage: "T",
      delimiters: { element: "*", repetition: "^", component: ":", segment: "~" },
      groups: [
        {
          functionalId: "HP",
          sender: "A",
          receiver: "B",
          controlNumber: 1,
          version: "005010X221A1",
          transactionSets: [{ id: "835", controlNumber: "0001", body }],
        },
      ],
    });
    expect(text).toContain("SE*200002*0001~");
  });
});
