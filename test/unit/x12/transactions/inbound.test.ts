import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import { readInbound, readInboundInterchange } from "../../../../src/x12/transactions/inbound.js";
import { CORPUS, DELIMS, setOf } from "./helpers.js";

const KINDS: [string, string][] = [
  ["835", "835"],
  ["277ca", "277CA"],
  ["999", "999"],
  ["271", "271"],
];

const files = KINDS.flatMap(([dir, kind]) =>
  readdirSync(path.join(CORPUS, dir)).map((name) => [path.join(dir, name), kind] as const),
);

describe("readInboundInterchange on the corpus", () => {
  it.each(files)("reads %s as %s", (file, kind) => {
    const interchanges = readInterchanges(readFileSync(path.join(CORPUS, file)));
    const read = interchanges.map(readInboundInterchange);
    const kinds = read.flatMap((inbound) => inbound.transactions.map((t) => t.kind));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set([kind]));
    expect(read[0]!.controlNumber).toBe(interchanges[0]!.controlNumber);
  });

  it("leaves X212 claim status responses and 837s to other readers", () => {
    const dir = path.join(CORPUS, "277-X212");
    for (const name of readdirSync(dir)) {
      for (const interchange of readInterchanges(readFileSync(path.join(dir, name)))) {
        expect(readInboundInterchange(interchange).transactions).toEqual([]);
      }
    }
    expect(readInbound(setOf("ST*837*1*005010X222A1~SE*2*1"), DELIMS)).toBeUndefined();
  });

  it("collects the TA1s an interchange carries", () => {
    const isa =
      "ISA*00*          *00*          *ZZ*PAYER          *ZZ*GATEWAY        *240101*1200*^*00501*000000002*0*T*:~";
    const text = `${isa}TA1*000000001*240101*1159*R*022~IEA*0*000000002~`;
    const [inbound] = readInterchanges(text).map(readInboundInterchange);
    expect(inbound!.transactions).toEqual([]);
    expect(inbound!.interchangeAcknowledgments).toEqual([
      expect.objectContaining({ controlNumber: "000000001", status: "R", noteCode: "022" }),
    ]);
  });
});
