import { describe, expect, it } from "vitest";
import { envelopeFindings, readInterchanges } from "../../../src/x12/envelope.js";
import type { Finding } from "../../../src/x12/finding.js";

const ISA =
  "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240102*1230*^*00501*000000001*0*T*:~";
const SET_A = ["ST*837*0001*005010X222A1~", "BHT*0019*00*1*20240102*1230*CH~", "SE*3*0001~"];
const SET_B = ["ST*837*0002~", "BHT*0019*00*2*20240102*1230*CH~", "SE*3*0002~"];
const GROUP = ["GS*HC*S*R*20240102*1230*7*X*005010X222A1~", ...SET_A, ...SET_B, "GE*2*7~"];
const good = [ISA, ...GROUP, "IEA*1*000000001~"].join("\n");

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code}@${f.segment}${f.element ?? ""}`);
}

function only(text: string) {
  const [interchange, ...rest] = readInterchanges(text);
  expect(rest).toHaveLength(0);
  return interchange!;
}

describe("readInterchanges on a good interchange", () => {
  const interchange = only(good);

  it("builds interchange, group and sets", () => {
    expect(interchange).toMatchObject({
      controlNumber: "000000001",
      sender: { qualifier: "ZZ", id: "SENDER" },
      receiver: { qualifier: "ZZ", id: "RECEIVER" },
      usage: "T",
      delimiters: { element: "*", repetition: "^", component: ":", segment: "~" },
    });
    expect(interchange.iea?.id).toBe("IEA");
    const group = interchange.groups[0]!;
    expect(group).toMatchObject({
      functionalId: "HC",
      controlNumber: "7",
      version: "005010X222A1",
    });
    expect(group.ge?.elements).toEqual(["2", "7"]);
    expect(
      group.transactionSets.map((s) => [s.id, s.controlNumber, s.guide, s.segments.length]),
    ).toEqual([
      ["837", "0001", "005010X222A1", 3],
      ["837", "0002", "005010X222A1", 3], // no ST03: the group's GS08
    ]);
  });

  it("has no findings", () => {
    expect(envelopeFindings(interchange)).toEqual([]);
  });

  it("reads several interchanges from one file", () => {
    const second = good.replaceAll("000000001", "000000002");
    expect(readInterchanges(good + "\n" + second).map((i) => i.controlNumber)).toEqual([
      "000000001",
      "000000002",
    ]);
  });
});

describe("envelope findings", () => {
  it("ISA13 ≠ IEA02 → TA1 001", () => {
    const i = only(good.replace("IEA*1*000000001", "IEA*1*000000009"));
    expect(i.findings).toMatchObject([
      { code: "ENVELOPE_CONTROL_MISMATCH", segment: "IEA", ta1: "001" },
    ]);
  });

  it("IEA01 ≠ group count → TA1 021", () => {
    const i = only(good.replace("IEA*1*", "IEA*2*"));
    expect(i.findings).toMatchObject([{ code: "ENVELOPE_COUNT_MISMATCH", element: 1, ta1: "021" }]);
  });

  it("missing IEA → TA1 023", () => {
    const i = only(good.replace("IEA*1*000000001~", ""));
    expect(i.iea).toBeUndefined();
    expect(i.findings).toMatchObject([
      { code: "ENVELOPE_MISSING_TRAILER", segment: "ISA", ta1: "023" },
    ]);
  });

  it("segment outside any group → TA1 024, TA1 segments are collected", () => {
    const i = only(good.replace("IEA*", "TA1*000000005*240101*1200*A*000~NM1*XX~IEA*"));
    expect(i.ta1.map((s) => s.id)).toEqual(["TA1"]);
    expect(i.findings).toMatchObject([
      { code: "ENVELOPE_UNEXPECTED_SEGMENT", segment: "NM1", ta1: "024" },
    ]);
  });

  it("ISA field widths and values map to their TA1 codes", () => {
    const narrow = only(good.replace("*ZZ*SENDER         *", "*ZZ*SENDER*"));
    expect(narrow.findings).toMatchObject([{ code: "ISA_FIELD_WIDTH", element: 6, ta1: "006" }]);
    const usage = only(good.replace("*0*T*:~", "*0*X*:~"));
    expect(usage.findings).toMatchObject([{ code: "ISA_FIELD_VALUE", element: 15, ta1: "020" }]);
    const date = only(good.replace("*240102*1230*", "*241302*1230*"));
    expect(date.findings).toMatchObject([{ code: "ISA_FIELD_VALUE", element: 9, ta1: "014" }]);
  });

  it("GE02 ≠ GS06 → AK905 4; GE01 wrong → AK905 5; missing GE → AK905 3", () => {
    const mismatch = only(good.replace("GE*2*7", "GE*2*8")).groups[0]!;
    expect(mismatch.findings).toMatchObject([{ code: "ENVELOPE_CONTROL_MISMATCH", ak905: "4" }]);
    const count = only(good.replace("GE*2*7", "GE*3*7")).groups[0]!;
    expect(count.findings).toMatchObject([{ code: "ENVELOPE_COUNT_MISMATCH", ak905: "5" }]);
    const missing = only(good.replace("GE*2*7~", "")).groups[0]!;
    expect(missing.findings).toMatchObject([
      { code: "ENVELOPE_MISSING_TRAILER", segment: "GS", ak905: "3" },
    ]);
  });

  it("GS08 not 005010 → AK905 2 error; unknown 005010 guide → warning", () => {
    const old = only(good.replace("*X*005010X222A1~", "*X*004010X098A1~")).groups[0]!;
    expect(old.findings).toMatchObject([
      { code: "GS_VERSION_UNSUPPORTED", severity: "error", ak905: "2" },
    ]);
    const unknown = only(good.replace("*X*005010X222A1~", "*X*005010X999~")).groups[0]!;
    expect(unknown.findings).toMatchObject([{ code: "GS_VERSION_UNKNOWN", severity: "warning" }]);
  });

  it("SE02 ≠ ST02 → IK502 3; SE01 wrong → IK502 4; missing SE → IK502 2", () => {
    const sets = (text: string) => only(text).groups[0]!.transactionSets;
    expect(sets(good.replace("SE*3*0001", "SE*3*0009"))[0]!.findings).toMatchObject([
      { code: "ENVELOPE_CONTROL_MISMATCH", ik502: "3", transactionControlNumber: "0001" },
    ]);
    expect(sets(good.replace("SE*3*0001", "SE*4*0001"))[0]!.findings).toMatchObject([
      { code: "ENVELOPE_COUNT_MISMATCH", ik502: "4", position: 3 },
    ]);
    const missing = sets(good.replace("SE*3*0001~", ""));
    expect(missing).toHaveLength(2);
    expect(missing[0]!.segments.map((s) => s.id)).toEqual(["ST", "BHT"]);
    expect(missing[0]!.findings).toMatchObject([{ code: "ENVELOPE_MISSING_TRAILER", ik502: "2" }]);
  });

  it("duplicate ST02 in a group → IK502 23", () => {
    const text = good.replace("ST*837*0002~", "ST*837*0001~").replace("SE*3*0002", "SE*3*0001");
    expect(codes(only(text).groups[0]!.transactionSets[1]!.findings)).toEqual([
      "ENVELOPE_CONTROL_DUPLICATE@ST2",
    ]);
  });

  it("messages never quote element values", () => {
    const broken = good.replace("SE*3*0001", "SE*9*SECRET1").replace("GE*2*7", "GE*2*SECRET2");
    for (const finding of only(broken).groups.flatMap((g) => [
      ...g.findings,
      ...g.transactionSets.flatMap((s) => s.findings),
    ])) {
      expect(finding.message).not.toMatch(/SECRET|0001/);
    }
  });
});
