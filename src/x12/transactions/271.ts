/**
 * 271 eligibility benefit response (005010X279A1) → typed EligibilityResponse.
 *
 * HL 20 information source (payer), 21 information receiver (provider), 22 subscriber and
 * 23 dependent. Each subscriber or dependent carries its traces (TRN), demographics, dates and
 * its benefits (EB, with the DTP, MSG, REF and LS/LE related entities of loop 2110/2120).
 * AAA request validation errors are kept on the level they appear at.
 */
import type { TransactionSet } from "../interchange.js";
import type { Delimiters, Segment } from "../segment.js";
import { optionalCents } from "./amounts.js";
import {
  components,
  expectSetId,
  optional,
  optionalDate,
  optionalDecimal,
  readDtp,
  readFailed,
  readNm1,
  readRef,
  readTrn,
  repetitions,
  required,
  segmentMisplaced,
} from "./common.js";
import type { DatePeriod, Party, ReadNote, Reference, Trace } from "./common.js";

/** AAA: the payer could not answer (part of) the request. */
export interface RequestError {
  readonly position: number;
  /** AAA01: Y the request was valid (the answer is an error anyway), N it was not. */
  readonly validRequest: boolean;
  /** AAA03 reject reason code, e.g. "72" invalid member id, "75" subscriber not found. */
  readonly code: string;
  /** AAA04 follow-up action code, e.g. "C" correct and resubmit, "R" resubmit. */
  readonly followUp?: string;
}

/** One EB segment with its 2110 loop. */
export interface Benefit {
  readonly position: number;
  /** EB01 eligibility or benefit information code: 1 active, 6 inactive, A coinsurance, B copay, C deductible, G out of pocket, … */
  readonly infoCode: string;
  /** EB02 coverage level, e.g. IND, FAM. */
  readonly coverageLevel?: string;
  /** EB03 service type codes (repeatable), e.g. 30 health benefit plan coverage. */
  readonly serviceTypes: readonly string[];
  /** EB04 insurance type, e.g. HM, PR, MB. */
  readonly insuranceType?: string;
  /** EB05 plan coverage description. */
  readonly planDescription?: string;
  /** EB06 time period qualifier, e.g. 23 calendar year, 27 visit, 29 remaining. */
  readonly timePeriod?: string;
  /** EB07 monetary amount. */
  readonly amountCents?: number;
  /** EB08 percent as a decimal fraction (0.2 = 20 %). */
  readonly percent?: number;
  /** EB09 quantity qualifier, e.g. VS visits. */
  readonly quantityQualifier?: string;
  /** EB10. */
  readonly quantity?: number;
  /** EB11 authorization or certification required: Y, N, U. */
  readonly authorizationRequired?: string;
  /** EB12 in plan network: Y in network, N out of network, W not applicable. */
  readonly inNetwork?: string;
  /** EB13 procedure composite components. */
  readonly procedure?: readonly string[];
  readonly dates: readonly DatePeriod[];
  /** MSG01 free-form messages. */
  readonly messages: readonly string[];
  readonly references: readonly Reference[];
  /** NM1 of the 2120 loop between LS and LE (e.g. primary care provider, other payer). */
  readonly relatedEntities: readonly Party[];
  readonly errors: readonly RequestError[];
}

/** The information source (HL 20) or receiver (HL 21). */
export interface EligibilityLevel {
  readonly hlId: string;
  readonly parentHlId?: string;
  readonly party?: Party;
  readonly errors: readonly RequestError[];
}

/** A subscriber (HL 22) or dependent (HL 23) with its coverage. */
export interface MemberEligibility {
  readonly hlId: string;
  readonly parentHlId?: string;
  readonly level: "subscriber" | "dependent";
  readonly traces: readonly Trace[];
  readonly member?: Party;
  /** DMG02 date of birth. */
  readonly birthDate?: string;
  /** DMG03 gender code. */
  readonly gender?: string;
  /** INS02 individual relationship code (dependent). */
  readonly relationship?: string;
  /** DTP of loop 2100C/D, e.g. 346 plan begin, 291 plan. */
  readonly dates: readonly DatePeriod[];
  readonly references: readonly Reference[];
  readonly benefits: readonly Benefit[];
  readonly errors: readonly RequestError[];
  readonly source?: EligibilityLevel;
  readonly receiver?: EligibilityLevel;
}

export interface EligibilityResponse {
  readonly controlNumber: string;
  readonly guide: string;
  /** BHT03 reference identification (echoes the 270's). */
  readonly reference?: string;
  /** BHT04 creation date. */
  readonly createdDate?: string;
  readonly sources: readonly EligibilityLevel[];
  readonly receivers: readonly EligibilityLevel[];
  readonly members: readonly MemberEligibility[];
  readonly notes: readonly ReadNote[];
}

/** Every AAA error of the response, at any level. */
export function allRequestErrors(response: EligibilityResponse): RequestError[] {
  return [
    ...response.sources.flatMap((level) => level.errors),
    ...response.receivers.flatMap((level) => level.errors),
    ...response.members.flatMap((member) => [
      ...member.errors,
      ...member.benefits.flatMap((benefit) => benefit.errors),
    ]),
  ];
}

function readAaa(segment: Segment): RequestError {
  const valid = required(segment, 1);
  if (valid !== "Y" && valid !== "N") throw readFailed(segment, 1, "is not Y or N");
  return {
    position: segment.position,
    validRequest: valid === "Y",
    code: required(segment, 3),
    followUp: optional(segment, 4),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type LevelDraft = Mutable<EligibilityLevel> & { errors: RequestError[] };
type BenefitDraft = Mutable<Benefit> & {
  dates: DatePeriod[];
  messages: string[];
  references: Reference[];
  relatedEntities: Party[];
  errors: RequestError[];
};
type MemberDraft = Mutable<MemberEligibility> & {
  traces: Trace[];
  dates: DatePeriod[];
  references: Reference[];
  benefits: BenefitDraft[];
  errors: RequestError[];
};

function readEb(segment: Segment, delimiters: Delimiters): BenefitDraft {
  const procedure = optional(segment, 13);
  return {
    position: segment.position,
    infoCode: required(segment, 1),
    coverageLevel: optional(segment, 2),
    serviceTypes: repetitions(optional(segment, 3) ?? "", delimiters),
    insuranceType: optional(segment, 4),
    planDescription: optional(segment, 5),
    timePeriod: optional(segment, 6),
    amountCents: optionalCents(segment, 7),
    percent: optionalDecimal(segment, 8),
    quantityQualifier: optional(segment, 9),
    quantity: optionalDecimal(segment, 10),
    authorizationRequired: optional(segment, 11),
    inNetwork: optional(segment, 12),
    procedure: procedure === undefined ? undefined : components(procedure, delimiters),
    dates: [],
    messages: [],
    references: [],
    relatedEntities: [],
    errors: [],
  };
}

/** The 271 walk: the current level, member, benefit and whether inside LS … LE. */
class Walk {
  readonly sources: LevelDraft[] = [];
  readonly receivers: LevelDraft[] = [];
  readonly members: MemberDraft[] = [];
  readonly notes: ReadNote[] = [];
  level: LevelDraft | undefined;
  source: LevelDraft | undefined;
  receiver: LevelDraft | undefined;
  member: MemberDraft | undefined;
  benefit: BenefitDraft | undefined;
  inRelatedEntity = false;

  constructor(private readonly delimiters: Delimiters) {}

  hl(segment: Segment): void {
    const hlId = required(segment, 1);
    const parentHlId = optional(segment, 2);
    const code = required(segment, 3);
    [this.level, this.member, this.benefit, this.inRelatedEntity] = [
      undefined,
      undefined,
      undefined,
      false,
    ];
    if (code === "20" || code === "21") {
      const level: LevelDraft = { hlId, parentHlId, errors: [] };
      if (code === "20") [this.source, this.receiver] = [level, undefined];
      else this.receiver = level;
      (code === "20" ? this.sources : this.receivers).push(level);
      this.level = level;
    } else if (code === "22" || code === "23") {
      this.member = {
        hlId,
        parentHlId,
        level: code === "22" ? "subscriber" : "dependent",
        traces: [],
        dates: [],
        references: [],
        benefits: [],
        errors: [],
        source: this.source,
        receiver: this.receiver,
      };
      this.members.push(this.member);
    } else {
      throw readFailed(segment, 3, "is not a 271 hierarchical level code (20, 21, 22, 23)");
    }
  }

  nm1(segment: Segment): void {
    const party = readNm1(segment);
    if (this.inRelatedEntity && this.benefit !== undefined) {
      this.benefit.relatedEntities.push(party);
    } else if (this.member !== undefined) this.member.member = party;
    else if (this.level !== undefined) this.level.party = party;
  }

  aaa(segment: Segment): void {
    const error = readAaa(segment);
    const holder = this.benefit ?? this.member ?? this.level;
    if (holder === undefined) throw segmentMisplaced(segment, "comes outside an HL level");
    holder.errors.push(error);
  }

  eb(segment: Segment): void {
    if (this.member === undefined) {
      throw segmentMisplaced(segment, "comes outside a subscriber or dependent level");
    }
    this.benefit = readEb(segment, this.delimiters);
    this.inRelatedEntity = false;
    this.member.benefits.push(this.benefit);
  }

  dtp(segment: Segment): void {
    const date = readDtp(segment, this.notes);
    if (date === undefined) return;
    (this.benefit ?? this.member)?.dates.push(date);
  }

  dmg(segment: Segment): void {
    if (this.member === undefined) return;
    if (optional(segment, 1) === "D8") this.member.birthDate = optionalDate(segment, 2, this.notes);
    this.member.gender = optional(segment, 3);
  }

  ref(segment: Segment): void {
    (this.benefit ?? this.member)?.references.push(readRef(segment));
  }
}

/** Reads a 271. Throws X12_READ_FAILED (ClaimgateError) on a malformed segment. */
export function read271(set: TransactionSet, delimiters: Delimiters): EligibilityResponse {
  expectSetId(set.segments, "271", "271");
  const walk = new Walk(delimiters);
  let reference: string | undefined;
  let createdDate: string | undefined;
  for (const segment of set.segments) {
    switch (segment.id) {
      case "BHT":
        reference = optional(segment, 3);
        createdDate = optionalDate(segment, 4, walk.notes);
        break;
      case "HL":
        walk.hl(segment);
        break;
      case "NM1":
        walk.nm1(segment);
        break;
      case "TRN":
        if (walk.member === undefined) throw segmentMisplaced(segment, "comes outside a member");
        walk.member.traces.push(readTrn(segment));
        break;
      case "AAA":
        walk.aaa(segment);
        break;
      case "DMG":
        walk.dmg(segment);
        break;
      case "INS":
        if (walk.member !== undefined) walk.member.relationship = optional(segment, 2);
        break;
      case "DTP":
        walk.dtp(segment);
        break;
      case "REF":
        walk.ref(segment);
        break;
      case "EB":
        walk.eb(segment);
        break;
      case "MSG":
        walk.benefit?.messages.push(required(segment, 1));
        break;
      case "LS":
        walk.inRelatedEntity = true;
        break;
      case "LE":
        walk.inRelatedEntity = false;
        break;
      default:
        break;
    }
  }
  return {
    controlNumber: set.controlNumber,
    guide: set.guide,
    reference,
    createdDate,
    sources: walk.sources,
    receivers: walk.receivers,
    members: walk.members,
    notes: walk.notes,
  };
}
