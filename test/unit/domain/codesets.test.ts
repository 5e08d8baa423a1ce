import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ClaimgateError } from "../../../src/errors.js";
import {
  hcpcsCodeSet,
  hcpcsVersionFromFileName,
  icd10CmCodeSet,
  loadCodeSets,
  normalizeIcd10,
  parseAdjustmentCodeList,
  parseHcpcsRecords,
  parseIcd10CmOrderFile,
  parsePlaceOfServiceList,
} from "../../../src/domain/codesets/index.js";

/** One order-file line laid out by the published column widths. */
function orderLine(order: number, code: string, billable: boolean, short: string, long: string) {
  return `${String(order).padStart(5, "0")} ${code.padEnd(7)} ${billable ? 1 : 0} ${short.padEnd(60)} ${long}`;
}

const ORDER_2026 = [
  orderLine(1, "E11", false, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"),
  orderLine(2, "E119", true, "Type 2 diabetes mellitus without complications", "Type 2 ..."),
  orderLine(3, "I10", true, "Essential (primary) hypertension", "Essential hypertension"),
  orderLine(4, "Z7984", true, "Long term (current) use of oral hypoglycemic drugs", "Long ..."),
].join("\r\n");
const ORDER_2025 = [
  orderLine(1, "E11", false, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"),
  orderLine(2, "E119", true, "Type 2 diabetes mellitus without complications", "Type 2 ..."),
  orderLine(3, "U071", true, "COVID-19", "COVID-19"),
].join("\n");

/** One HCPCS record: fields placed at their 1-based columns in a 320-character line. */
function hcpcsRecord(fields: {
  code: string;
  seq?: string;
  rid: string;
  long?: string;
  short?: string;
  added?: string;
  effective?: string;
  terminated?: string;
  action?: string;
}): string {
  const line = Array<string>(320).fill(" ");
  const put = (col: number, text: string) => [...text].forEach((ch, i) => (line[col - 1 + i] = ch));
  put(1, fields.code);
  put(6, fields.seq ?? "00100");
  put(11, fields.rid);
  put(12, fields.long ?? "");
  put(92, fields.short ?? "");
  put(269, fields.added ?? "");
  put(277, fields.effective ?? "");
  put(285, fields.terminated ?? "");
  put(293, fields.action ?? "N");
  return line.join("");
}

const HCPCS_2026 = [
  "HCPCS 2026 ALPHA-NUMERIC FILE (title line, not a record)",
  hcpcsRecord({
    code: "J1100",
    rid: "3",
    long: "Injection, dexamethasone sodium",
    short: "Dexamethasone",
    added: "19840101",
  }),
  hcpcsRecord({ code: "J1100", seq: "00200", rid: "4", long: "phosphate, 1 mg" }),
  hcpcsRecord({ code: "G2211", rid: "3", short: "Complex e/m visit add on", added: "20210101" }),
  hcpcsRecord({
    code: "Q9999",
    rid: "3",
    short: "Retired thing",
    added: "20200101",
    terminated: "20260331",
    action: "D",
  }),
  hcpcsRecord({ code: "C9800", rid: "3", short: "Added mid-year", added: "20260701" }),
  hcpcsRecord({ code: "RT", rid: "7", short: "Right side" }),
].join("\n");

describe("ICD-10-CM order file", () => {
  const fy2026 = parseIcd10CmOrderFile(ORDER_2026, { fiscalYear: 2026 });
  const fy2025 = parseIcd10CmOrderFile(ORDER_2025, { fiscalYear: 2025 });
  const icd = icd10CmCodeSet([fy2025, fy2026]);

  it("reads codes, billable flags and descriptions by column", () => {
    expect(fy2026.codes.size).toBe(4);
    expect(fy2026.codes.get("E11")).toMatchObject({ billable: false });
    expect(fy2026.codes.get("E119")).toEqual({
      billable: true,
      shortDescription: "Type 2 diabetes mellitus without complications",
      longDescription: "Type 2 ...",
    });
    expect([fy2026.label, fy2026.validFrom, fy2026.validThrough]).toEqual([
      "FY2026",
      "2025-10-01",
      "2026-09-30",
    ]);
  });

  it("tells billable codes from headers and unknown codes", () => {
    expect(icd.status("E119", "2026-02-10")).toBe("billable");
    expect(icd.status("E11", "2026-02-10")).toBe("header");
    expect(icd.status("E1190", "2026-02-10")).toBe("unknown");
    expect(icd.isBillable("E11", "2026-02-10")).toBe(false);
    expect(icd.exists("E11", "2026-02-10")).toBe(true);
    expect(icd.isBillable("e11.9", "2026-02-10")).toBe(true);
  });

  it("uses the release in effect on the date of service", () => {
    expect(icd.status("U071", "2025-09-30")).toBe("billable");
    expect(icd.status("U071", "2025-10-01")).toBe("unknown");
    expect(icd.status("I10", "2025-09-30")).toBe("unknown");
    expect(icd.status("I10", "2025-10-01")).toBe("billable");
  });

  it("answers unavailable outside every loaded release, never billable", () => {
    expect(icd.covers("2026-10-01")).toBe(false);
    expect(icd.status("E119", "2026-10-01")).toBe("unavailable");
    expect(icd.isBillable("E119", "2026-10-01")).toBe(false);
    expect(icd.covers("2024-10-01")).toBe(true);
  });

  it("normalizes the written form of a code", () => {
    expect(normalizeIcd10(" s93.401a ")).toBe("S93401A");
  });

  it("refuses a malformed line with its number and without its text", () => {
    const bad = `${orderLine(1, "E11", false, "x", "x")}\n00002 E11.9   1 Secret description`;
    expect(() => parseIcd10CmOrderFile(bad, { fiscalYear: 2026 })).toThrow(ClaimgateError);
    try {
      parseIcd10CmOrderFile(bad, { fiscalYear: 2026 });
    } catch (error) {
      expect((error as ClaimgateError).code).toBe("CODESET_INVALID");
      expect((error as Error).message).toContain("line 2");
      expect((error as Error).message).not.toContain("Secret");
    }
    expect(() =>
      parseIcd10CmOrderFile(orderLine(1, "E119", true, "x", "x").replace(" 1 ", " 2 "), {
        fiscalYear: 2026,
      }),
    ).toThrow(/billable flag/);
    expect(() => parseIcd10CmOrderFile("\n\n", { fiscalYear: 2026 })).toThrow(/no codes/);
  });
});

describe("HCPCS record file", () => {
  const release = parseHcpcsRecords(HCPCS_2026, hcpcsVersionFromFileName("HCPC2026_JAN_ANWEB.txt"));
  const hcpcs = hcpcsCodeSet([release]);

  it("reads procedure records and joins continuation lines", () => {
    expect([...release.codes.keys()].sort()).toEqual(["C9800", "G2211", "J1100", "Q9999"]);
    expect(release.codes.get("J1100")).toMatchObject({
      longDescription: "Injection, dexamethasone sodium phosphate, 1 mg",
      shortDescription: "Dexamethasone",
      added: "1984-01-01",
    });
    expect(hcpcs.modifierExists("rt")).toBe(true);
    expect(hcpcs.modifierExists("LT")).toBe(false);
  });

  it("knows when a code is in effect", () => {
    expect(hcpcs.exists("J1100", "2026-02-10")).toBe(true);
    expect(hcpcs.status("Q9999", "2026-03-31")).toBe("active");
    expect(hcpcs.status("Q9999", "2026-04-01")).toBe("terminated");
    expect(hcpcs.status("C9800", "2026-06-30")).toBe("not_yet_effective");
    expect(hcpcs.status("A0000", "2026-06-30")).toBe("unknown");
    expect(hcpcs.status("J1100", "2027-01-02")).toBe("unavailable");
    expect(hcpcs.exists("J1100", "2025-12-31")).toBe(false);
  });

  it("takes the release year and quarter from the CMS file name", () => {
    expect(hcpcsVersionFromFileName("HCPC2026_APR_ANWEB_v3.txt")).toEqual({
      label: "2026-APR",
      validFrom: "2026-01-01",
      validThrough: "2026-12-31",
      year: 2026,
      quarter: 2,
    });
    expect(hcpcsVersionFromFileName("hcpcs.txt")).toBeUndefined();
  });

  it("refuses a record with a malformed code or date", () => {
    const badDate = hcpcsRecord({ code: "J1100", rid: "3", added: "2026-1-1" });
    expect(() => parseHcpcsRecords(badDate)).toThrow(/line 1: added date/);
    const badCode = hcpcsRecord({ code: "99213", rid: "3" });
    expect(() => parseHcpcsRecords(badCode)).toThrow(/code does not have its shape/);
    const orphan = hcpcsRecord({ code: "J1100", rid: "4" });
    expect(() => parseHcpcsRecords(orphan)).toThrow(/continuation/);
    expect(() => parseHcpcsRecords("title only")).toThrow(/no procedure records/);
  });
});

describe("CARC and RARC lists", () => {
  const carc = parseAdjustmentCodeList(
    [
      "code,description,start,stop",
      '45,"Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.",01/01/1995,',
      "2,Coinsurance Amount.,1995-01-01,",
      'A1,"Claim/Service denied. ""Quoted"" text.",01/01/1995,',
      "D1,Claim/service denied. Level of subluxation is missing or inadequate.,01/01/1995,07/01/2006",
    ].join("\n"),
    "CARC",
  );

  it("reads codes with quoted descriptions and both date styles", () => {
    expect(carc.exists("45")).toBe(true);
    expect(carc.description("A1")).toBe('Claim/Service denied. "Quoted" text.');
    expect(carc.isActive("2", "2026-01-01")).toBe(true);
    expect(carc.isActive("2", "1994-12-31")).toBe(false);
  });

  it("treats a code as retired after its stop date", () => {
    expect(carc.isActive("D1", "2006-07-01")).toBe(true);
    expect(carc.isActive("D1", "2006-07-02")).toBe(false);
    expect(carc.isActive("999", "2026-01-01")).toBe(false);
  });

  it("reads RARC codes and refuses malformed lists", () => {
    const rarc = parseAdjustmentCodeList(
      "Code,Description,Start,Stop\nMA15,Split claim.,,\nN130,x,,\n",
      "RARC",
    );
    expect([rarc.exists("MA15"), rarc.exists("n130"), rarc.exists("M1")]).toEqual([
      true,
      true,
      false,
    ]);
    expect(() => parseAdjustmentCodeList("code,description,start\n45,x,", "CARC")).toThrow(
      /no stop column/,
    );
    expect(() =>
      parseAdjustmentCodeList("code,description,start,stop\n45,x,13/45/2020,", "CARC"),
    ).toThrow(/line 2: start or stop/);
    expect(() => parseAdjustmentCodeList('code,description,start,stop\n45,"x,,', "CARC")).toThrow(
      /comma-separated/,
    );
  });
});

describe("place of service list", () => {
  it("reads two-digit codes and names", () => {
    const pos = parsePlaceOfServiceList(
      "code,name\n11,Office\n02,Telehealth Provided Other than in Patient's Home\n",
    );
    expect([pos.exists("11"), pos.exists("02"), pos.exists("2"), pos.exists("13")]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(pos.name("11")).toBe("Office");
    expect(() => parsePlaceOfServiceList("code,name\n1,Pharmacy")).toThrow(
      /line 2: code is not two digits/,
    );
  });
});

describe("loadCodeSets", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "claimgate-codesets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads every set whose file is in the folder, by its published name", () => {
    writeFileSync(path.join(dir, "icd10cm-order-2026.txt"), ORDER_2026);
    writeFileSync(path.join(dir, "icd10cm-order-2025.txt"), ORDER_2025);
    writeFileSync(path.join(dir, "HCPC2026_JAN_ANWEB.txt"), HCPCS_2026);
    writeFileSync(
      path.join(dir, "HCPC2026_APR_ANWEB.txt"),
      HCPCS_2026 + "\n" + hcpcsRecord({ code: "G0999", rid: "3", added: "20260401" }),
    );
    writeFileSync(path.join(dir, "place-of-service.csv"), "code,name\n11,Office\n");
    writeFileSync(path.join(dir, "carc.csv"), "code,description,start,stop\n45,x,,\n");
    const sets = loadCodeSets(dir);
    expect(sets.icd10?.versions.map((v) => v.label).sort()).toEqual(["FY2025", "FY2026"]);
    expect(sets.icd10?.isBillable("U071", "2025-01-01")).toBe(true);
    expect(sets.hcpcs?.versions.map((v) => v.label)).toEqual(["2026-APR"]);
    expect(sets.hcpcs?.exists("G0999", "2026-05-01")).toBe(true);
    expect(sets.pos?.exists("11")).toBe(true);
    expect(sets.carc?.exists("45")).toBe(true);
    expect(sets.rarc).toBeUndefined();
  });

  it("keeps the byte columns of fixed-width files with non-ASCII bytes in descriptions", () => {
    const sub = mkdtempSync(path.join(dir, "latin1-"));
    // "é" as the two UTF-8 bytes C3 A9 in two byte columns of the long description: read as
    // UTF-8 it would be one character and every later column would shift left by one.
    const record = Buffer.from(
      hcpcsRecord({
        code: "J7777",
        rid: "3",
        long: "Cafxx dose",
        added: "20260101",
        terminated: "20260630",
      }),
      "latin1",
    );
    record.set([0xc3, 0xa9], record.indexOf("xx"));
    writeFileSync(path.join(sub, "HCPC2026_JUL_ANWEB.txt"), record);
    const sets = loadCodeSets(sub);
    expect(sets.hcpcs?.status("J7777", "2026-06-30")).toBe("active");
    expect(sets.hcpcs?.status("J7777", "2026-07-01")).toBe("terminated");
  });

  it("leaves out what is not there", () => {
    expect(loadCodeSets(path.join(dir, "missing"))).toEqual({});
  });

  it("loads the project's own codesets folder without a format error", () => {
    const sets = loadCodeSets();
    expect(sets.pos?.exists("11")).toBe(true);
    expect(sets.pos?.exists("66")).toBe(true);
    expect(sets.pos?.exists("28")).toBe(false);
    expect(sets.pos?.name("23")).toBe("Emergency Room - Hospital");
  });
});
