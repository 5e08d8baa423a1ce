/**
 * The sandbox payer's eligibility answers: a 271 for each question of a 270, chosen by the
 * subscriber's member id prefix (2100C NM109, case-sensitive) so tests and the demo are
 * deterministic. Any other member id gets `active`. Pure: the SFTP responder wires it.
 *
 * | prefix            | scenario    | the 271 says                                                      |
 * |-------------------|-------------|-------------------------------------------------------------------|
 * | SBX-ELIG-ACTIVE   | active      | EB*1 per service type; copay $25, deductible $500 ($200 left), 20% |
 * | SBX-ELIG-INACT    | inactive    | EB*6, plan ended the year before the date of service               |
 * | SBX-ELIG-NOTF     | not-found   | AAA*N**75*C at the subscriber: subscriber not found, no EB          |
 * | SBX-ELIG-DEPN     | dependent   | the dependent's level answers: EB*1 with coverage level DEP         |
 * | SBX-ELIG-OTHR     | other-payer | active, and EB*R with 2120 NM1*PR: another payer is primary         |
 *
 * Some member ids get no 271 at all: what the payer does with the 270 that carries them
 * (`ELIGIBILITY_ACK_SCENARIOS`, applied by respond-eligibility.ts before any answer):
 *
 * | prefix            | scenario    | the payer sends                                                   |
 * |-------------------|-------------|-------------------------------------------------------------------|
 * | SBX-ELIG-TA1R     | reject-ta1  | TA1 R note 006 for the whole interchange; no 999, no 271           |
 * | SBX-ELIG-R999     | reject-999  | 999 IK5 R for its set (IK3 at its 2100C NM1, IK4 NM109 I12); no 271 for that set |
 * | SBX-ELIG-SLNT     | silence     | nothing for its set (the follow-up clock must notice)              |
 */
import { buildInterchange } from "../x12/writer.js";
import { readInterchanges } from "../x12/envelope.js";
import type { Party } from "../x12/transactions/common.js";
import { read270 } from "../x12/transactions/270-read.js";
import type { EligibilityInquiry, ReadInquiry } from "../x12/transactions/270-read.js";
import { build271 } from "../x12/transactions/271-build.js";
import type {
  Answer271,
  Benefit271,
  Built271,
  Member271,
  Party271,
} from "../x12/transactions/271-build.js";

export type EligibilityScenarioName =
  "active" | "inactive" | "not-found" | "dependent" | "other-payer";

export interface EligibilityScenario {
  readonly name: EligibilityScenarioName;
  readonly memberIdPrefix: string;
  readonly summary: string;
}

export const ELIGIBILITY_SCENARIOS: readonly EligibilityScenario[] = [
  {
    name: "active",
    memberIdPrefix: "SBX-ELIG-ACTIVE",
    summary: "active; copay $25, deductible $500 with $200 remaining, coinsurance 20%",
  },
  { name: "inactive", memberIdPrefix: "SBX-ELIG-INACT", summary: "inactive (EB*6)" },
  {
    name: "not-found",
    memberIdPrefix: "SBX-ELIG-NOTF",
    summary: "subscriber not found (AAA*N**75*C)",
  },
  { name: "dependent", memberIdPrefix: "SBX-ELIG-DEPN", summary: "dependent coverage active" },
  {
    name: "other-payer",
    memberIdPrefix: "SBX-ELIG-OTHR",
    summary: "active, another payer primary (EB*R with NM1*PR)",
  },
];

export type EligibilityAckScenarioName = "reject-ta1" | "reject-999" | "silence";

export interface EligibilityAckScenario {
  readonly name: EligibilityAckScenarioName;
  readonly memberIdPrefix: string;
  readonly summary: string;
}

/** Scenarios decided on the 270 itself: its interchange or set is rejected, or not answered. */
export const ELIGIBILITY_ACK_SCENARIOS: readonly EligibilityAckScenario[] = [
  {
    name: "reject-ta1",
    memberIdPrefix: "SBX-ELIG-TA1R",
    summary: "TA1 R (note 006) for the whole interchange, no 271",
  },
  {
    name: "reject-999",
    memberIdPrefix: "SBX-ELIG-R999",
    summary: "999 IK5 R for its transaction set, no 271 for it",
  },
  { name: "silence", memberIdPrefix: "SBX-ELIG-SLNT", summary: "no answer at all for its set" },
];

/** The acknowledgment scenario of a member id, undefined when the 270 is answered normally. */
export function eligibilityAckScenarioFor(
  memberId: string | undefined,
): EligibilityAckScenario | undefined {
  return ELIGIBILITY_ACK_SCENARIOS.find((s) => memberId?.startsWith(s.memberIdPrefix) === true);
}

/** The sandbox payer's own trace originator (TRN03 of its TRN*1) and the other payer it names. */
export const SANDBOX_ORIGINATOR = "9SANDBOXPY";
export const SANDBOX_PLAN = "SANDBOX GOLD PLAN";
export const OTHER_PAYER: Party271 & { entityCode: string } = {
  entityCode: "PR",
  entityType: "2",
  name: "SANDBOX OTHER PAYER",
  idQualifier: "PI",
  id: "SBXOTHER1",
};

const [DEFAULT_SCENARIO] = ELIGIBILITY_SCENARIOS as [EligibilityScenario];

export function eligibilityScenarioFor(memberId: string | undefined): EligibilityScenario {
  return (
    ELIGIBILITY_SCENARIOS.find((s) => memberId?.startsWith(s.memberIdPrefix) === true) ??
    DEFAULT_SCENARIO
  );
}

/** A member id that selects `name`, e.g. ("not-found", "0001") → "SBX-ELIG-NOTF-0001". */
export function eligibilityMemberIdFor(
  name: EligibilityScenarioName | EligibilityAckScenarioName,
  suffix: string,
): string {
  const scenario =
    [...ELIGIBILITY_SCENARIOS, ...ELIGIBILITY_ACK_SCENARIOS].find((s) => s.name === name) ??
    DEFAULT_SCENARIO;
  return `${scenario.memberIdPrefix}-${suffix}`;
}

function party271(party: Party | undefined, entityCode: string): Party271 {
  return {
    entityCode,
    entityType: party?.entityType === "1" ? "1" : "2",
    name: party?.name ?? "UNKNOWN",
    ...(party?.firstName === undefined ? {} : { firstName: party.firstName }),
    idQualifier: party?.idQualifier ?? "PI",
    id: party?.id ?? "UNKNOWN",
  };
}

/** The plan year of the date of service (or of `today` when the 270 gave none). */
function planYear(inquiry: ReadInquiry, today: string, offset = 0) {
  const year = Number((inquiry.serviceDate ?? today).slice(0, 4)) + offset;
  return { qualifier: "291", from: `${year}-01-01`, to: `${year}-12-31` };
}

function requestedTypes(inquiry: ReadInquiry): readonly string[] {
  return inquiry.serviceTypes.length === 0 ? ["30"] : inquiry.serviceTypes;
}

/** EB*1 per service type asked about, the plan's coverage first. */
function activeBenefits(inquiry: ReadInquiry, coverageLevel: string): Benefit271[] {
  const others = requestedTypes(inquiry).filter((t) => t !== "30");
  return [
    { infoCode: "1", coverageLevel, serviceTypes: ["30"], planDescription: SANDBOX_PLAN },
    ...(others.length === 0 ? [] : [{ infoCode: "1", coverageLevel, serviceTypes: others }]),
  ];
}

/** Copay $25 a visit, deductible $500 a calendar year with $200 remaining, coinsurance 20 %. */
const COST_SHARES: readonly Benefit271[] = [
  {
    infoCode: "B",
    coverageLevel: "IND",
    serviceTypes: ["98"],
    timePeriod: "27",
    amountCents: 2500,
    inNetwork: "Y",
  },
  {
    infoCode: "C",
    coverageLevel: "IND",
    serviceTypes: ["30"],
    timePeriod: "23",
    amountCents: 50000,
    inNetwork: "Y",
  },
  {
    infoCode: "C",
    coverageLevel: "IND",
    serviceTypes: ["30"],
    timePeriod: "29",
    amountCents: 20000,
    inNetwork: "Y",
  },
  { infoCode: "A", coverageLevel: "IND", serviceTypes: ["30"], percent: 0.2, inNetwork: "Y" },
];

function patientBenefits(scenario: EligibilityScenarioName, inquiry: ReadInquiry): Benefit271[] {
  switch (scenario) {
    case "inactive":
      return [{ infoCode: "6", serviceTypes: ["30"] }];
    case "not-found":
      return [];
    case "dependent":
      return [...activeBenefits(inquiry, "DEP"), ...COST_SHARES];
    case "other-payer":
      return [
        ...activeBenefits(inquiry, "IND"),
        {
          infoCode: "R",
          serviceTypes: ["30"],
          insuranceType: "C1",
          messages: ["OTHER PAYER IS PRIMARY"],
          relatedEntities: [OTHER_PAYER],
        },
      ];
    case "active":
      return [...activeBenefits(inquiry, "IND"), ...COST_SHARES];
  }
}

function echoedPerson(person: ReadInquiry["subscriber"]): Member271 {
  const sex = person.sex === "F" || person.sex === "M" ? person.sex : undefined;
  return {
    ...(person.lastName === undefined ? {} : { lastName: person.lastName }),
    ...(person.firstName === undefined ? {} : { firstName: person.firstName }),
    ...(person.middleName === undefined ? {} : { middleName: person.middleName }),
    ...(person.suffix === undefined ? {} : { suffix: person.suffix }),
    ...(person.birthDate === undefined ? {} : { birthDate: person.birthDate }),
    ...(sex === undefined ? {} : { sex }),
  };
}

/** The patient level's answer: the traces echoed, errors or dates, benefits. */
function patientAnswer(
  scenario: EligibilityScenarioName,
  inquiry: ReadInquiry,
  today: string,
): Pick<Member271, "traces" | "errors" | "dates" | "benefits"> {
  const traces = [
    ...(inquiry.traceId === undefined
      ? []
      : [
          { type: "2" as const, number: inquiry.traceId, originatorId: inquiry.originatorId ?? "" },
        ]),
    { type: "1" as const, number: `SBX-${inquiry.hlId}`, originatorId: SANDBOX_ORIGINATOR },
  ];
  if (scenario === "not-found") {
    return { traces, errors: [{ validRequest: false, code: "75", followUp: "C" }] };
  }
  const dates = [planYear(inquiry, today, scenario === "inactive" ? -1 : 0)];
  return { traces, dates, benefits: patientBenefits(scenario, inquiry) };
}

/** The 271 answer to one read question of a 270, by its scenario. */
export function answerInquiry(inquiry: ReadInquiry, today: string): Answer271 {
  const scenario = eligibilityScenarioFor(inquiry.subscriber.memberId).name;
  const answer = patientAnswer(scenario, inquiry, today);
  const subscriber: Member271 = {
    ...echoedPerson(inquiry.subscriber),
    ...(inquiry.subscriber.memberId === undefined ? {} : { memberId: inquiry.subscriber.memberId }),
    ...(inquiry.subscriber.groupNumber === undefined
      ? {}
      : { references: [{ qualifier: "6P", value: inquiry.subscriber.groupNumber }] }),
  };
  const base = {
    source: party271(inquiry.payer, "PR"),
    receiver: party271(inquiry.provider, "1P"),
  };
  if (inquiry.dependent === undefined) return { ...base, subscriber: { ...subscriber, ...answer } };
  const relationship = inquiry.dependent.relationshipCode;
  return {
    ...base,
    subscriber,
    dependent: {
      ...echoedPerson(inquiry.dependent),
      ...(relationship === undefined ? {} : { relationshipCode: relationship }),
      ...answer,
    },
  };
}

export interface Answer270Options {
  /** ST02 of the 271 (4 to 9 digits). */
  readonly controlNumber: string;
  /** CCYYMMDD and HHMM of the answer; also "today" for a question without a date of service. */
  readonly date: string;
  readonly time: string;
  /** Repetition separator of the answer's interchange (EB03). Default "^". */
  readonly repetition?: string;
}

/** One 271 answering every question of a read 270 (BHT03 echoed). */
export function answer270(inquiry: EligibilityInquiry, options: Answer270Options): Built271 {
  const today = `${options.date.slice(0, 4)}-${options.date.slice(4, 6)}-${options.date.slice(6, 8)}`;
  return build271(
    inquiry.requests.map((r) => answerInquiry(r, today)),
    {
      controlNumber: options.controlNumber,
      date: options.date,
      time: options.time,
      ...(options.repetition === undefined ? {} : { repetition: options.repetition }),
      ...(inquiry.reference === undefined ? {} : { reference: inquiry.reference }),
    },
  );
}

export interface Answer270FileOptions {
  /** Allocated by the caller: ISA13, GS06 and the first ST02 of the answer. */
  readonly controlNumbers: { readonly isa: number; readonly gs: number; readonly firstSt: number };
  readonly date: string;
  readonly time: string;
  readonly lineBreak?: string;
  /** ST02 of 270 sets not to answer (rejected by the 999, or silent). */
  readonly skipSets?: ReadonlySet<string>;
}

/**
 * The 271 interchange answering every 270 set of a file's first interchange (but the
 * skipped ones): ISA and GS parties swapped, one GS*HB group with a 271 per 270. Undefined
 * when it holds no 270 to answer.
 */
export function answer270File(
  content: string | Uint8Array,
  options: Answer270FileOptions,
): string | undefined {
  const [interchange] = readInterchanges(content);
  const sets = interchange?.groups.flatMap((g) =>
    g.transactionSets
      .filter((s) => s.id === "270" && options.skipSets?.has(s.controlNumber) !== true)
      .map((set) => ({ group: g, set })),
  );
  const first = sets?.[0];
  if (interchange === undefined || sets === undefined || first === undefined) return undefined;
  // A 4010-style ISA11 (a letter, or none) is no repetition separator: the 5010 answer needs one.
  const given = interchange.delimiters.repetition;
  const repetition = given === "" || /[A-Za-z0-9 ]/.test(given) ? "^" : given;
  const answers = sets.map(({ set }, index) =>
    answer270(read270(set, interchange.delimiters), {
      controlNumber: String(options.controlNumbers.firstSt + index).padStart(4, "0"),
      date: options.date,
      time: options.time,
      repetition,
    }),
  );
  return buildInterchange({
    sender: interchange.receiver,
    receiver: interchange.sender,
    controlNumber: options.controlNumbers.isa,
    date: options.date,
    time: options.time,
    usage: interchange.usage === "P" ? "P" : "T",
    delimiters: { ...interchange.delimiters, repetition },
    ...(options.lineBreak === undefined ? {} : { lineBreak: options.lineBreak }),
    groups: [
      {
        functionalId: "HB",
        sender: first.group.gs.elements[2] ?? "",
        receiver: first.group.gs.elements[1] ?? "",
        controlNumber: options.controlNumbers.gs,
        version: "005010X279A1",
        transactionSets: answers.map((a) => a.set),
      },
    ],
  });
}
