/**
 * Test fixtures for the loop engine, validator and ack tests: a small hand-made 837-like spec
 * (a few loops of the real guide's shape, with HL levels, includes and `match` qualifiers)
 * and a builder that turns "NM1*41*2*NAME" lines into tokenized segments.
 */
import type { TransactionSet } from "../../../src/x12/interchange.js";
import type { Delimiters, Segment } from "../../../src/x12/segment.js";
import { UNBOUNDED } from "../../../src/x12/spec/types.js";
import type {
  ElementSpec,
  SegmentSpec,
  TransactionSpec,
  Usage,
} from "../../../src/x12/spec/types.js";

export const DELIMITERS: Delimiters = {
  element: "*",
  repetition: "^",
  component: ":",
  segment: "~",
};

/** Segments from lines, positions 1.. (ST = 1), offsets as if joined with "~". */
export function segments(lines: readonly string[], delimiters: Delimiters = DELIMITERS): Segment[] {
  let offset = 0;
  return lines.map((line, i) => {
    const [id = "", ...elements] = line.split(delimiters.element);
    const segment: Segment = { id, elements, position: i + 1, offset };
    offset += line.length + 1;
    return segment;
  });
}

type El = Omit<ElementSpec, "ref">;
const an = (usage: Usage, min: number, max: number): El => ({
  name: "x",
  usage,
  type: "AN",
  min,
  max,
});
const id = (usage: Usage, codes?: string[], min = 1, max = 3): El => ({
  name: "x",
  usage,
  type: "ID",
  min,
  max,
  ...(codes === undefined ? {} : { codes }),
});
const typed = (type: ElementSpec["type"], usage: Usage, min: number, max: number): El => ({
  name: "x",
  usage,
  type,
  min,
  max,
});
const composite = (usage: Usage, parts: El[], repeat?: number): El => ({
  name: "x",
  usage,
  type: "COMPOSITE",
  min: 1,
  max: 1,
  ...(repeat === undefined ? {} : { repeat }),
  components: parts.map((p, i) => ({ ...p, ref: `C${i + 1}` })),
});

function seg(
  segment: string,
  usage: Usage,
  max: number,
  elements: El[],
  match?: Record<string, string[]>,
): SegmentSpec {
  return {
    segment,
    name: segment,
    usage,
    max,
    elements: elements.map((e, i) => ({
      ...e,
      ref: `${segment}${String(i + 1).padStart(2, "0")}`,
    })),
    ...(match === undefined ? {} : { match }),
  };
}

const nm1 = (qualifier: string, usage: Usage = "R"): SegmentSpec =>
  seg(
    "NM1",
    usage,
    1,
    [
      id("R", [qualifier], 2, 3),
      id("R", ["1", "2"], 1, 1),
      an("S", 1, 60),
      an("S", 1, 35),
      an("S", 1, 25),
      an("N", 1, 10),
      an("S", 1, 10),
      id("S", ["46", "XX", "MI", "PI"], 1, 2),
      an("S", 2, 80),
    ],
    { "1": [qualifier] },
  );

const hl = (level: string, parentUsage: Usage, childCodes: string[]): SegmentSpec =>
  seg(
    "HL",
    "R",
    1,
    [an("R", 1, 12), an(parentUsage, 1, 12), id("R", [level], 1, 2), id("R", childCodes, 1, 1)],
    { "3": [level] },
  );

const dtp = (qualifier: string, usage: Usage): SegmentSpec =>
  seg("DTP", usage, 1, [id("R", [qualifier], 3, 3), id("R", ["D8", "RD8"], 2, 3), an("R", 1, 35)], {
    "1": [qualifier],
  });

/** A reduced 837P: the real guide's loop shape with a handful of segments each. */
export const MINI_837: TransactionSpec = {
  guide: "005010X222A1",
  transactionSet: "837",
  functionalGroup: "HC",
  name: "mini 837",
  children: [
    seg("ST", "R", 1, [id("R", ["837"], 3, 3), an("R", 4, 9), an("S", 1, 35)]),
    seg("BHT", "R", 1, [
      id("R", ["0019"], 4, 4),
      id("R", ["00", "18"], 2, 2),
      an("R", 1, 50),
      typed("DT", "R", 8, 8),
      typed("TM", "R", 4, 8),
      id("R", ["CH", "RP"], 2, 2),
    ]),
    {
      loop: "1000A",
      name: "submitter",
      usage: "R",
      repeat: 1,
      children: [
        nm1("41"),
        seg("PER", "R", 2, [
          id("R", ["IC"], 2, 2),
          an("S", 1, 60),
          id("S", ["TE", "EM"], 2, 2),
          an("S", 1, 256),
        ]),
      ],
    },
    { loop: "1000B", name: "receiver", usage: "R", repeat: 1, children: [nm1("40")] },
    {
      loop: "2000A",
      name: "billing provider",
      usage: "R",
      repeat: UNBOUNDED,
      children: [
        hl("20", "N", ["1"]),
        seg("PRV", "S", 1, [id("R", ["BI"], 2, 2), id("R", ["PXC"], 3, 3), an("R", 1, 50)]),
        seg("CUR", "N", 1, [id("R", ["85"], 2, 3), id("R", ["USD"], 3, 3)]),
        {
          loop: "2010AA",
          name: "billing provider name",
          usage: "R",
          repeat: 1,
          children: [
            nm1("85"),
            seg("N3", "R", 1, [an("R", 1, 55), an("S", 1, 55)]),
            seg("N4", "R", 1, [
              an("R", 2, 30),
              id("S", undefined, 2, 2),
              id("S", undefined, 3, 15),
            ]),
            seg("REF", "R", 1, [id("R", ["EI"], 2, 3), an("R", 1, 50)], { "1": ["EI"] }),
          ],
        },
        {
          loop: "2010AB",
          name: "pay-to address",
          usage: "S",
          repeat: 1,
          children: [nm1("87"), seg("N3", "R", 1, [an("R", 1, 55)])],
        },
        // Not used in this reduced guide: present = IK304 I4 on its trigger.
        { loop: "2010AC", name: "pay-to plan", usage: "N", repeat: 1, children: [nm1("PE")] },
      ],
    },
    {
      loop: "2000B",
      name: "subscriber",
      usage: "R",
      repeat: UNBOUNDED,
      children: [
        hl("22", "R", ["0", "1"]),
        seg("SBR", "R", 1, [
          id("R", ["P", "S", "T"], 1, 1),
          id("S", ["18"], 2, 2),
          an("S", 1, 50),
          an("S", 1, 60),
          an("N", 1, 3),
          an("N", 1, 1),
          an("N", 1, 1),
          an("N", 1, 2),
          id("S", ["CI", "MB", "MC"], 1, 2),
        ]),
        {
          loop: "2010BA",
          name: "subscriber name",
          usage: "R",
          repeat: 1,
          children: [
            nm1("IL"),
            seg("DMG", "S", 1, [
              id("R", ["D8"], 2, 3),
              typed("DT", "R", 8, 8),
              id("R", ["F", "M", "U"], 1, 1),
            ]),
          ],
        },
        { include: "2300", usage: "S", repeat: 100 },
      ],
    },
    {
      loop: "2000C",
      name: "patient",
      usage: "S",
      repeat: UNBOUNDED,
      children: [
        hl("23", "R", ["0"]),
        seg("PAT", "R", 1, [id("R", ["01", "19"], 2, 2)]),
        { loop: "2010CA", name: "patient name", usage: "R", repeat: 1, children: [nm1("QC")] },
        { include: "2300", usage: "S", repeat: 100 },
      ],
    },
    seg("SE", "R", 1, [typed("N0", "R", 1, 10), an("R", 4, 9)]),
  ],
  definitions: {
    "2300": {
      loop: "2300",
      name: "claim",
      usage: "S",
      repeat: 100,
      children: [
        seg("CLM", "R", 1, [
          an("R", 1, 38),
          typed("R", "R", 1, 18),
          an("N", 1, 1),
          an("N", 1, 1),
          composite("R", [
            id("R", ["11", "12", "22"], 1, 2),
            id("R", ["B"], 1, 2),
            id("R", ["1", "7", "8"], 1, 1),
          ]),
          id("R", ["Y", "N"], 1, 1),
        ]),
        dtp("431", "S"),
        seg("REF", "S", 1, [id("R", ["G1"], 2, 3), an("R", 1, 50)], { "1": ["G1"] }),
        seg("HI", "R", 1, [
          composite("R", [id("R", ["ABK", "BK"], 1, 3), an("R", 1, 30)]),
          composite("S", [id("R", ["ABF", "BF"], 1, 3), an("R", 1, 30)]),
        ]),
        {
          loop: "2310B",
          name: "rendering provider",
          usage: "S",
          repeat: 1,
          children: [nm1("82", "R")],
        },
        {
          loop: "2400",
          name: "service line",
          usage: "R",
          repeat: 50,
          children: [
            seg("LX", "R", 1, [typed("N0", "R", 1, 6)]),
            seg("SV1", "R", 1, [
              composite("R", [id("R", ["HC"], 2, 2), an("R", 1, 48), an("S", 2, 2)]),
              typed("R", "R", 1, 18),
              id("R", ["UN", "MJ"], 2, 2),
              typed("R", "R", 1, 15),
              an("S", 1, 2),
              an("N", 1, 2),
              composite("R", [typed("N0", "R", 1, 2), typed("N0", "S", 1, 2)]),
            ]),
            dtp("472", "R"),
            seg("NTE", "S", 1, [id("R", ["ADD", "DCP"], 3, 3), an("R", 1, 80)]),
            {
              loop: "2420A",
              name: "line rendering provider",
              usage: "S",
              repeat: 1,
              children: [nm1("82", "R")],
            },
          ],
        },
      ],
    },
  },
};

/** A valid mini-837 set: two claims for a subscriber, one for a dependent. */
export const VALID_837: readonly string[] = [
  "ST*837*0001*005010X222A1",
  "BHT*0019*00*REF47517*20240105*1023*CH",
  "NM1*41*2*SUBMITTER*****46*TGJ23",
  "PER*IC*JERRY*TE*3055552222",
  "NM1*40*2*RECEIVER*****46*66783JJT",
  "HL*1**20*1",
  "PRV*BI*PXC*203BF0100Y",
  "NM1*85*2*BILLING CLINIC*****XX*1234567893",
  "N3*123 MAIN ST",
  "N4*ANYTOWN*NY*12345",
  "REF*EI*123456789",
  "HL*2*1*22*1",
  "SBR*P*18*GRP01******CI",
  "NM1*IL*1*DOE*JOHN****MI*W123",
  "DMG*D8*19700101*M",
  "CLM*PCN1*100.50***11:B:1*Y",
  "HI*ABK:J20",
  "LX*1",
  "SV1*HC:99213*60.50*UN*1***1",
  "DTP*472*D8*20240102",
  "LX*2",
  "SV1*HC:85025*40*UN*1***1:2",
  "DTP*472*D8*20240102",
  "HL*3*2*23*0",
  "PAT*19",
  "NM1*QC*1*DOE*JANE",
  "CLM*PCN2*25***11:B:1*Y",
  "DTP*431*D8*20231230",
  "REF*G1*AUTH1",
  "HI*ABK:J20*ABF:R05",
  "NM1*82*1*RENDER*RITA****XX*1234567893",
  "LX*1",
  "SV1*HC:99212*25*UN*1***1",
  "DTP*472*D8*20240103",
  "NTE*ADD*NOTE",
  "NM1*82*1*LINE*LEO****XX*1234567893",
  "SE*37*0001",
];

/** Lines with one line replaced (index), inserted (before index) or removed; SE01 untouched. */
export function edit(
  lines: readonly string[],
  change: { replace?: [number, string]; insert?: [number, string]; remove?: number },
): string[] {
  const out = [...lines];
  if (change.replace !== undefined) out[change.replace[0]] = change.replace[1];
  if (change.insert !== undefined) out.splice(change.insert[0], 0, change.insert[1]);
  if (change.remove !== undefined) out.splice(change.remove, 1);
  return out;
}

/** Index of the first line starting with a prefix (throws when none: fixtures are fixed). */
export function lineOf(lines: readonly string[], prefix: string, from = 0): number {
  const i = lines.findIndex((l, k) => k >= from && l.startsWith(prefix));
  if (i < 0) throw new Error(`fixture has no line ${prefix}`);
  return i;
}

/** A TransactionSet as the envelope reader would give it (no envelope findings). */
export function transactionSet(lines: readonly string[], guide = "005010X222A1"): TransactionSet {
  const segs = segments(lines);
  const st = segs[0]!;
  return {
    id: st.elements[0] ?? "",
    controlNumber: st.elements[1] ?? "",
    guide,
    segments: segs,
    findings: [],
  };
}

const amount = (usage: Usage): El => typed("R", usage, 1, 18);
const group = id("R", ["CO", "PR", "OA", "PI"], 1, 2);
/** CAS01 group, then up to three reason / amount / quantity triples. */
const casElements: El[] = [group, an("R", 1, 5), amount("R"), typed("R", "S", 1, 15)].concat(
  [1, 2].flatMap(() => [an("S", 1, 5), amount("S"), typed("R", "S", 1, 15)]),
);

/** A reduced 835 with the loops the balancing rules read. */
export const MINI_835: TransactionSpec = {
  guide: "005010X221A1",
  transactionSet: "835",
  functionalGroup: "HP",
  name: "mini 835",
  children: [
    seg("ST", "R", 1, [id("R", ["835"], 3, 3), an("R", 4, 9)]),
    seg("BPR", "R", 1, [
      id("R", ["C", "D", "H", "I", "P", "U", "X"], 1, 2),
      amount("R"),
      id("R", ["C", "D"], 1, 1),
    ]),
    seg("TRN", "R", 1, [id("R", ["1"], 1, 2), an("R", 1, 50), an("R", 10, 10)]),
    {
      loop: "1000A",
      name: "payer",
      usage: "R",
      repeat: 1,
      children: [seg("N1", "R", 1, [id("R", ["PR"], 2, 3), an("R", 1, 60)], { "1": ["PR"] })],
    },
    {
      loop: "1000B",
      name: "payee",
      usage: "R",
      repeat: 1,
      children: [seg("N1", "R", 1, [id("R", ["PE"], 2, 3), an("R", 1, 60)], { "1": ["PE"] })],
    },
    {
      loop: "2000",
      name: "header number",
      usage: "S",
      repeat: UNBOUNDED,
      children: [
        seg("LX", "R", 1, [typed("N0", "R", 1, 6)]),
        {
          loop: "2100",
          name: "claim payment",
          usage: "R",
          repeat: UNBOUNDED,
          children: [
            seg("CLP", "R", 1, [
              an("R", 1, 38),
              id("R", ["1", "2", "4", "22"], 1, 2),
              amount("R"),
              amount("R"),
              amount("S"),
            ]),
            seg("CAS", "S", 99, casElements),
            {
              loop: "2110",
              name: "service payment",
              usage: "S",
              repeat: 999,
              children: [
                seg("SVC", "R", 1, [
                  composite("R", [id("R", ["HC"], 2, 2), an("R", 1, 48)]),
                  amount("R"),
                  amount("R"),
                ]),
                seg("CAS", "S", 99, casElements),
              ],
            },
          ],
        },
      ],
    },
    seg("PLB", "S", UNBOUNDED, [
      an("R", 1, 50),
      typed("DT", "R", 8, 8),
      composite("R", [id("R", ["WO", "L6", "FB"], 2, 2), an("S", 1, 50)]),
      amount("R"),
      composite("S", [id("R", ["WO", "L6", "FB"], 2, 2), an("S", 1, 50)]),
      amount("S"),
    ]),
    seg("SE", "R", 1, [typed("N0", "R", 1, 10), an("R", 4, 9)]),
  ],
};

/**
 * A balanced mini 835. Claim 1: charged 100.00, CO 30.00 on the claim, PR 10.00 on its one
 * line (100.00 charged, 90.00 paid), paid 60.00. Claim 2: 50.50 less 4.00 and 6.00 (two triples of one CAS) = 40.50.
 * PLB takes 0.50: BPR02 = 60.00 + 40.50 - 0.50 = 100.00.
 */
export const BALANCED_835: readonly string[] = [
  "ST*835*0001",
  "BPR*I*100*C",
  "TRN*1*TRACE1*1234567890",
  "N1*PR*PAYER",
  "N1*PE*PROVIDER",
  "LX*1",
  "CLP*PCN1*1*100*60",
  "CAS*CO*45*30",
  "SVC*HC:99213*100*90",
  "CAS*PR*1*10",
  "CLP*PCN2*1*50.5*40.5",
  "CAS*CO*45*4*1*253*6",
  "PLB*PROV1*20240131*WO:X*0.50",
  "SE*14*0001",
];
