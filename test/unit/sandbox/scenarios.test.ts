import { describe, expect, it } from "vitest";
import {
  SCENARIOS,
  TA1_REJECT_NOTE_CODE,
  memberIdFor,
  scenarioFor,
  scenarioForMemberId,
  scenarioNamed,
} from "../../../src/sandbox/scenarios.js";

describe("sandbox scenario rules", () => {
  it("has one scenario per name and per prefix, no prefix a prefix of another", () => {
    const names = SCENARIOS.map((s) => s.name);
    const prefixes = SCENARIOS.map((s) => s.memberIdPrefix);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const a of prefixes) {
      for (const b of prefixes) if (a !== b) expect(b.startsWith(a)).toBe(false);
    }
  });

  it.each(SCENARIOS.map((s) => [s.name, s.memberIdPrefix] as const))(
    "%s is selected by a member id starting with %s",
    (name, prefix) => {
      expect(scenarioForMemberId(`${prefix}000123`).name).toBe(name);
      expect(scenarioFor({ subscriber: { memberId: memberIdFor(name, "42") } }).name).toBe(name);
    },
  );

  it("gives every other member id the default accept-pay", () => {
    for (const id of ["XJD123456789", "sbx-r999-1", "SBX-R99", "R999-SBX-", ""]) {
      expect(scenarioForMemberId(id).name).toBe("accept-pay");
    }
  });

  it("reject-999 rejects the set at the claim's CLM02 and accepts the interchange", () => {
    const s = scenarioNamed("reject-999");
    expect(s.memberIdPrefix).toBe("SBX-R999-");
    expect(s.set).toEqual({ kind: "reject", element: 2, code: "I12" });
    expect(s.interchange.kind).toBe("accept");
  });

  it("reject-ta1 rejects the interchange with a TA1 note code", () => {
    const s = scenarioNamed("reject-ta1");
    expect(s.memberIdPrefix).toBe("SBX-TA1R-");
    expect(s.interchange).toEqual({ kind: "reject", noteCode: TA1_REJECT_NOTE_CODE });
    expect(TA1_REJECT_NOTE_CODE).toMatch(/^\d{3}$/);
  });

  it("accepts at the 999 every scenario that only differs later (277CA, 835)", () => {
    const later = SCENARIOS.filter((s) => !["reject-999", "reject-ta1"].includes(s.name));
    expect(later.length).toBeGreaterThanOrEqual(6);
    for (const s of later) {
      expect(s.interchange.kind).toBe("accept");
      expect(s.set.kind).toBe("accept");
    }
    expect(scenarioNamed("deny-coding").remittance).toMatchObject({ kind: "denied", reason: "11" });
    expect(scenarioNamed("reject-277").claimAck).toMatchObject({ kind: "reject", category: "A7" });
    expect(scenarioNamed("silence").claimAck.kind).toBe("silence");
  });

  it("keeps the prefix style SBX-XXXX- for every scenario", () => {
    for (const s of SCENARIOS) expect(s.memberIdPrefix).toMatch(/^SBX-[A-Z0-9]{4}-$/);
  });

  it("has the remittance outcomes of the inbound scenarios", () => {
    const denial = (name: Parameters<typeof scenarioNamed>[0]) => scenarioNamed(name).remittance;
    expect(denial("deny-timely-filing")).toEqual({ kind: "denied", group: "CO", reason: "29" });
    expect(denial("deny-duplicate")).toEqual({ kind: "denied", group: "CO", reason: "18" });
    expect(denial("partial-pay")).toEqual({
      kind: "partial",
      group: "PR",
      reasons: ["3", "1", "2"],
    });
    expect(denial("reverse-readjudicate").kind).toBe("reversed");
    expect(denial("plb-interest")).toEqual({ kind: "provider-adjustment", reason: "L6" });
    expect(denial("plb-recoupment")).toEqual({ kind: "provider-adjustment", reason: "WO" });
    expect(denial("split-remit").kind).toBe("split");
    expect(scenarioNamed("reject-277").remittance.kind).toBe("silence");
  });

  it("refuses an unknown scenario name", () => {
    expect(() => scenarioNamed("nope" as never)).toThrow(RangeError);
  });
});
