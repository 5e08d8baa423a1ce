/**
 * The one expectations file of the public X12 corpus (../shared/corpus, see its PROVENANCE.md).
 *
 * SAMPLE_FINDINGS lists, for every sample outside `invalid/`, every error and warning finding
 * that `validateFile` reports on it, each with a one-line reason that can be checked against
 * the sample text and the TR3: why the SAMPLE deviates from the guide. A sample that is not
 * listed must come out without findings. Nothing here loosens the validator: the test
 * (test/unit/x12/corpus-expectations.test.ts) compares the findings both ways, so an
 * unexpected finding fails and so does a listed one that no longer appears.
 *
 * Two kinds of entries are not sample deviations and say so in `kind`:
 * - "no-spec": the sample is a transaction set claimgate has no TR3 spec for (276/277 under
 *   005010X212); the finding is the honest "not supported", not a defect of the sample.
 * - "validator-fault": the sample is right at that place and the validator is wrong; the
 *   reason names the fault and its fix. The entry goes stale (and fails) once fixed.
 *
 * INVALID_FINDINGS lists, for every file under `invalid/` (imsweb/x12-parser's expected
 * failures, each a copy of its x12_valid.txt with one kind of damage), the findings that
 * damage must produce; the files' other findings are the x12_valid.txt deviations below.
 *
 * Positions are segment positions as findings carry them: within the transaction set (ST = 1)
 * for set content, within the interchange (ISA = 1) for ISA/GS/GE/IEA.
 */
import type { Severity } from "../../src/x12/finding.js";

/** Positions first, first + step, ... (count of them): one finding repeated down a file. */
export interface Series {
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

export type Positions = number | readonly number[] | Series;

export interface ExpectedFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly segment: string;
  readonly position: Positions;
  readonly element?: number;
  readonly component?: number;
  /** The same finding at the same place in this many sets or interchanges (default 1). */
  readonly times?: number;
  /** Absent: a deviation of the sample. See the file comment for the other two. */
  readonly kind?: "no-spec" | "validator-fault";
  readonly reason: string;
}

interface Where {
  readonly element?: number;
  readonly component?: number;
  readonly times?: number;
  readonly kind?: "no-spec" | "validator-fault";
}

function err(
  code: string,
  segment: string,
  position: Positions,
  reason: string,
  where: Where = {},
): ExpectedFinding {
  return { code, severity: "error", segment, position, ...where, reason };
}

function warn(
  code: string,
  segment: string,
  position: Positions,
  reason: string,
  where: Where = {},
): ExpectedFinding {
  return { code, severity: "warning", segment, position, ...where, reason };
}

const every = (first: number, step: number, count: number): Series => ({ first, step, count });

// ---- reasons shared by several samples ----

const se01 = (actual: number, declared = 25): string =>
  `SE01 says ${declared} but ST..SE holds ${actual} segments`;

const IEA02 = "IEA02 differs from ISA13 (the sample's control numbers do not pair)";

/** ISA16 is ':' but the LinuxForHealth samples write '>' between components. */
const gt = (el: string, example: string): string =>
  `ISA16 is ':' but the sample writes '>' inside ${el} (${example}), so the whole composite reads as its first component`;

const CLM05_GT_TOO_LONG = gt("CLM05", "11>B>1");
const CLM05_GT_EMPTY =
  "CLM05 written with '>' (ISA16 is ':'): its qualifier and frequency components are empty";
const HI_GT_QUALIFIER = gt("HI01", "BK>7215"); // "BK>7215" is no HI01-01 qualifier
const HI_GT_EMPTY = "HI01 written with '>' (ISA16 is ':'): HI01-02, the diagnosis code, is empty";
const SV1_GT_TOO_LONG = gt("SV101", "HC>98940");
const SV1_GT_EMPTY =
  "SV101 written with '>' (ISA16 is ':'): SV101-02, the procedure code, is empty";
const SV2_GT_TOO_LONG = gt("SV202", "HC>82270");
const SV2_GT_EMPTY =
  "SV202 written with '>' (ISA16 is ':'): SV202-02, the procedure code, is empty";
const SVC_GT_TOO_LONG = gt("SVC01", "HC>55669");
const SVC_GT_EMPTY =
  "SVC01 written with '>' (ISA16 is ':'): SVC01-02, the procedure code, is empty";

/** The three CLM05 findings of a LinuxForHealth sample that writes CLM05 with '>'. */
function clm05WithGt(position: number): ExpectedFinding[] {
  return [
    err("ELEMENT_TOO_LONG", "CLM", position, CLM05_GT_TOO_LONG, { element: 5, component: 1 }),
    err("ELEMENT_REQUIRED_MISSING", "CLM", position, CLM05_GT_EMPTY, { element: 5, component: 2 }),
    err("ELEMENT_REQUIRED_MISSING", "CLM", position, CLM05_GT_EMPTY, { element: 5, component: 3 }),
  ];
}

/** The two HI01 findings of a LinuxForHealth sample that writes HI01 with '>'. */
function hi01WithGt(position: number): ExpectedFinding[] {
  return [
    err("ELEMENT_INVALID_CODE", "HI", position, HI_GT_QUALIFIER, { element: 1, component: 1 }),
    err("ELEMENT_REQUIRED_MISSING", "HI", position, HI_GT_EMPTY, { element: 1, component: 2 }),
  ];
}

function sv1WithGt(position: number): ExpectedFinding[] {
  return [
    err("ELEMENT_TOO_LONG", "SV1", position, SV1_GT_TOO_LONG, { element: 1, component: 1 }),
    err("ELEMENT_REQUIRED_MISSING", "SV1", position, SV1_GT_EMPTY, { element: 1, component: 2 }),
  ];
}

function sv2WithGt(position: number): ExpectedFinding[] {
  return [
    err("ELEMENT_TOO_LONG", "SV2", position, SV2_GT_TOO_LONG, { element: 2, component: 1 }),
    err("ELEMENT_REQUIRED_MISSING", "SV2", position, SV2_GT_EMPTY, { element: 2, component: 2 }),
  ];
}

function svcWithGt(position: number): ExpectedFinding[] {
  return [
    err("ELEMENT_TOO_LONG", "SVC", position, SVC_GT_TOO_LONG, { element: 1, component: 1 }),
    err("ELEMENT_REQUIRED_MISSING", "SVC", position, SVC_GT_EMPTY, { element: 1, component: 2 }),
  ];
}

// ---- the imsweb/x12-parser 837P template (x12_valid.txt and its copies) ----
//
// Its claims write HI*BK*8901*BF*87200*BF:5559: qualifier and code as separate simple
// elements instead of composites (BK:8901), bill CLM02 500 against a 12.25 line, and its
// second subscriber HL is HL*2*3*22*1 (a repeated HL01 naming a parent that never occurs).

const HI_SPLIT = "HI*BK*8901*BF*87200: qualifier and code sent as separate elements, not BK:8901";

/** The six findings of the template's HI segment at `position`. */
function splitHi(position: Positions, times?: number): ExpectedFinding[] {
  const t = times === undefined ? {} : { times };
  const at = (element: number, component: number) => ({ element, component, ...t });
  return [
    err(
      "ELEMENT_REQUIRED_MISSING",
      "HI",
      position,
      `${HI_SPLIT}: HI01 is the bare qualifier`,
      at(1, 2),
    ),
    err("ELEMENT_TOO_LONG", "HI", position, `${HI_SPLIT}: HI02-01 is HI01's code`, at(2, 1)),
    err("ELEMENT_REQUIRED_MISSING", "HI", position, `${HI_SPLIT}: HI02 is a bare code`, at(2, 2)),
    err(
      "ELEMENT_REQUIRED_MISSING",
      "HI",
      position,
      `${HI_SPLIT}: HI03 is the bare qualifier`,
      at(3, 2),
    ),
    err("ELEMENT_TOO_LONG", "HI", position, `${HI_SPLIT}: HI04-01 is HI03's code`, at(4, 1)),
    err("ELEMENT_REQUIRED_MISSING", "HI", position, `${HI_SPLIT}: HI04 is a bare code`, at(4, 2)),
  ];
}

const CLM_500 = "CLM02 is 500 but the claim's only line charges 12.25 (SV102)";
const HL2_NO_CHILD = "HL*2*1*22*1 sets HL04 1 but no later HL names HL 2 as its parent";
const HL_REPEATED = "HL01 repeats an id already used (HL*2*3*22*1 follows HL 2; it should be 3)";
const HL_PARENT_3 = "HL*2*3*22*1 names parent HL 3, which does not occur before it";
const HL3_NO_CHILD = "HL*2*3*22*1 sets HL04 1 but no HL follows it";

/** The template's transaction set (x12_valid.txt, 34 segments), `times` over. */
function imswebValidSet(times?: number): ExpectedFinding[] {
  const t = times === undefined ? {} : { times };
  return [
    warn("HL_CHILD_CODE_MISMATCH", "HL", 16, HL2_NO_CHILD, { element: 4, ...t }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 20, CLM_500, { element: 2, ...t }),
    ...splitHi(21, times),
    err("HL_ID_NOT_SEQUENTIAL", "HL", 25, HL_REPEATED, { element: 1, ...t }),
    err("HL_PARENT_INVALID", "HL", 25, HL_PARENT_3, { element: 2, ...t }),
    warn("HL_CHILD_CODE_MISMATCH", "HL", 25, HL3_NO_CHILD, { element: 4, ...t }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 29, CLM_500, { element: 2, ...t }),
    ...splitHi(30, times),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 34, se01(34), { element: 1, ...t }),
  ];
}

/** x12_many_claims.txt: ST, BHT, 1000A/B, then the template's 28-segment block 410 times. */
function manyClaims(): ExpectedFinding[] {
  const blocks = 410;
  const block = (offset: number, count = blocks): Series => every(6 + offset, 28, count);
  const repeatedBlock = (offset: number): Series => every(34 + offset, 28, blocks - 1);
  const ID_AGAIN = "each repeated block restarts HL01 at 1, 2, 2 instead of counting on";
  return [
    err("HL_ID_NOT_SEQUENTIAL", "HL", repeatedBlock(0), ID_AGAIN, { element: 1 }),
    err("HL_ID_NOT_SEQUENTIAL", "HL", repeatedBlock(10), ID_AGAIN, { element: 1 }),
    warn("HL_CHILD_CODE_MISMATCH", "HL", block(10), HL2_NO_CHILD, { element: 4 }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", block(14), CLM_500, { element: 2 }),
    ...splitHi(block(15)),
    err("HL_ID_NOT_SEQUENTIAL", "HL", block(19), HL_REPEATED, { element: 1 }),
    err("HL_PARENT_INVALID", "HL", block(19), HL_PARENT_3, { element: 2 }),
    warn("HL_CHILD_CODE_MISMATCH", "HL", block(19), HL3_NO_CHILD, { element: 4 }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", block(23), CLM_500, { element: 2 }),
    ...splitHi(block(24)),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 11486, se01(11486), { element: 1 }),
  ];
}

/** x12_complex.txt: two sets of 147 segments, equal but for one diagnosis code. */
function complexSet(): ExpectedFinding[] {
  const t = { times: 2 };
  const OI04 = "OI04 (patient signature source) must be P in 5010; the sample sends A, B, C or D";
  const NM108_X = "NM108 is X; the guide allows only XX (NPI) for this provider";
  const REF_2330C =
    "2330C (NM1*DN) requires its REF*G2 (other payer referring provider id); the sample sends NM1*DN alone";
  return [
    err("CLAIM_TOTAL_MISMATCH", "CLM", 25, "CLM02 is 500 but its lines charge 12.25 + 13.26", {
      element: 2,
      ...t,
    }),
    ...splitHi(26, 2),
    err("ELEMENT_INVALID_CODE", "NM1", 31, NM108_X, { element: 8, ...t }),
    err("ELEMENT_INVALID_CODE", "OI", [36, 40, 45, 90], OI04, { element: 4, ...t }),
    err("SEGMENT_REQUIRED_MISSING", "REF", [44, 49, 94, 95], REF_2330C, t),
    err("HL_ID_NOT_SEQUENTIAL", "HL", 64, "HL*2*3*22*1 repeats HL01 2 (the third HL should be 3)", {
      element: 1,
      ...t,
    }),
    err("HL_PARENT_INVALID", "HL", 64, HL_PARENT_3, { element: 2, ...t }),
    err("HL_ID_NOT_SEQUENTIAL", "HL", 68, "HL*3*2*23*0 is the fourth HL; its HL01 should be 4", {
      element: 1,
      ...t,
    }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 74, "CLM02 is 500 but its one line charges 12.26", {
      element: 2,
      ...t,
    }),
    ...splitHi(75, 2),
    err("ELEMENT_INVALID_CODE", "NM1", 114, "2420D NM108 is MI; the guide allows only XX (NPI)", {
      element: 8,
      ...t,
    }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 129, "CLM02 is 500 but its lines charge 12.30 + 12.31", {
      element: 2,
      ...t,
    }),
    ...splitHi(130, 2),
    err("ELEMENT_INVALID_CODE", "NM1", 133, NM108_X, { element: 8, ...t }),
    err(
      "ENVELOPE_COUNT_MISMATCH",
      "SE",
      147,
      "SE01 says 25 and 26 but each set holds 147 segments",
      {
        element: 1,
        ...t,
      },
    ),
  ];
}

// ---- other shared reasons ----

const FOUR_010 = "a 4010 sample: GS08 is 004010X092A1, not a 005010 guide";
const X212 =
  "claimgate has no TR3 spec for 005010X212 (276/277 claim status; issue 3 lists none); the sample itself is not judged";
const PER_BL =
  "5010 makes the 1000A payer technical contact (PER*BL) required; the sample has no PER in 1000A";
const BPR16_SHIFTED =
  "BPR16 (payment effective date) is required; the sample's date sits in BPR15, one element early";
const CLM06_837I =
  "CLM06 (provider signature indicator) is not used in the 837I; the sample sends it (CLM*..*Y*A*Y*Y)";
const DTP434_D8 = "DTP*434 (statement dates) must be RD8 in the 837I; the sample sends D8";

export const SAMPLE_FINDINGS: Readonly<Record<string, readonly ExpectedFinding[]>> = {
  "270/imsweb__x270.txt": [
    err("ENVELOPE_CONTROL_MISMATCH", "IEA", 18, `${IEA02}: 000014420 vs 000003438`, { element: 2 }),
    err("GS_VERSION_UNSUPPORTED", "GS", 2, FOUR_010, { element: 8 }),
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, `${FOUR_010} (no ST03): no 5010 spec applies`),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 14, se01(14, 15), { element: 1 }),
    err("ENVELOPE_CONTROL_MISMATCH", "SE", 14, "SE02 0000121 is not ST02 000121", { element: 2 }),
  ],
  "271/imsweb__x271.txt": [
    err("ENVELOPE_CONTROL_MISMATCH", "IEA", 22, `${IEA02}: 000014420 vs 000003438`, { element: 2 }),
    err("GS_VERSION_UNSUPPORTED", "GS", 2, `${FOUR_010} (its ST03 says 005010X279A1)`, {
      element: 8,
    }),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 18, se01(18, 22), { element: 1 }),
  ],
  "271/linuxforhealth__subscriber-health-benefit-check-error.271": [
    err("ENVELOPE_CONTROL_MISMATCH", "SE", 8, "SE02 4323 is not ST02 4321", { element: 2 }),
  ],
  "276/linuxforhealth__claim-level-status-ncpdp.276": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "276/linuxforhealth__claim-level-status.276": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "276/linuxforhealth__information-receiver-level-status.276": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "276/linuxforhealth__provider-level-status.276": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "277-X212/imsweb__x12_277_x212.txt": [
    err("ENVELOPE_CONTROL_MISMATCH", "IEA", 111, `${IEA02}: 842928883 vs 000000001`, {
      element: 2,
    }),
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "277-X212/linuxforhealth__claim-level-status-ncpdp.277": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "277-X212/linuxforhealth__claim-level-status.277": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "277-X212/linuxforhealth__information-receiver-level-status.277": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],
  "277-X212/linuxforhealth__provider-level-status.277": [
    err("TRANSACTION_SET_NOT_SUPPORTED", "ST", 1, X212, { kind: "no-spec" }),
  ],

  "835/linuxforhealth__cob-contractural-adjustment.835": [
    err("ELEMENT_REQUIRED_MISSING", "BPR", 2, BPR16_SHIFTED, { element: 16 }),
    err("SEGMENT_REQUIRED_MISSING", "PER", 9, PER_BL),
    ...svcWithGt(19),
  ],
  "835/linuxforhealth__managed-care.835": [
    err("ELEMENT_INVALID_DATE", "BPR", 2, "BPR16 is 20002316: there is no month 23", {
      element: 16,
    }),
    err("SEGMENT_REQUIRED_MISSING", "PER", 8, PER_BL),
  ],
  "835/linuxforhealth__medicare-part-a.835": [
    err("SEGMENT_REQUIRED_MISSING", "PER", 9, PER_BL),
    ...[11, 21].flatMap((position) => [
      err(
        "ELEMENT_NOT_USED",
        "TS3",
        position,
        "TS309 (total provider payment) is 4010; the 5010 guide does not use TS306-TS312",
        { element: 9 },
      ),
      err(
        "ELEMENT_NOT_USED",
        "TS3",
        position,
        "TS311 (total contractual adjustment) is 4010; the 5010 guide does not use TS306-TS312",
        { element: 11 },
      ),
    ]),
  ],
  "835/linuxforhealth__secondary-payment.835": [
    err("ELEMENT_REQUIRED_MISSING", "BPR", 2, BPR16_SHIFTED, { element: 16 }),
    err("SEGMENT_REQUIRED_MISSING", "PER", 9, PER_BL),
    ...svcWithGt(27),
    ...svcWithGt(32),
  ],
  "835/linuxforhealth__tertiary-payment.835": [
    err("ELEMENT_REQUIRED_MISSING", "BPR", 2, BPR16_SHIFTED, { element: 16 }),
    err("SEGMENT_REQUIRED_MISSING", "PER", 9, PER_BL),
    // SVC*HC*24599.00*1766.50*187.50**1: "*" where ":" belongs shifts every element by one.
    err("ELEMENT_REQUIRED_MISSING", "SVC", 18, "SVC*HC*24599.00: '*' splits SVC01 from its code", {
      element: 1,
      component: 2,
    }),
    err(
      "ELEMENT_TOO_SHORT",
      "SVC",
      18,
      "the shift puts the unit count 1 in SVC06-01 (a 2-char qualifier)",
      {
        element: 6,
        component: 1,
      },
    ),
    err("ELEMENT_REQUIRED_MISSING", "SVC", 18, "the shift leaves SVC06 a lone '1' with no code", {
      element: 6,
      component: 2,
    }),
    err(
      "REMIT_UNBALANCED",
      "SVC",
      18,
      "shifted amounts: SVC02 24599.00 less CAS 1579.00 is not SVC03 1766.50 (the charge was 1766.50)",
      { element: 3 },
    ),
  ],

  "837i/imsweb__x223-test.txt": [
    err(
      "ELEMENT_INVALID_CODE",
      "CLM",
      23,
      "an 837P CLM in an 837I: CLM05-02 is B, the 837I allows A",
      {
        element: 5,
        component: 2,
      },
    ),
    err("ELEMENT_NOT_USED", "CLM", 23, "CLM06 is not used in the 837I; the sample sends Y", {
      element: 6,
    }),
    err(
      "ELEMENT_NOT_USED",
      "CLM",
      23,
      "CLM10 (patient signature source) is not used in the 837I; the sample sends P",
      {
        element: 10,
      },
    ),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 23, "CLM02 is 500 but its only line charges 73.42 (SV203)", {
      element: 2,
    }),
    err(
      "SEGMENT_OUT_OF_ORDER",
      "DTP",
      25,
      "DTP*434 (statement dates) comes before DTP*435 (admission) in 2300; the sample sends it after",
    ),
    err("ELEMENT_INVALID_CODE", "DTP", 25, DTP434_D8, { element: 2 }),
    ...[3, 8, 9].map((element) =>
      err(
        "ELEMENT_NOT_USED",
        "NM1",
        43,
        "NM1*77 after the 2320 loops is 2330F, whose NM1 uses NM101-NM102 only; the sample sends a name and NPI",
        { element },
      ),
    ),
    err(
      "SEGMENT_REQUIRED_MISSING",
      "REF",
      44,
      "2330F requires its REF (other payer service facility id); the sample sends NM1*77 alone",
    ),
    err(
      "ELEMENT_INVALID_CODE",
      "DTP",
      47,
      "DTP*304 (last seen date) is professional only; 837I 2400 has DTP*472 alone",
      {
        element: 1,
      },
    ),
    err(
      "SEGMENT_MAX_USE_EXCEEDED",
      "DTP",
      47,
      "837I 2400 allows one DTP (472); the sample sends a second (DTP*304)",
    ),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 48, se01(48), { element: 1 }),
  ],
  "837i/linuxforhealth__institutional-claim.837i": [
    err("ELEMENT_NOT_USED", "CLM", 20, CLM06_837I, { element: 6 }),
    err("ELEMENT_INVALID_CODE", "DTP", 21, DTP434_D8, { element: 2 }),
  ],
  "837i/linuxforhealth__out-of-network-repriced-claim.837i": [
    ...clm05WithGt(18),
    err("ELEMENT_NOT_USED", "CLM", 18, CLM06_837I, { element: 6 }),
    ...hi01WithGt(25),
    ...sv2WithGt(29),
  ],
  "837i/linuxforhealth__ppo-repriced-claim.837i": [
    ...clm05WithGt(24),
    err("ELEMENT_NOT_USED", "CLM", 24, CLM06_837I, { element: 6 }),
    ...hi01WithGt(31),
    ...hi01WithGt(32),
    ...hi01WithGt(33),
    ...sv2WithGt(41),
    ...sv2WithGt(45),
  ],
  "837i/linuxforhealth__two-claims-single-provider.837i": [
    err("ELEMENT_NOT_USED", "CLM", [19, 39], CLM06_837I, { element: 6 }),
  ],

  "837p/imsweb__x12_ambiguous_loop.txt": [
    warn("HL_CHILD_CODE_MISMATCH", "HL", 16, "HL*2*1*22*1 sets HL04 1 but no HL follows it", {
      element: 4,
    }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 23, "CLM02 is 500 but its only line charges 12.25", {
      element: 2,
    }),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 33, se01(33), { element: 1 }),
  ],
  "837p/imsweb__x12_complex.txt": [
    err("ENVELOPE_COUNT_MISMATCH", "GE", 297, "GE01 says 1 but the group holds 2 sets", {
      element: 1,
    }),
    ...complexSet(),
  ],
  "837p/imsweb__x12_many_claims.txt": manyClaims(),
  "837p/imsweb__x12_multiple_gs.txt": [
    err("ENVELOPE_COUNT_MISMATCH", "IEA", 110, "IEA01 says 1 but the interchange holds 3 groups", {
      element: 1,
    }),
    err("ENVELOPE_GS06_DUPLICATE", "GS", [38, 74], "all three groups carry GS06 1 in one ISA", {
      element: 6,
    }),
    ...imswebValidSet(3),
  ],
  "837p/imsweb__x12_multiple_isa.txt": imswebValidSet(2),
  "837p/imsweb__x12_multiple_st.txt": [
    err("ENVELOPE_COUNT_MISMATCH", "GE", 71, "GE01 says 1 but the group holds 2 sets", {
      element: 1,
    }),
    err("ENVELOPE_CONTROL_DUPLICATE", "ST", 1, "both sets of the group use ST02 987654", {
      element: 2,
    }),
    ...imswebValidSet(2),
  ],
  "837p/imsweb__x12_multiple_transactions.txt": imswebValidSet(312),
  "837p/imsweb__x12_no_errors.txt": [
    warn(
      "HL_CHILD_CODE_MISMATCH",
      "HL",
      [16, 32],
      "HL*2*1*22*1 sets HL04 1 but no HL names it as parent",
      {
        element: 4,
      },
    ),
    err("CLAIM_TOTAL_MISMATCH", "CLM", [20, 36], CLM_500, { element: 2 }),
    ...splitHi([21, 37]),
    err(
      "HL_ID_NOT_SEQUENTIAL",
      "HL",
      25,
      "the second billing provider HL reuses HL01 1 (should be 3)",
      {
        element: 1,
      },
    ),
    err("HL_ID_NOT_SEQUENTIAL", "HL", 32, "the second subscriber HL reuses HL01 2 (should be 4)", {
      element: 1,
    }),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 41, se01(41), { element: 1 }),
  ],
  "837p/imsweb__x12_valid.txt": imswebValidSet(),
  "837p/imsweb__x12_valid_different_separators.txt": imswebValidSet(),
  "837p/imsweb__x12_writer_test.txt": [
    warn("HL_CHILD_CODE_MISMATCH", "HL", 16, "HL*2*1*22*1 sets HL04 1 but no HL follows it", {
      element: 4,
    }),
    err("CLAIM_TOTAL_MISMATCH", "CLM", 23, "CLM02 is 500 but its only line charges 12.25", {
      element: 2,
    }),
    err("ENVELOPE_COUNT_MISMATCH", "SE", 31, se01(31), { element: 1 }),
  ],

  "837p/linuxforhealth__demo.ambulance.example5.837": [
    err(
      "ELEMENT_REQUIRED_MISSING",
      "CLM",
      21,
      "CLM05 is 41::1: the facility code qualifier B is left out",
      {
        element: 5,
        component: 2,
      },
    ),
  ],
  "837p/linuxforhealth__demo.cob.2ndary.example4.837": [
    ...clm05WithGt(19),
    ...hi01WithGt(24),
    ...sv1WithGt(26),
  ],
  "837p/linuxforhealth__demo.cob.example3.A.837": [
    err(
      "LOOP_REQUIRED_MISSING",
      "NM1",
      42,
      "2320 has its other subscriber (2330A NM1*IL) but not the required other payer (2330B NM1*PR)",
    ),
  ],
  "837p/linuxforhealth__demo.cob.example4.837": [
    err(
      "ELEMENT_INVALID_CODE",
      "AMT",
      29,
      "AMT*F2 (patient responsibility) is 4010; 5010 2320 AMT allows D, EAF and A8",
      {
        element: 1,
      },
    ),
  ],
  "837p/linuxforhealth__demo.example11.837": [
    ...clm05WithGt(19),
    ...hi01WithGt(22),
    err("ELEMENT_TOO_LONG", "HI", 22, gt("HI02", "BF>25000"), { element: 2, component: 1 }),
    err("ELEMENT_REQUIRED_MISSING", "HI", 22, "HI02 written with '>': HI02-02 is empty", {
      element: 2,
      component: 2,
    }),
    ...sv1WithGt(30),
    err("ELEMENT_INVALID_CHARACTER", "SV1", 30, gt("SV107", "1>2") + ": not a pointer number", {
      element: 7,
      component: 1,
    }),
    ...sv1WithGt(34),
  ],
  "837p/linuxforhealth__demo.example12.837": [
    ...clm05WithGt(24),
    ...hi01WithGt(27),
    ...sv1WithGt(37),
  ],
  "837p/linuxforhealth__demo.example6.837": [
    ...clm05WithGt(19),
    ...hi01WithGt(24),
    ...sv1WithGt(26),
  ],
  "837p/linuxforhealth__demo.example9.837": [
    ...clm05WithGt(18),
    ...hi01WithGt(19),
    ...sv1WithGt(27),
    err(
      "ELEMENT_INVALID_CHARACTER",
      "SV1",
      27,
      "SV107-01 (diagnosis pointer, N0) is 1.00, not an integer",
      {
        element: 7,
        component: 1,
      },
    ),
  ],
  "999/imsweb__x12_999_accepted.txt": [
    err("ENVELOPE_CONTROL_MISMATCH", "IEA", 10, `${IEA02}: 000000001 vs 000000286`, { element: 2 }),
    err("ENVELOPE_GS05_INVALID", "GS", 2, "GS05 is 102497: 97 is no second of a minute", {
      element: 5,
    }),
  ],
};

// ---- invalid/: imsweb/x12-parser's expected failures ----

export interface InvalidExpectation {
  /** What the file's name and its difference from x12_valid.txt say is wrong. */
  readonly reason: string;
  /** Findings the damage must produce (the file may have more: x12_valid.txt's own). */
  readonly findings?: readonly ExpectedFinding[];
  /** The file is no interchange at all: reading throws this ClaimgateError code at this byte. */
  readonly throws?: { readonly code: string; readonly offset: number };
}

export const INVALID_FINDINGS: Readonly<Record<string, InvalidExpectation>> = {
  "invalid/imsweb__x12_bad_first_line.txt": {
    reason: "ISA02 is 9 blanks wide instead of 10",
    findings: [err("ISA_FIELD_WIDTH", "ISA", 1, "ISA02 is 9 characters wide", { element: 2 })],
  },
  "invalid/imsweb__x12_bad_segment_identifier.txt": {
    reason: "three segment ids damaged: PER becomes empty, N4 becomes Nd4, NM1 becomes NM31",
    findings: [
      err("SEGMENT_UNRECOGNIZED", "", 4, "the 1000A PER lost its id"),
      err("SEGMENT_UNRECOGNIZED", "Nd4", 9, "N4 of 2010AA written Nd4"),
      err("SEGMENT_UNRECOGNIZED", "NM3", 18, "NM1*IL of 2010BA written NM31 (reported by 3 chars)"),
    ],
  },
  "invalid/imsweb__x12_bad_valid_code.txt": {
    reason: "the billing provider NM1 has entity code 117 instead of 85",
    findings: [err("ELEMENT_INVALID_CODE", "NM1", 7, "NM101 is 117", { element: 1 })],
  },
  "invalid/imsweb__x12_loop_errors1_exceeds_max_1_parent.txt": {
    reason: "2010AA (max 1) sent twice under one 2000A",
    findings: [err("LOOP_REPEAT_EXCEEDED", "NM1", 13, "second NM1*85 in the same 2000A")],
  },
  "invalid/imsweb__x12_loop_errors2_exceeds_max_repeats_multiple_parents.txt": {
    reason: "2010AA (max 1) sent twice under the second of two 2000A loops",
    findings: [err("LOOP_REPEAT_EXCEEDED", "NM1", 32, "second NM1*85 in the second 2000A")],
  },
  "invalid/imsweb__x12_loop_errors3_missing_loops.txt": {
    reason: "the required 2010AA billing provider loop is left out",
    findings: [err("LOOP_REQUIRED_MISSING", "NM1", 7, "2000A has no NM1*85")],
  },
  "invalid/imsweb__x12_missing_elements.txt": {
    reason: "NM102 of 1000B and CLM05 of the second claim are emptied",
    findings: [
      err("ELEMENT_REQUIRED_MISSING", "NM1", 5, "NM1*40** has no NM102", { element: 2 }),
      err("ELEMENT_REQUIRED_MISSING", "CLM", 29, "CLM*..*500**** has no CLM05", { element: 5 }),
    ],
  },
  "invalid/imsweb__x12_missing_required_loop_in_one_repeat.txt": {
    reason: "one of the 2000B loops has no 2010BA subscriber name",
    findings: [err("LOOP_REQUIRED_MISSING", "NM1", 18, "the first 2000B goes from SBR to NM1*PR")],
  },
  "invalid/imsweb__x12_missing_required_loops_mult_repeats.txt": {
    reason: "two claims send SV1/DTP without the LX that opens their required 2400 loop",
    findings: [
      err("SEGMENT_UNEXPECTED", "SV1", 31, "SV1 with no LX before it"),
      err("LOOP_REQUIRED_MISSING", "LX", 33, "the claim at 29 ends without a 2400"),
      err("SEGMENT_UNEXPECTED", "SV1", 57, "SV1 with no LX before it"),
      err("LOOP_REQUIRED_MISSING", "LX", 59, "the claim at 55 ends without a 2400"),
    ],
  },
  "invalid/imsweb__x12_no_isa_line.txt": {
    reason: "the ISA segment is left out: the file starts with GS",
    throws: { code: "X12_NOT_INTERCHANGE", offset: 0 },
  },
  "invalid/imsweb__x12_segment_errors.txt": {
    reason: "2010AA loses its N3 and gets a second REF*EI; the claim loses its HI",
    findings: [
      err("SEGMENT_REQUIRED_MISSING", "N3", 8, "2010AA goes from NM1*85 to N4"),
      err("SEGMENT_MAX_USE_EXCEEDED", "REF", 10, "second REF*EI in 2010AA"),
      err("SEGMENT_REQUIRED_MISSING", "HI", 20, "the claim has no HI"),
    ],
  },
  "invalid/imsweb__x12_segments_out_of_order.txt": {
    reason: "N4 sent before N3 in 2010AA and in 2010AB",
    findings: [
      err("SEGMENT_OUT_OF_ORDER", "N4", 10, "2010AA: N4 then N3"),
      err("SEGMENT_OUT_OF_ORDER", "N3", 15, "2010AB: N4 then N3"),
    ],
  },
};
