import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EligibilityRequest } from "../../../../src/domain/eligibility.js";
import {
  eligibilityPatientKey,
  validateEligibilityRequest,
} from "../../../../src/domain/eligibility.js";
import type { CodedEncounter } from "../../../../src/domain/encounter.js";
import { patientKey } from "../../../../src/domain/scrub/duplicates.js";
import { ClaimgateError } from "../../../../src/errors.js";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import { validateFile } from "../../../../src/x12/validator.js";
import {
  build270,
  build270Batch,
  build270Interchange,
} from "../../../../src/x12/transactions/270-build.js";
import type { Interchange270Options } from "../../../../src/x12/transactions/270-build.js";
import { asEligibilityRequest, read270 } from "../../../../src/x12/transactions/270-read.js";
import type { EligibilityInquiry } from "../../../../src/x12/transactions/270-read.js";
import { CORPUS } from "./helpers.js";

const EXAMPLES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../schemas/examples/eligibility",
);

function example(name: string): EligibilityRequest {
  const json: unknown = JSON.parse(readFileSync(path.join(EXAMPLES, name), "utf8"));
  const result = validateEligibilityRequest(json);
  if (!result.ok) throw new Error(`example ${name} is invalid`);
  return result.request;
}

const SUBSCRIBER = example("subscriber.json");
const DEPENDENT = example("dependent.json");

const OPTIONS: Interchange270Options = {
  interchangeSender: { qualifier: "ZZ", id: "CLAIMGATE" },
  interchangeReceiver: { qualifier: "ZZ", id: "EXHP1" },
  groupSender: "CLAIMGATE",
  groupReceiver: "EXHP1",
  usage: "T",
  controlNumbers: { isa: 17, gs: 17, st: 1 },
  date: "20260301",
  time: "0930",
  reference: "ELGBATCH17",
  originatorId: "1741234567",
  lineBreak: "\n",
};

function inquiriesOf(text: string | Uint8Array): EligibilityInquiry[] {
  return readInterchanges(text).flatMap((interchange) =>
    interchange.groups.flatMap((group) =>
      group.transactionSets.map((set) => read270(set, interchange.delimiters)),
    ),
  );
}

function byTrace<T extends { traceId: string } | undefined>(items: T[]): T[] {
  return [...items].sort((a, b) => (a?.traceId ?? "").localeCompare(b?.traceId ?? ""));
}

function withDefaults(request: EligibilityRequest): EligibilityRequest {
  return { ...request, serviceTypes: request.serviceTypes ?? ["30"] };
}

describe("build270", () => {
  const requests = [
    SUBSCRIBER,
    DEPENDENT,
    { ...SUBSCRIBER, traceId: "ELG-3", serviceDateEnd: "2026-03-04", serviceTypes: ["98"] },
    { ...DEPENDENT, traceId: "ELG-4", payer: { id: "OTHER2", name: "Other Plan" } },
  ];
  const { text, built } = build270Interchange(requests, OPTIONS);

  it("validates against the 270 spec with no findings", () => {
    const result = validateFile(text);
    expect(result.findings).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("reads back to the same requests (round trip)", () => {
    const [inquiry] = inquiriesOf(text);
    expect(inquiry?.reference).toBe("ELGBATCH17");
    // The 270 groups requests by payer and provider: compare in trace order.
    const read = inquiry?.requests.map(asEligibilityRequest) ?? [];
    expect(byTrace(read)).toEqual(byTrace(requests.map(withDefaults)));
    expect(inquiry?.requests.every((r) => r.originatorId === "1741234567")).toBe(true);
  });

  it("groups requests by payer, then provider, one subscriber level each", () => {
    const hls = built.segments.filter((s) => s.id === "HL").map((s) => s.elements.join("*"));
    expect(hls).toEqual([
      "1**20*1",
      "2*1*21*1",
      "3*2*22*0",
      "4*2*22*0",
      "5*1*21*1",
      "6*5*22*1",
      "7*6*23*0",
      "8**20*1",
      "9*8*21*1",
      "10*9*22*1",
      "11*10*23*0",
    ]);
  });

  it("puts TRN, DTP*291 and EQ on the dependent's level, INS*N*19 with it", () => {
    const lines = built.segments.map((s) => [s.id, ...s.elements.flat()].join("*"));
    const from = lines.indexOf("HL*7*6*23*0");
    expect(lines.slice(from, from + 7)).toEqual([
      "HL*7*6*23*0",
      "TRN*1*ELG-2026-0002*1741234567",
      "NM1*03*1*Doe*Sam",
      "DMG*D8*20160601*M",
      "INS*N*19",
      "DTP*291*D8*20260302",
      "EQ*30",
    ]);
  });

  it("records each request's segment range as a 999 would count it", () => {
    const st = built.segments;
    for (const range of built.requests) {
      const first = st[range.segmentFrom - 1];
      expect(first?.id).toBe("HL");
      expect(st[range.segmentTo - 1]?.id).toBe("EQ");
    }
    // File order: payer EXHP1 (provider 1234567893: requests 1 and 3, then 1987654328), OTHER2.
    expect(built.requests.map((r) => r.traceId)).toEqual([
      "ELG-2026-0001",
      "ELG-3",
      "ELG-2026-0002",
      "ELG-4",
    ]);
    const se = st.at(-1);
    expect(se?.elements[0]).toBe(String(st.length));
  });

  it("refuses what the guide cannot carry", () => {
    const base = { controlNumber: "0001", reference: "R", date: "20260301", time: "0930" };
    const cases: [() => unknown, RegExp][] = [
      [() => build270([], { ...base, originatorId: "1741234567" }), /at least one request/],
      [() => build270([SUBSCRIBER], { ...base, originatorId: "17412" }), /TRN03/],
      [
        () => build270([SUBSCRIBER], { ...base, controlNumber: "1", originatorId: "1741234567" }),
        /ST02/,
      ],
      [() => build270([SUBSCRIBER, SUBSCRIBER], { ...base, originatorId: "1741234567" }), /unique/],
      [
        () =>
          build270([{ ...SUBSCRIBER, serviceDate: "03/02/2026" }], {
            ...base,
            originatorId: "1741234567",
          }),
        /serviceDate/,
      ],
    ];
    for (const [build, message] of cases) {
      expect(build).toThrow(ClaimgateError);
      expect(build).toThrow(message);
    }
  });
});

describe("read270 on the corpus", () => {
  const dir = path.join(CORPUS, "270");
  const read = (name: string) => inquiriesOf(readFileSync(path.join(dir, name)));

  it.each(readdirSync(dir))("reads %s: one question with a trace", (name) => {
    const inquiries = read(name);
    expect(inquiries).toHaveLength(1);
    expect(inquiries[0]?.requests).toHaveLength(1);
    expect(inquiries[0]?.requests[0]?.traceId).toBeDefined();
  });

  it("subscriber sample: names, member id, birth date, date of service, EQ*30", () => {
    const [inquiry] = read("linuxforhealth__subscriber-health-benefit-check.270");
    expect(inquiry?.reference).toBe("10001234");
    expect(inquiry?.requests[0]).toEqual({
      hlId: "3",
      traceId: "93175-012547",
      originatorId: "9877281234",
      payer: expect.objectContaining({ entityCode: "PR", name: "ABC COMPANY", id: "842610001" }),
      provider: expect.objectContaining({ entityCode: "1P", idQualifier: "SV", id: "2000035" }),
      subscriber: {
        lastName: "SMITH",
        firstName: "ROBERT",
        memberId: "11122333301",
        birthDate: "1943-05-19",
      },
      serviceTypes: ["30"],
      serviceDate: "2006-05-01",
    });
    // The provider is named by a service provider number, not an NPI: no domain request.
    expect(asEligibilityRequest(inquiry!.requests[0]!)).toBeUndefined();
  });

  it("dependent sample: the question is the dependent's, under its subscriber", () => {
    const [inquiry] = read("linuxforhealth__dependent-health-benefit-check.270");
    const request = inquiry?.requests[0];
    expect(request?.hlId).toBe("4");
    expect(request?.subscriber).toEqual({ memberId: "11122333301" });
    expect(request?.dependent).toEqual({
      lastName: "SMITH",
      firstName: "MARY",
      birthDate: "1978-10-14",
    });
    expect(request?.provider).toMatchObject({ name: "JONES", firstName: "MARCUS" });
  });

  it("imsweb 4010 sample: group-less subscriber, no DTP*291 (its DTP is 307)", () => {
    const [inquiry] = read("imsweb__x270.txt");
    const request = inquiry?.requests[0];
    expect(request).toMatchObject({
      traceId: "1234667890",
      subscriber: { lastName: "DOE", firstName: "JANE", memberId: "123456" },
      serviceTypes: ["30"],
    });
    expect(request?.serviceDate).toBeUndefined();
  });
});

describe("validateEligibilityRequest", () => {
  it("accepts the examples and names the pointer of each problem without values", () => {
    expect(validateEligibilityRequest(SUBSCRIBER).ok).toBe(true);
    const bad = {
      ...SUBSCRIBER,
      provider: { npi: "12AB", name: "X" },
      subscriber: { lastName: "SECRETNAME" },
      extra: 1,
    };
    const result = validateEligibilityRequest(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { path: "/extra", message: "is not a known field here" },
        { path: "/provider/npi", message: "does not have the expected format" },
        { path: "/subscriber/memberId", message: "is required" },
      ]),
    );
    expect(JSON.stringify(result.problems)).not.toContain("12AB");
  });

  it("refuses a service date range that ends before it starts", () => {
    const result = validateEligibilityRequest({ ...SUBSCRIBER, serviceDateEnd: "2026-03-01" });
    expect(result).toEqual({
      ok: false,
      problems: [{ path: "/serviceDateEnd", message: "must not be before serviceDate" }],
    });
  });
});

describe("eligibilityPatientKey", () => {
  const encounter = (name: string) =>
    JSON.parse(readFileSync(path.join(EXAMPLES, "..", name), "utf8")) as CodedEncounter;

  it("keys a dependent's question as the scrubber keys the dependent's claim", () => {
    const claim = encounter("professional-dependent.json");
    expect(eligibilityPatientKey(DEPENDENT)).toBe(patientKey(claim));
  });

  it("keys a subscriber's question by the subscriber, ignoring case and spaces", () => {
    const claim = encounter("professional-dependent.json");
    const asSubscriber = { ...claim, relationship: "self", patient: undefined } as CodedEncounter;
    const request = {
      ...SUBSCRIBER,
      subscriber: { ...SUBSCRIBER.subscriber, lastName: " doe ", memberId: "xjd987654321" },
    };
    expect(eligibilityPatientKey(request)).toBe(patientKey(asSubscriber));
    expect(eligibilityPatientKey(DEPENDENT)).not.toBe(eligibilityPatientKey(request));
  });
});

describe("270 round trip over the optional fields", () => {
  /** Request number `n`: each bit of n switches one optional field on. */
  function variant(n: number): EligibilityRequest {
    const on = (bit: number) => (n & (1 << bit)) !== 0;
    const person = {
      lastName: `Last${n}`,
      ...(on(0) ? { firstName: "First" } : {}),
      ...(on(1) ? { middleName: "M" } : {}),
      ...(on(2) ? { suffix: "JR" } : {}),
      ...(on(3) ? { birthDate: "2001-12-31" } : {}),
      ...(on(4) ? { sex: "F" as const } : {}),
    };
    return {
      traceId: `V${n}`,
      provider: on(5)
        ? { npi: "1987654328", name: "Rivera", firstName: "Ana" }
        : { npi: "1234567893", name: "Clinic" },
      payer: on(6) ? { id: "PAYER2", name: "Two" } : { id: "PAYER1", name: "One" },
      subscriber: { memberId: `MEM${n}`, ...person, ...(on(7) ? { groupNumber: "G1" } : {}) },
      ...(on(8)
        ? {
            dependent: {
              ...person,
              birthDate: "2015-01-02",
              ...(on(9) ? { relationship: "spouse" as const } : {}),
            },
          }
        : {}),
      serviceTypes: on(10) ? ["30", "1", "33", "AL"] : ["98"],
      serviceDate: "2026-02-28",
      ...(on(11) ? { serviceDateEnd: "2026-03-01" } : {}),
    };
  }

  // 64 spread-out variants cover every field on and off, in many combinations.
  const requests = Array.from({ length: 64 }, (_, i) => variant((i * 2654435761) % 4096));
  const unique = [...new Map(requests.map((r) => [r.traceId, r])).values()];
  const { text } = build270Interchange(unique, OPTIONS);

  it("validates with no findings and reads back equal", () => {
    expect(validateFile(text).findings).toEqual([]);
    const read = inquiriesOf(text)[0]?.requests.map(asEligibilityRequest) ?? [];
    expect(byTrace(read)).toEqual(byTrace(unique));
  });
});

describe("build270Batch", () => {
  const { reference: _reference, controlNumbers: _numbers, ...rest } = OPTIONS;
  const options = { ...rest, controlNumbers: { isa: 18, gs: 18 } };
  const inquiries = [
    { request: SUBSCRIBER, reference: "REQ-A" },
    { request: DEPENDENT, reference: "REQ-B" },
    { request: { ...SUBSCRIBER, traceId: "ELG-5" }, reference: "REQ-C" },
  ];
  const { text, sets } = build270Batch(inquiries, options);

  it("writes one 270 set per request, ST02 0001.. in order, each with its own BHT03", () => {
    expect(validateFile(text).findings).toEqual([]);
    const read = inquiriesOf(text);
    expect(read.map((i) => [i.controlNumber, i.reference])).toEqual([
      ["0001", "REQ-A"],
      ["0002", "REQ-B"],
      ["0003", "REQ-C"],
    ]);
    expect(read.map((i) => i.requests.map((r) => r.traceId))).toEqual([
      [SUBSCRIBER.traceId],
      [DEPENDENT.traceId],
      ["ELG-5"],
    ]);
    expect(sets.map((s) => s.set.controlNumber)).toEqual(["0001", "0002", "0003"]);
    const [interchange] = readInterchanges(text);
    expect(interchange?.groups).toHaveLength(1);
    expect(interchange?.groups[0]?.controlNumber).toBe("18");
  });

  it("asks each request as build270Interchange asks it alone", () => {
    const alone = build270Interchange([DEPENDENT], {
      ...OPTIONS,
      reference: "REQ-B",
      controlNumbers: { isa: 18, gs: 18, st: 2 },
    });
    expect(sets[1]?.segments).toEqual(alone.built.segments);
  });

  it("refuses no requests and repeated trace ids", () => {
    expect(() => build270Batch([], options)).toThrow(/at least one request/);
    expect(() =>
      build270Batch(
        [
          { request: SUBSCRIBER, reference: "A" },
          { request: SUBSCRIBER, reference: "B" },
        ],
        options,
      ),
    ).toThrow(/unique/);
  });
});
