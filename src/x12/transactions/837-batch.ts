/**
 * The 837 batcher: coded encounters into one interchange (ISA/GS) of 837 transaction sets.
 *
 * Claims are grouped by billing provider (order of first appearance) and each group is cut
 * into sets of at most `maxClaimsPerSt` claims (the guides allow 5000 CLM per ST), so every
 * set carries one billing provider. ST control numbers run from `controlNumbers.firstSt`.
 * For each set the result lists its claims with their segment range (ST = 1, as 999 IK302
 * counts): from the claim's 2000B HL to its last segment; `claimsAtPosition` maps a 999
 * IK3 position back to the claims it concerns.
 */
import type { CodedEncounter } from "../../domain/encounter.js";
import type { Delimiters } from "../segment.js";
import { buildInterchange } from "../writer.js";
import type { InterchangeParty, WrittenSetInput } from "../writer.js";
import { GUIDES, buildInvalid, transactionHead } from "./837-common.js";
import type {
  BuiltParts,
  ClaimIds,
  ClaimRange,
  Kind837,
  Receiver,
  Submitter,
} from "./837-common.js";
import { PartWriter, writeSet } from "./837-written.js";
import type { WrittenClaim, WrittenPart } from "./837-written.js";
import { claimInto837i } from "./837i.js";
import { claimInto837p } from "./837p.js";

/** The guides' limit of claims (CLM) in one transaction set. */
export const MAX_CLAIMS_PER_ST = 5000;

export const DEFAULT_DELIMITERS: Delimiters = {
  element: "*",
  repetition: "^",
  component: ":",
  segment: "~",
};

export interface BatchClaim {
  readonly encounter: CodedEncounter;
  readonly submissionId: string;
  /** REF*6R per line index, overriding the lines' own. */
  readonly lineControlNumbers?: readonly (string | undefined)[];
}

export interface BatchOptions {
  readonly kind: Kind837;
  /** ISA05/06 and ISA07/08. */
  readonly interchangeSender: InterchangeParty;
  readonly interchangeReceiver: InterchangeParty;
  /** GS02 / GS03 application codes. */
  readonly groupSender: string;
  readonly groupReceiver: string;
  /** 1000A and 1000B. */
  readonly submitter: Submitter;
  readonly receiver: Receiver;
  readonly usage: "T" | "P";
  /** Allocated by the caller (the store): ISA13, GS06 and the first ST02. */
  readonly controlNumbers: { readonly isa: number; readonly gs: number; readonly firstSt: number };
  /** At most this many claims per ST (default and ceiling: 5000). */
  readonly maxClaimsPerSt?: number;
  /** CCYYMMDD and HHMM for ISA, GS and BHT. */
  readonly date: string;
  readonly time: string;
  /** BHT03 is this prefix followed by the ST control number (default: the ST02 alone). */
  readonly bhtReferencePrefix?: string;
  readonly acknowledgmentRequested?: "0" | "1";
  readonly delimiters?: Delimiters;
  readonly lineBreak?: string;
}

export interface BatchedSet {
  /** ST02. */
  readonly controlNumber: string;
  readonly claims: readonly ClaimRange[];
  /** SE01: segments ST through SE. */
  readonly segmentCount: number;
}

export interface Batch837 {
  readonly text: string;
  readonly transactionSets: readonly BatchedSet[];
}

/** One claim built straight into text by `writer` (see 837-written.ts). */
function writeClaim(claim: BatchClaim, kind: Kind837, writer: PartWriter): BuiltParts<WrittenPart> {
  const ids: ClaimIds =
    claim.lineControlNumbers === undefined
      ? { submissionId: claim.submissionId }
      : { submissionId: claim.submissionId, lineControlNumbers: claim.lineControlNumbers };
  const { encounter } = claim;
  if (kind === "837p" && encounter.kind === "professional") {
    return claimInto837p(encounter, ids, writer);
  }
  if (kind === "837i" && encounter.kind === "institutional") {
    return claimInto837i(encounter, ids, writer);
  }
  throw buildInvalid(`an ${encounter.kind} encounter cannot go into an ${kind.toUpperCase()}`);
}

/** Every claim written, claims of one billing provider sharing its first claim's text. */
function writeClaims(
  claims: readonly BatchClaim[],
  kind: Kind837,
  writer: PartWriter,
): WrittenClaim[] {
  const providers = new Map<string, WrittenPart>();
  const written: WrittenClaim[] = [];
  for (const claim of claims) {
    const parts = writeClaim(claim, kind, writer);
    const key = parts.billingProviderKey;
    let provider = providers.get(key);
    if (provider === undefined) {
      provider = parts.billingProvider;
      providers.set(key, provider);
    }
    written.push({
      submissionId: parts.submissionId,
      patientControlNumber: parts.patientControlNumber,
      billingProviderKey: key,
      billingProvider: provider,
      subscriber: parts.subscriber,
      patient: parts.patient,
      claim: parts.claim,
    });
  }
  return written;
}

/** Claims cut into sets: one billing provider a set, at most `max` claims each. */
function chunk(claims: readonly WrittenClaim[], max: number): WrittenClaim[][] {
  const groups = new Map<string, WrittenClaim[]>();
  for (const c of claims) {
    const group = groups.get(c.billingProviderKey);
    if (group === undefined) groups.set(c.billingProviderKey, [c]);
    else group.push(c);
  }
  const sets: WrittenClaim[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += max) sets.push(group.slice(i, i + max));
  }
  return sets;
}

function checkUnique(claims: readonly WrittenClaim[]): void {
  const submissions = new Set<string>();
  const pcns = new Set<string>();
  for (const c of claims) {
    submissions.add(c.submissionId);
    pcns.add(c.patientControlNumber);
  }
  if (submissions.size !== claims.length || pcns.size !== claims.length) {
    throw buildInvalid("submission ids and patient control numbers must be unique in a batch");
  }
}

/** Coded encounters into one interchange of 837 sets, with each claim's segment range. */
export function batch837(claims: readonly BatchClaim[], options: BatchOptions): Batch837 {
  const max = options.maxClaimsPerSt ?? MAX_CLAIMS_PER_ST;
  if (!Number.isInteger(max) || max < 1 || max > MAX_CLAIMS_PER_ST) {
    throw buildInvalid(`maxClaimsPerSt must be 1 to ${MAX_CLAIMS_PER_ST}`);
  }
  if (claims.length === 0) throw buildInvalid("a batch needs at least one claim");
  const delimiters = options.delimiters ?? DEFAULT_DELIMITERS;
  const lineBreak = options.lineBreak ?? "";
  // Each claim is built straight into text (see 837-written.ts): no segment objects.
  const writer = new PartWriter(delimiters, lineBreak);
  const written = writeClaims(claims, options.kind, writer);
  checkUnique(written);
  const sets: WrittenSetInput[] = [];
  const batched: BatchedSet[] = [];
  chunk(written, max).forEach((group, i) => {
    const controlNumber = String(options.controlNumbers.firstSt + i).padStart(4, "0");
    const head = transactionHead({
      kind: options.kind,
      controlNumber,
      submitter: options.submitter,
      receiver: options.receiver,
      bhtReference: `${options.bhtReferencePrefix ?? ""}${controlNumber}`,
      date: options.date,
      time: options.time,
    });
    const set = writeSet(head, group, writer);
    sets.push({ id: "837", controlNumber, guide: GUIDES[options.kind], writeBody: set.body });
    batched.push({ controlNumber, claims: set.claims, segmentCount: set.segmentCount });
  });
  const text = buildInterchange({
    sender: options.interchangeSender,
    receiver: options.interchangeReceiver,
    controlNumber: options.controlNumbers.isa,
    date: options.date,
    time: options.time,
    usage: options.usage,
    delimiters,
    ...(options.acknowledgmentRequested === undefined
      ? {}
      : { acknowledgmentRequested: options.acknowledgmentRequested }),
    lineBreak,
    groups: [
      {
        functionalId: "HC",
        sender: options.groupSender,
        receiver: options.groupReceiver,
        controlNumber: options.controlNumbers.gs,
        version: sets[0]?.guide ?? "",
        transactionSets: sets,
      },
    ],
  });
  return { text, transactionSets: batched };
}

/**
 * The claims a segment position of a set concerns (e.g. a 999 IK302): the claim whose range
 * holds it; every claim under a billing provider for a position in that 2000A; every claim
 * of the set for a position in the header (ST, BHT, 1000A/B) or at SE.
 */
export function claimsAtPosition(set: BatchedSet, position: number): ClaimRange[] {
  const own = set.claims.filter((c) => position >= c.segmentFrom && position <= c.segmentTo);
  if (own.length > 0) return own;
  const provider = set.claims.filter(
    (c) => position >= c.billingProviderFrom && position <= c.billingProviderTo,
  );
  if (provider.length > 0) return provider;
  return position >= 1 && position <= set.segmentCount ? [...set.claims] : [];
}
