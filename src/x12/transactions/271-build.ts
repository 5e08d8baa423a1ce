/**
 * 271 eligibility response (005010X279A1) from answers: what a payer (the sandbox) sends back
 * for a 270. Each answer is one patient under its information source (HL 20) and receiver
 * (HL 21): the subscriber level (HL 22) and, for a dependent, its own level (HL 23), each with
 * TRN traces, NM1, REF, AAA, DMG, INS, DTP and the 2110 benefits (EB with REF, DTP, AAA, MSG
 * and the LS/LE-wrapped 2120 related entities). Answers with the same source share one
 * 2000A, and with the same receiver one 2000B under it, as in the 270.
 */
import type { SegmentInput } from "../segment.js";
import type { TransactionSetInput } from "../writer.js";
import { eligibilityHierarchy, GUIDE_270 } from "./270-build.js";
import type { EligibilityParts } from "./270-build.js";
import { amount, buildInvalid, datePeriod, d8, seg } from "./837-common.js";

/** An NM1 party of a 271 (the source, the receiver, a 2120 related entity). */
export interface Party271 {
  /** NM101, e.g. PR payer, 1P provider; the level's default when absent. */
  readonly entityCode?: string;
  /** NM102: "1" person, "2" non-person entity. */
  readonly entityType: "1" | "2";
  /** NM103: organization or last name. */
  readonly name: string;
  readonly firstName?: string;
  /** NM108 / NM109. */
  readonly idQualifier?: string;
  readonly id?: string;
}

/** AAA*validRequest**code*followUp. */
export interface Error271 {
  readonly validRequest: boolean;
  readonly code: string;
  readonly followUp: string;
}

export interface Date271 {
  readonly qualifier: string;
  readonly from: string;
  readonly to?: string;
}

export interface Benefit271 {
  /** EB01, e.g. 1 active, 6 inactive, A coinsurance, B copay, C deductible, G out of pocket, R other payer. */
  readonly infoCode: string;
  readonly coverageLevel?: string;
  readonly serviceTypes?: readonly string[];
  readonly insuranceType?: string;
  readonly planDescription?: string;
  readonly timePeriod?: string;
  readonly amountCents?: number;
  /** EB08 as a decimal fraction (0.2 = 20 %), as the 271 writes it. */
  readonly percent?: number;
  /** EB12: Y in network, N out of network, W not applicable, U unknown. */
  readonly inNetwork?: "Y" | "N" | "W" | "U";
  readonly dates?: readonly Date271[];
  readonly errors?: readonly Error271[];
  readonly messages?: readonly string[];
  /** 2120 loops, written between LS*2120 and LE*2120. */
  readonly relatedEntities?: readonly (Party271 & { readonly entityCode: string })[];
}

export interface Member271 {
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string;
  readonly suffix?: string;
  /** NM108 MI / NM109 (the subscriber). */
  readonly memberId?: string;
  readonly references?: readonly { readonly qualifier: string; readonly value: string }[];
  readonly errors?: readonly Error271[];
  readonly birthDate?: string;
  readonly sex?: "F" | "M" | "U";
  /** INS02 of a dependent (INS*N*code). */
  readonly relationshipCode?: string;
  readonly dates?: readonly Date271[];
  /** TRN segments: type "2" echoes the 270's trace, "1" is the payer's own. */
  readonly traces?: readonly {
    readonly type: "1" | "2";
    readonly number: string;
    readonly originatorId: string;
  }[];
  readonly benefits?: readonly Benefit271[];
}

export interface Answer271 {
  readonly source: Party271;
  readonly receiver: Party271;
  readonly subscriber: Member271;
  /** The patient when it is a dependent (then it carries the traces and benefits). */
  readonly dependent?: Member271;
}

export interface Build271Options {
  /** ST02 (4 to 9 digits). */
  readonly controlNumber: string;
  /** BHT03: the 270's BHT03, echoed. */
  readonly reference?: string;
  /** BHT04 CCYYMMDD, BHT05 HHMM. */
  readonly date: string;
  readonly time: string;
  /** The interchange's repetition separator, joining EB03 service types. Default "^". */
  readonly repetition?: string;
}

export interface Built271 {
  readonly set: TransactionSetInput;
  readonly segments: readonly SegmentInput[];
}

function partyNm1(party: Party271, defaultCode: string): SegmentInput {
  const names = [party.name, party.firstName ?? "", "", "", ""];
  const id = party.id === undefined ? [] : [party.idQualifier ?? "", party.id];
  return seg("NM1", party.entityCode ?? defaultCode, party.entityType, ...names, ...id);
}

function aaa(error: Error271): SegmentInput {
  return seg("AAA", error.validRequest ? "Y" : "N", "", error.code, error.followUp);
}

function dtp(date: Date271): SegmentInput {
  return seg("DTP", date.qualifier, ...datePeriod(date.from, date.to, `DTP ${date.qualifier}`));
}

function percent(fraction: number | undefined): string {
  if (fraction === undefined) return "";
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw buildInvalid("EB08 percent must be a fraction from 0 to 1");
  }
  return String(fraction);
}

function ebSegment(b: Benefit271, repetition: string): SegmentInput {
  return seg(
    "EB",
    b.infoCode,
    b.coverageLevel ?? "",
    [...(b.serviceTypes ?? [])].join(repetition),
    b.insuranceType ?? "",
    b.planDescription ?? "",
    b.timePeriod ?? "",
    b.amountCents === undefined ? "" : amount(b.amountCents),
    percent(b.percent),
    "",
    "",
    "",
    b.inNetwork ?? "",
  );
}

function benefitLoop(benefit: Benefit271, repetition: string): SegmentInput[] {
  const entities = benefit.relatedEntities ?? [];
  return [
    ebSegment(benefit, repetition),
    ...(benefit.dates ?? []).map(dtp),
    ...(benefit.errors ?? []).map(aaa),
    ...(benefit.messages ?? []).map((text) => seg("MSG", text)),
    ...(entities.length === 0
      ? []
      : [seg("LS", "2120"), ...entities.map((e) => partyNm1(e, e.entityCode)), seg("LE", "2120")]),
  ];
}

function memberLevel(member: Member271, code: "IL" | "03", repetition: string): SegmentInput[] {
  const names = [
    member.lastName ?? "",
    member.firstName ?? "",
    member.middleName ?? "",
    "",
    member.suffix ?? "",
  ];
  const id = member.memberId === undefined ? [] : ["MI", member.memberId];
  const birth = member.birthDate === undefined ? "" : d8(member.birthDate, "birthDate");
  const hasDmg = birth !== "" || member.sex !== undefined;
  return [
    ...(member.traces ?? []).map((t) => seg("TRN", t.type, t.number, t.originatorId)),
    seg("NM1", code, "1", ...names, ...id),
    ...(member.references ?? []).map((r) => seg("REF", r.qualifier, r.value)),
    ...(member.errors ?? []).map(aaa),
    ...(hasDmg ? [seg("DMG", birth === "" ? "" : "D8", birth, member.sex ?? "")] : []),
    ...(member.relationshipCode === undefined ? [] : [seg("INS", "N", member.relationshipCode)]),
    ...(member.dates ?? []).map(dtp),
    ...(member.benefits ?? []).flatMap((b) => benefitLoop(b, repetition)),
  ];
}

function partyKey(party: Party271): string {
  return [party.entityCode, party.name, party.idQualifier, party.id].join("|");
}

function answerParts(answer: Answer271, repetition: string): EligibilityParts {
  const patient = answer.dependent ?? answer.subscriber;
  const dependent =
    answer.dependent === undefined ? undefined : memberLevel(answer.dependent, "03", repetition);
  return {
    traceId: patient.traces?.find((t) => t.type === "2")?.number ?? "",
    sourceKey: partyKey(answer.source),
    receiverKey: partyKey(answer.receiver),
    source: [partyNm1(answer.source, "PR")],
    receiver: [partyNm1(answer.receiver, "1P")],
    subscriber: memberLevel(answer.subscriber, "IL", repetition),
    ...(dependent === undefined ? {} : { dependent }),
  };
}

/** One ST..SE 271 answering every answer's patient. */
export function build271(answers: readonly Answer271[], options: Build271Options): Built271 {
  if (answers.length === 0) throw buildInvalid("a 271 needs at least one answer");
  if (!/^\d{4,9}$/.test(options.controlNumber)) {
    throw buildInvalid("ST02 control number must be 4 to 9 digits");
  }
  const head = [seg("BHT", "0022", "11", options.reference ?? "", options.date, options.time)];
  const repetition = options.repetition ?? "^";
  const parts = answers.map((a) => answerParts(a, repetition));
  const tree = eligibilityHierarchy(parts, 2 + head.length);
  const body = [...head, ...tree.body];
  const { controlNumber } = options;
  return {
    set: { id: "271", controlNumber, guide: GUIDE_270, body },
    segments: [
      seg("ST", "271", controlNumber, GUIDE_270),
      ...body,
      seg("SE", String(body.length + 2), controlNumber),
    ],
  };
}
