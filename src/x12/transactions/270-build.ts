/**
 * 270 eligibility inquiry (005010X279A1) from eligibility requests.
 *
 * The hierarchy: 2000A information source (the payer, HL 20), 2000B information receiver (the
 * provider, HL 21), 2000C subscriber (HL 22) and, when the patient is a dependent, 2000D (HL
 * 23). Requests to the same payer share one 2000A, and from the same provider under it one
 * 2000B; each request gets its own 2000C. The patient's level (the subscriber's, or the
 * dependent's) carries TRN*1*<trace id>*<originator>, the DTP*291 date of service and one EQ
 * per service type, so the payer's 271 can be matched back by its TRN.
 */
import type {
  DependentRelationship,
  EligibilityPerson,
  EligibilityRequest,
} from "../../domain/eligibility.js";
import { serviceTypesOf } from "../../domain/eligibility.js";
import type { Delimiters, SegmentInput } from "../segment.js";
import { buildInterchange } from "../writer.js";
import type { InterchangeParty, TransactionSetInput } from "../writer.js";
import { buildInvalid, datePeriod, d8, seg } from "./837-common.js";

export const GUIDE_270 = "005010X279A1";

/** 270 INS02 codes of a dependent. */
export const DEPENDENT_RELATIONSHIP_CODES: Readonly<Record<DependentRelationship, string>> = {
  spouse: "01",
  child: "19",
  other: "34",
};

export interface Build270Options {
  /** ST02 (4 to 9 digits). */
  readonly controlNumber: string;
  /** BHT03: our reference for the whole inquiry (the 271 echoes it). */
  readonly reference: string;
  /** BHT04 CCYYMMDD and BHT05 HHMM. */
  readonly date: string;
  readonly time: string;
  /** TRN03: our originating company id, 10 characters ("1" + EIN by convention). */
  readonly originatorId: string;
}

/** Where one request lies in its ST..SE, counted as 999 IK302 counts (ST = 1). */
export interface InquiryRange {
  readonly traceId: string;
  /** The request's 2000C HL. */
  readonly segmentFrom: number;
  /** Its last segment (last EQ of its 2110C or 2110D). */
  readonly segmentTo: number;
}

export interface Built270 {
  /** For `buildInterchange`: ST02, guide and the body between ST and SE. */
  readonly set: TransactionSetInput;
  /** ST..SE with SE01 counted. */
  readonly segments: readonly SegmentInput[];
  readonly requests: readonly InquiryRange[];
}

/** One patient of a 270 or 271 in hierarchy parts, HL segments left to `eligibilityHierarchy`. */
export interface EligibilityParts {
  readonly traceId: string;
  /** Patients with equal keys share one 2000A (then one 2000B under it). */
  readonly sourceKey: string;
  readonly receiverKey: string;
  /** 2000A after its HL (2100A, and in a 271 any AAA). */
  readonly source: readonly SegmentInput[];
  /** 2000B after its HL. */
  readonly receiver: readonly SegmentInput[];
  /** 2000C after its HL. */
  readonly subscriber: readonly SegmentInput[];
  /** 2000D after its HL, when the patient is a dependent. */
  readonly dependent?: readonly SegmentInput[];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return [...groups.values()];
}

/**
 * The HL tree of a 270 or 271: consecutive HL01 from 1, HL02 parent links, HL04 child codes.
 * `firstPosition` is the position of the first returned segment (ST = 1).
 */
export function eligibilityHierarchy(
  patients: readonly EligibilityParts[],
  firstPosition: number,
): { body: SegmentInput[]; ranges: InquiryRange[] } {
  const body: SegmentInput[] = [];
  const ranges: InquiryRange[] = [];
  let hl = 0;
  for (const bySource of groupBy(patients, (p) => p.sourceKey)) {
    const sourceHl = String(++hl);
    body.push(seg("HL", sourceHl, "", "20", "1"), ...(bySource[0]?.source ?? []));
    for (const byReceiver of groupBy(bySource, (p) => p.receiverKey)) {
      const receiverHl = String(++hl);
      body.push(seg("HL", receiverHl, sourceHl, "21", "1"), ...(byReceiver[0]?.receiver ?? []));
      for (const patient of byReceiver) {
        const segmentFrom = firstPosition + body.length;
        const subscriberHl = String(++hl);
        const hasDependent = patient.dependent !== undefined;
        body.push(
          seg("HL", subscriberHl, receiverHl, "22", hasDependent ? "1" : "0"),
          ...patient.subscriber,
        );
        if (patient.dependent !== undefined) {
          body.push(seg("HL", String(++hl), subscriberHl, "23", "0"), ...patient.dependent);
        }
        ranges.push({
          traceId: patient.traceId,
          segmentFrom,
          segmentTo: firstPosition + body.length - 1,
        });
      }
    }
  }
  return { body, ranges };
}

/** NM103..NM107 of a person: last, first, middle, (prefix not used), suffix. */
export function personNames(person: EligibilityPerson): string[] {
  return [
    person.lastName,
    person.firstName ?? "",
    person.middleName ?? "",
    "",
    person.suffix ?? "",
  ];
}

/** DMG*D8*birth date*sex, or nothing when neither is known. */
export function demographics(person: EligibilityPerson, field: string): SegmentInput[] {
  if (person.birthDate === undefined && person.sex === undefined) return [];
  const birth = person.birthDate === undefined ? "" : d8(person.birthDate, `${field}.birthDate`);
  return [seg("DMG", birth === "" ? "" : "D8", birth, person.sex ?? "")];
}

function inquiry(request: EligibilityRequest): SegmentInput[] {
  const types = serviceTypesOf(request);
  if (types.length === 0) throw buildInvalid("a request needs at least one service type");
  return types.map((code) => seg("EQ", code));
}

function trace(request: EligibilityRequest, originatorId: string): SegmentInput {
  if (request.traceId === "") throw buildInvalid("a request needs a trace id (TRN02)");
  return seg("TRN", "1", request.traceId, originatorId);
}

function serviceDate(request: EligibilityRequest): SegmentInput {
  const period = datePeriod(request.serviceDate, request.serviceDateEnd, "serviceDate");
  return seg("DTP", "291", ...period);
}

function subscriberLevel(request: EligibilityRequest, originatorId: string): SegmentInput[] {
  const s = request.subscriber;
  const isPatient = request.dependent === undefined;
  return [
    ...(isPatient ? [trace(request, originatorId)] : []),
    seg("NM1", "IL", "1", ...personNames(s), "MI", s.memberId),
    ...(s.groupNumber === undefined ? [] : [seg("REF", "6P", s.groupNumber)]),
    ...demographics(s, "subscriber"),
    ...(isPatient ? [serviceDate(request), ...inquiry(request)] : []),
  ];
}

function dependentLevel(request: EligibilityRequest, originatorId: string) {
  const d = request.dependent;
  if (d === undefined) return undefined;
  const relationship = d.relationship;
  return [
    trace(request, originatorId),
    seg("NM1", "03", "1", ...personNames(d)),
    ...demographics(d, "dependent"),
    ...(relationship === undefined
      ? []
      : [seg("INS", "N", DEPENDENT_RELATIONSHIP_CODES[relationship])]),
    serviceDate(request),
    ...inquiry(request),
  ];
}

/** One request as its hierarchy parts. */
export function inquiryParts(request: EligibilityRequest, originatorId: string): EligibilityParts {
  const { payer, provider } = request;
  const entity = provider.firstName === undefined ? "2" : "1";
  const dependent = dependentLevel(request, originatorId);
  return {
    traceId: request.traceId,
    sourceKey: payer.id,
    receiverKey: provider.npi,
    source: [seg("NM1", "PR", "2", payer.name, "", "", "", "", "PI", payer.id)],
    receiver: [
      seg(
        "NM1",
        "1P",
        entity,
        provider.name,
        provider.firstName ?? "",
        "",
        "",
        "",
        "XX",
        provider.npi,
      ),
    ],
    subscriber: subscriberLevel(request, originatorId),
    ...(dependent === undefined ? {} : { dependent }),
  };
}

function checkOptions(options: Build270Options): void {
  if (!/^\d{4,9}$/.test(options.controlNumber)) {
    throw buildInvalid("ST02 control number must be 4 to 9 digits");
  }
  if (options.originatorId.length !== 10) {
    throw buildInvalid("TRN03 originator id must be 10 characters");
  }
}

function checkUniqueTraces(requests: readonly EligibilityRequest[]): void {
  if (new Set(requests.map((r) => r.traceId)).size !== requests.length) {
    throw buildInvalid("trace ids must be unique in a 270");
  }
}

/** One ST..SE 270 asking every request, grouped by payer and provider. */
export function build270(
  requests: readonly EligibilityRequest[],
  options: Build270Options,
): Built270 {
  if (requests.length === 0) throw buildInvalid("a 270 needs at least one request");
  checkOptions(options);
  checkUniqueTraces(requests);
  // BHT02 13 request; BHT06 is not used by the 005010X279A1 guide.
  const head = [seg("BHT", "0022", "13", options.reference, options.date, options.time)];
  const parts = requests.map((r) => inquiryParts(r, options.originatorId));
  const tree = eligibilityHierarchy(parts, 2 + head.length);
  const body = [...head, ...tree.body];
  const { controlNumber } = options;
  return {
    set: { id: "270", controlNumber, guide: GUIDE_270, body },
    segments: [
      seg("ST", "270", controlNumber, GUIDE_270),
      ...body,
      seg("SE", String(body.length + 2), controlNumber),
    ],
    requests: tree.ranges,
  };
}

export const DEFAULT_DELIMITERS_270: Delimiters = {
  element: "*",
  repetition: "^",
  component: ":",
  segment: "~",
};

export interface Interchange270Options extends Omit<Build270Options, "controlNumber"> {
  /** ISA05/06 and ISA07/08. */
  readonly interchangeSender: InterchangeParty;
  readonly interchangeReceiver: InterchangeParty;
  /** GS02 / GS03 application codes. */
  readonly groupSender: string;
  readonly groupReceiver: string;
  readonly usage: "T" | "P";
  /** Allocated by the caller (the store): ISA13, GS06 and ST02. */
  readonly controlNumbers: { readonly isa: number; readonly gs: number; readonly st: number };
  readonly acknowledgmentRequested?: "0" | "1";
  readonly delimiters?: Delimiters;
  readonly lineBreak?: string;
}

type Envelope270 = Omit<Interchange270Options, "reference" | "originatorId" | "controlNumbers"> & {
  readonly controlNumbers: { readonly isa: number; readonly gs: number };
};

/** ISA, one GS*HS with these 270 sets, GE, IEA. */
function envelope270(sets: readonly TransactionSetInput[], options: Envelope270): string {
  return buildInterchange({
    sender: options.interchangeSender,
    receiver: options.interchangeReceiver,
    controlNumber: options.controlNumbers.isa,
    date: options.date,
    time: options.time,
    usage: options.usage,
    delimiters: options.delimiters ?? DEFAULT_DELIMITERS_270,
    ...(options.acknowledgmentRequested === undefined
      ? {}
      : { acknowledgmentRequested: options.acknowledgmentRequested }),
    ...(options.lineBreak === undefined ? {} : { lineBreak: options.lineBreak }),
    groups: [
      {
        functionalId: "HS",
        sender: options.groupSender,
        receiver: options.groupReceiver,
        controlNumber: options.controlNumbers.gs,
        version: GUIDE_270,
        transactionSets: sets,
      },
    ],
  });
}

/** A whole interchange (ISA, GS*HS, one 270, GE, IEA) asking every request. */
export function build270Interchange(
  requests: readonly EligibilityRequest[],
  options: Interchange270Options,
): { readonly text: string; readonly built: Built270 } {
  const controlNumber = String(options.controlNumbers.st).padStart(4, "0");
  const built = build270(requests, { ...options, controlNumber });
  return { text: envelope270([built.set], options), built };
}

/** One request of a 270 file and the BHT03 of the transaction set that carries it. */
export interface Inquiry270 {
  readonly request: EligibilityRequest;
  readonly reference: string;
}

export interface Batch270Options extends Omit<
  Interchange270Options,
  "reference" | "controlNumbers"
> {
  /** ISA13 and GS06; the sets get ST02 0001, 0002 ... in request order. */
  readonly controlNumbers: { readonly isa: number; readonly gs: number };
}

/**
 * A whole interchange with one 270 transaction set per request, each with its own BHT03.
 * One set a request (rather than several 2000C loops in one set) so that a 999 rejecting
 * one set (IK5 R) rejects that request only, and a 271 echoing no trace still names its
 * request by BHT03.
 */
export function build270Batch(
  inquiries: readonly Inquiry270[],
  options: Batch270Options,
): { readonly text: string; readonly sets: readonly Built270[] } {
  if (inquiries.length === 0) throw buildInvalid("a 270 needs at least one request");
  checkUniqueTraces(inquiries.map((i) => i.request));
  const sets = inquiries.map((inquiry, index) =>
    build270([inquiry.request], {
      ...options,
      reference: inquiry.reference,
      controlNumber: String(index + 1).padStart(4, "0"),
    }),
  );
  const text = envelope270(
    sets.map((s) => s.set),
    options,
  );
  return { text, sets };
}
