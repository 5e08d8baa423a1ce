/**
 * 270 eligibility inquiry (005010X279A1) → the questions it asks, one per patient: each
 * subscriber without dependents, and each dependent (with its subscriber). Used to read our
 * own 270s back (round trip) and by the sandbox payer to answer them.
 */
import type { DependentRelationship, EligibilityRequest } from "../../domain/eligibility.js";
import type { TransactionSet } from "../interchange.js";
import type { Delimiters, Segment } from "../segment.js";
import { DEPENDENT_RELATIONSHIP_CODES } from "./270-build.js";
import {
  expectSetId,
  optional,
  optionalDate,
  readDtp,
  readFailed,
  readNm1,
  readTrn,
  repetitions,
  required,
  segmentMisplaced,
} from "./common.js";
import type { Party, ReadNote } from "./common.js";

/** A subscriber or dependent as the 270 names it. */
export interface InquiryPerson {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly suffix?: string;
  /** NM109 (subscriber). */
  readonly memberId?: string;
  /** REF*6P. */
  readonly groupNumber?: string;
  readonly birthDate?: string;
  /** DMG03. */
  readonly sex?: string;
  /** INS02 (dependent): 01 spouse, 19 child, 34 other adult. */
  readonly relationshipCode?: string;
}

/** One question: the patient's level with what it asks. */
export interface ReadInquiry {
  /** HL01 of the patient's level (the subscriber's or the dependent's). */
  readonly hlId: string;
  /** TRN02 and TRN03 of the patient's level. */
  readonly traceId?: string;
  readonly originatorId?: string;
  readonly payer?: Party;
  readonly provider?: Party;
  readonly subscriber: InquiryPerson;
  readonly dependent?: InquiryPerson;
  /** EQ01 of every EQ of the patient's level. */
  readonly serviceTypes: readonly string[];
  /** DTP*291 of the patient's level (2100 or 2110). */
  readonly serviceDate?: string;
  readonly serviceDateEnd?: string;
}

export interface EligibilityInquiry {
  readonly controlNumber: string;
  readonly guide: string;
  /** BHT03. */
  readonly reference?: string;
  /** BHT04. */
  readonly createdDate?: string;
  readonly requests: readonly ReadInquiry[];
  readonly notes: readonly ReadNote[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface LevelDraft {
  hlId: string;
  person: Mutable<InquiryPerson>;
  traceId?: string;
  originatorId?: string;
  serviceTypes: string[];
  serviceDate?: string;
  serviceDateEnd?: string;
  payer?: Party;
  provider?: Party;
  dependents: LevelDraft[];
}

class Walk {
  readonly subscribers: LevelDraft[] = [];
  readonly notes: ReadNote[] = [];
  payer: Party | undefined;
  provider: Party | undefined;
  /** 20, 21, 22 or 23: the level the walk is in. */
  levelCode = "";
  patient: LevelDraft | undefined;

  constructor(private readonly delimiters: Delimiters) {}

  hl(segment: Segment): void {
    const hlId = required(segment, 1);
    this.levelCode = required(segment, 3);
    const draft = (): LevelDraft => ({
      hlId,
      person: {},
      serviceTypes: [],
      dependents: [],
      ...(this.payer === undefined ? {} : { payer: this.payer }),
      ...(this.provider === undefined ? {} : { provider: this.provider }),
    });
    if (this.levelCode === "20") [this.payer, this.provider] = [undefined, undefined];
    if (this.levelCode === "21") this.provider = undefined;
    if (this.levelCode === "22") {
      this.patient = draft();
      this.subscribers.push(this.patient);
    } else if (this.levelCode === "23") {
      const subscriber = this.subscribers.at(-1);
      if (subscriber === undefined) throw segmentMisplaced(segment, "comes before any subscriber");
      this.patient = draft();
      subscriber.dependents.push(this.patient);
    } else if (this.levelCode !== "20" && this.levelCode !== "21") {
      throw readFailed(segment, 3, "is not a 270 hierarchical level code (20, 21, 22, 23)");
    }
  }

  nm1(segment: Segment): void {
    const party = readNm1(segment);
    if (this.levelCode === "20") this.payer = party;
    else if (this.levelCode === "21") this.provider = party;
    else if (this.patient !== undefined) {
      Object.assign(this.patient.person, {
        lastName: party.name,
        firstName: party.firstName,
        middleName: party.middleName,
        suffix: optional(segment, 7),
        memberId: party.id,
      });
    }
  }

  trn(segment: Segment): void {
    if (this.patient === undefined) throw segmentMisplaced(segment, "comes outside a patient");
    const trace = readTrn(segment);
    this.patient.traceId = trace.number;
    this.patient.originatorId = trace.originatorId;
  }

  dtp(segment: Segment): void {
    const date = readDtp(segment, this.notes);
    if (date?.qualifier !== "291" || this.patient === undefined) return;
    this.patient.serviceDate = date.from;
    this.patient.serviceDateEnd = date.to;
  }

  dmg(segment: Segment): void {
    if (this.patient === undefined) return;
    if (optional(segment, 1) === "D8") {
      this.patient.person.birthDate = optionalDate(segment, 2, this.notes);
    }
    this.patient.person.sex = optional(segment, 3);
  }

  eq(segment: Segment): void {
    if (this.patient === undefined) throw segmentMisplaced(segment, "comes outside a patient");
    this.patient.serviceTypes.push(...repetitions(optional(segment, 1) ?? "", this.delimiters));
  }

  other(segment: Segment): void {
    if (this.patient === undefined) return;
    if (segment.id === "REF" && optional(segment, 1) === "6P") {
      this.patient.person.groupNumber = required(segment, 2);
    } else if (segment.id === "INS") {
      this.patient.person.relationshipCode = optional(segment, 2);
    }
  }
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function inquiryOf(patient: LevelDraft, subscriber: LevelDraft): ReadInquiry {
  const isDependent = patient !== subscriber;
  return clean({
    hlId: patient.hlId,
    traceId: patient.traceId,
    originatorId: patient.originatorId,
    payer: patient.payer,
    provider: patient.provider,
    subscriber: clean(subscriber.person),
    dependent: isDependent ? clean(patient.person) : undefined,
    serviceTypes: patient.serviceTypes,
    serviceDate: patient.serviceDate,
    serviceDateEnd: patient.serviceDateEnd,
  });
}

/** Reads a 270. Throws X12_READ_FAILED (ClaimgateError) on a malformed segment. */
export function read270(set: TransactionSet, delimiters: Delimiters): EligibilityInquiry {
  expectSetId(set.segments, "270", "270");
  const walk = new Walk(delimiters);
  let reference: string | undefined;
  let createdDate: string | undefined;
  for (const segment of set.segments) {
    if (segment.id === "BHT") {
      reference = optional(segment, 3);
      createdDate = optionalDate(segment, 4, walk.notes);
    } else if (segment.id === "HL") walk.hl(segment);
    else if (segment.id === "NM1") walk.nm1(segment);
    else if (segment.id === "TRN") walk.trn(segment);
    else if (segment.id === "DTP") walk.dtp(segment);
    else if (segment.id === "DMG") walk.dmg(segment);
    else if (segment.id === "EQ") walk.eq(segment);
    else walk.other(segment);
  }
  const requests = walk.subscribers.flatMap((s) =>
    s.dependents.length === 0 ? [inquiryOf(s, s)] : s.dependents.map((d) => inquiryOf(d, s)),
  );
  return clean({
    controlNumber: set.controlNumber,
    guide: set.guide,
    reference,
    createdDate,
    requests,
    notes: walk.notes,
  });
}

const RELATIONSHIPS = Object.fromEntries(
  Object.entries(DEPENDENT_RELATIONSHIP_CODES).map(([name, code]) => [code, name]),
) as Readonly<Record<string, DependentRelationship>>;

function sexOf(code: string | undefined): "F" | "M" | undefined {
  return code === "F" || code === "M" ? code : undefined;
}

/**
 * The read question as an `EligibilityRequest`, or undefined when the 270 lacks what a request
 * needs (a TRN, the provider's NPI, the payer, the member id, the subscriber's last name, a
 * DTP*291 date of service).
 */
export function asEligibilityRequest(read: ReadInquiry): EligibilityRequest | undefined {
  const { payer, provider, subscriber: s, dependent: d } = read;
  if (read.traceId === undefined || read.serviceDate === undefined) return undefined;
  if (provider?.idQualifier !== "XX" || provider.id === undefined || provider.name === undefined) {
    return undefined;
  }
  if (payer?.id === undefined || payer.name === undefined) return undefined;
  if (s.memberId === undefined || s.lastName === undefined) return undefined;
  if (d !== undefined && d.lastName === undefined) return undefined;
  return clean({
    traceId: read.traceId,
    provider: clean({ npi: provider.id, name: provider.name, firstName: provider.firstName }),
    payer: { id: payer.id, name: payer.name },
    subscriber: clean({
      ...s,
      memberId: s.memberId,
      lastName: s.lastName,
      sex: sexOf(s.sex),
      relationshipCode: undefined,
    }),
    dependent:
      d === undefined
        ? undefined
        : clean({
            ...d,
            lastName: d.lastName as string,
            sex: sexOf(d.sex),
            memberId: undefined,
            groupNumber: undefined,
            relationshipCode: undefined,
            relationship:
              d.relationshipCode === undefined ? undefined : RELATIONSHIPS[d.relationshipCode],
          }),
    serviceTypes: read.serviceTypes,
    serviceDate: read.serviceDate,
    serviceDateEnd: read.serviceDateEnd,
  });
}
