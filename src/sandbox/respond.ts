/**
 * The sandbox payer's answer to one 837 file, as a pure function: validate the file, decide
 * each claim's scenario (scenarios.ts), and write the TA1, 999, 277CA and 835s a payer would
 * return.
 *
 * Per interchange of the input:
 * - TA1 R when the envelope has an error (the validator's TA1 note code), when ISA08 is not
 *   one of the sandbox's receiver ids (note 008), or when a claim's scenario asks for it. A
 *   rejected interchange gets no 999: its groups were never read.
 * - Otherwise a TA1 (A or E) when ISA14 asks for one or the envelope has warnings, in its own
 *   file, and one 999 file: an FA group with a 999 per functional group of the input. The
 *   999 reports the validator's findings plus each reject-999 claim as an IK3 at its CLM.
 * - Then, for the claims of the sets the 999 accepted (IK5 A or E), a 277CA file and the 835
 *   files of their scenarios (remit-files.ts), unless `remittances` is false.
 * The acknowledgment's ISA sender/receiver and GS02/GS03 are the original's swapped; AK102
 * and AK202 echo the original GS06 and ST02. Control numbers come from the caller.
 */
import { ack999Body, ack999Group, buildTA1 } from "../x12/ack.js";
import type { Finding } from "../x12/finding.js";
import type { Interchange } from "../x12/interchange.js";
import type { SegmentInput } from "../x12/segment.js";
import { read837 } from "../x12/transactions/837-read.js";
import type { Read837 } from "../x12/transactions/837-read.js";
import { validateFile } from "../x12/validator.js";
import type { GroupValidation, InterchangeValidation, SetValidation } from "../x12/validator.js";
import { buildInterchange, writeSegment } from "../x12/writer.js";
import type { InterchangeInput, InterchangeParty } from "../x12/writer.js";
import { readInterchanges } from "../x12/envelope.js";
import { respondTo270 } from "./respond-eligibility.js";
import { remitFiles } from "./remit-files.js";
import { scenarioFor } from "./scenarios.js";
import type { ScenarioName, SetOutcome } from "./scenarios.js";

/** TA105 "unknown interchange receiver id" for an interchange not addressed to the sandbox. */
export const TA1_UNKNOWN_RECEIVER = "008";

export interface RespondOptions {
  /** ISA08 ids the sandbox payer answers to; empty answers any. */
  readonly receiverIds: readonly string[];
  /** The sandbox's own control numbers (ISA13, GS06 and ST02 each take the next one). */
  readonly controlNumbers: () => number;
  readonly now: () => Date;
  /** Written after each segment terminator (default "\n", readable in the demo). */
  readonly lineBreak?: string;
  /**
   * Also answer the claims of each accepted set with a 277CA and 835s (default true); false
   * answers with TA1/999 only.
   */
  readonly remittances?: boolean;
}

export interface ResponseFile {
  /**
   * "<kind>-<ISA13>.x12" with the response's own ISA13; a second 835 for the same 837
   * (reversal and re-adjudication, split claim) is "835-<ISA13>-2.x12".
   */
  readonly name: string;
  readonly content: string;
  readonly kind: "TA1" | "999" | "277CA" | "835" | "271";
}

/** What happened to one input interchange (for logs and the demo; no PHI). */
export interface InterchangeAnswer {
  /** ISA13 of the input interchange. */
  readonly controlNumber: string;
  /** TA104 sent, when a TA1 was sent. */
  readonly ta1?: "A" | "E" | "R";
  /** ST02 → IK501 of each acknowledged set. */
  readonly sets: readonly { readonly controlNumber: string; readonly status: string }[];
  /** Scenario of each claim read, by CLM01. */
  readonly scenarios: readonly { readonly claim: string; readonly scenario: ScenarioName }[];
}

export interface Response {
  readonly files: readonly ResponseFile[];
  readonly interchanges: readonly InterchangeAnswer[];
  /** Set when the input is not X12 at all (nothing can be acknowledged): the error code. */
  readonly unreadable?: string;
}

interface ClaimScenario {
  readonly claim: string;
  readonly scenario: ScenarioName;
  readonly setOutcome: SetOutcome;
  readonly rejectsInterchange?: string;
  readonly clmPosition: number;
}

/** An 837 set as read, undefined when the reader cannot read it. */
function read837Set(set: SetValidation, interchange: Interchange): Read837 | undefined {
  if (set.transactionSet.id !== "837") return undefined;
  try {
    return read837(set.transactionSet, interchange.delimiters);
  } catch {
    // The validator's findings already say what is wrong with the set.
    return undefined;
  }
}

/** Claims of an 837 set with their scenarios; a set the reader cannot read has none. */
function claimScenarios(read: Read837 | undefined): ClaimScenario[] {
  return (read?.claims ?? []).map((c) => {
    const s = scenarioFor(c.encounter);
    return {
      claim: c.encounter.patientControlNumber,
      scenario: s.name,
      setOutcome: s.set,
      ...(s.interchange.kind === "reject" ? { rejectsInterchange: s.interchange.noteCode } : {}),
      clmPosition: c.clmPosition,
    };
  });
}

function scenarioFinding(set: SetValidation, claim: ClaimScenario): Finding | undefined {
  const outcome = claim.setOutcome;
  if (outcome.kind !== "reject") return undefined;
  const placed = set.loopAssignment?.segments.find((p) => p.segment.position === claim.clmPosition);
  return {
    code: "SANDBOX_SCENARIO_REJECT",
    severity: "error",
    message: `Sandbox scenario ${claim.scenario} rejects the claim at CLM.`,
    position: claim.clmPosition,
    segment: "CLM",
    loop: placed?.loopIds.join("/") ?? "2300",
    element: outcome.element,
    ik403: outcome.code,
    transactionControlNumber: set.transactionSet.controlNumber,
  };
}

/** The set with its claims' scenario rejections added to its findings. */
function withScenarios(set: SetValidation, claims: readonly ClaimScenario[]): SetValidation {
  const extra = claims
    .map((c) => scenarioFinding(set, c))
    .filter((f): f is Finding => f !== undefined);
  if (extra.length === 0) return set;
  const findings = [...set.findings, ...extra].sort((a, b) => a.position - b.position);
  return { ...set, findings, errors: set.errors + extra.length, valid: false };
}

function interchangeFinding(isa: Interchange["isa"], code: string, note: string): Finding {
  return {
    code,
    severity: "error",
    message: `Sandbox payer rejects the interchange (TA1 note ${note}).`,
    position: isa.position,
    segment: "ISA",
    ta1: note,
  };
}

function ccyymmdd(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll("-", "");
}

function hhmm(d: Date): string {
  return d.toISOString().slice(11, 16).replace(":", "");
}

/** An ISA party that the writer accepts whatever the original held. */
function party(p: { qualifier: string; id: string }): InterchangeParty {
  return { qualifier: p.qualifier.slice(0, 2) || "ZZ", id: p.id.slice(0, 15) };
}

class InterchangeResponder {
  /** Claims read from each 837 set, with their scenarios. */
  private readonly claims = new Map<SetValidation, ClaimScenario[]>();
  /** Each 837 set as read (for the 277CA and 835 of its claims). */
  private readonly reads = new Map<SetValidation, Read837>();
  private readonly interchange: Interchange;
  private readonly date: string;
  private readonly time: string;

  constructor(
    private readonly result: InterchangeValidation,
    private readonly options: RespondOptions,
  ) {
    const now = options.now();
    this.date = ccyymmdd(now);
    this.time = hhmm(now);
    const sets = result.groups.flatMap((g) => g.sets);
    for (const set of sets) {
      const read = read837Set(set, result.interchange);
      if (read !== undefined) this.reads.set(set, read);
      this.claims.set(set, claimScenarios(read));
    }
    this.interchange = { ...result.interchange, findings: this.interchangeFindings() };
  }

  private interchangeFindings(): Finding[] {
    const original = this.result.interchange;
    const findings = [...original.findings];
    const ids = this.options.receiverIds;
    if (ids.length > 0 && !ids.includes(original.receiver.id)) {
      findings.push(interchangeFinding(original.isa, "SANDBOX_UNKNOWN_RECEIVER", "008"));
    }
    const forced = this.allClaims().find((c) => c.rejectsInterchange !== undefined);
    if (forced?.rejectsInterchange !== undefined) {
      findings.push(
        interchangeFinding(original.isa, "SANDBOX_SCENARIO_REJECT", forced.rejectsInterchange),
      );
    }
    return findings;
  }

  private allClaims(): ClaimScenario[] {
    return [...this.claims.values()].flat();
  }

  answer(): { files: ResponseFile[]; answer: InterchangeAnswer } {
    const files: ResponseFile[] = [];
    const wantsTa1 =
      this.interchange.findings.length > 0 || this.interchange.isa.elements[13] === "1";
    const ta1 = wantsTa1 ? buildTA1(this.interchange) : undefined;
    const ta1Status = ta1?.elements[3] as "A" | "E" | "R" | undefined;
    if (ta1 !== undefined) files.push(this.ta1File(ta1));
    let sets: InterchangeAnswer["sets"] = [];
    if (ta1Status !== "R" && this.result.groups.length > 0) {
      const built = this.ackFile();
      files.push(built.file);
      sets = built.sets;
      if (this.options.remittances !== false) files.push(...this.remits(built.sets));
    }
    const answer: InterchangeAnswer = {
      controlNumber: this.interchange.controlNumber,
      ...(ta1Status === undefined ? {} : { ta1: ta1Status }),
      sets,
      scenarios: this.allClaims().map((c) => ({ claim: c.claim, scenario: c.scenario })),
    };
    return { files, answer };
  }

  /** 277CA and 835 files for the claims of the 837 sets the 999 accepted (IK5 A or E). */
  private remits(statuses: InterchangeAnswer["sets"]): ResponseFile[] {
    const accepted = new Set(
      statuses.filter((s) => s.status === "A" || s.status === "E").map((s) => s.controlNumber),
    );
    const reads = this.result.groups
      .flatMap((g) => g.sets)
      .filter((set) => accepted.has(set.transactionSet.controlNumber))
      .map((set) => this.reads.get(set))
      .filter((read): read is Read837 => read !== undefined);
    if (reads.length === 0) return [];
    const firstGs = this.interchange.groups[0]?.gs.elements ?? [];
    return remitFiles(reads, {
      inputControlNumber: this.interchange.controlNumber,
      envelope: () => this.envelope(),
      controlNumbers: this.options.controlNumbers,
      groupSender: firstGs[2] ?? "",
      groupReceiver: firstGs[1] ?? "",
      date: this.date,
      time: this.time,
    });
  }

  /** The answer's ISA fields (parties swapped), taking the next control number as ISA13. */
  private envelope(): InterchangeInput & { controlNumber: number } {
    const original = this.interchange;
    return {
      sender: party(original.receiver),
      receiver: party(original.sender),
      controlNumber: this.options.controlNumbers(),
      date: this.date,
      time: this.time,
      usage: original.usage === "P" ? "P" : "T",
      delimiters: original.delimiters,
      groups: [],
      lineBreak: this.options.lineBreak ?? "\n",
    };
  }

  private ta1File(ta1: SegmentInput): ResponseFile {
    const input = this.envelope();
    const lineBreak = input.lineBreak ?? "";
    const text = buildInterchange(input);
    // The TA1 goes right after the ISA, outside any group.
    const terminator = input.delimiters.segment;
    const isaEnd = text.indexOf(terminator) + terminator.length + lineBreak.length;
    const ta1Text = writeSegment(ta1, input.delimiters) + lineBreak;
    const content = text.slice(0, isaEnd) + ta1Text + text.slice(isaEnd);
    return { name: fileName("TA1", input.controlNumber), content, kind: "TA1" };
  }

  private ackFile(): { file: ResponseFile; sets: InterchangeAnswer["sets"] } {
    const groups = this.result.groups.map((g) => this.withGroupScenarios(g));
    const delimiters = this.interchange.delimiters;
    const bodies = groups.map((g) => ack999Body(g, delimiters));
    // Allocated in envelope order: ISA13, GS06, then each ST02.
    const base = this.envelope();
    const groupControl = this.options.controlNumbers();
    const input: InterchangeInput = {
      ...base,
      groups: [
        ack999Group(
          this.interchange,
          groupControl,
          bodies.map((body) => ({
            controlNumber: String(this.options.controlNumbers()).padStart(4, "0"),
            body,
          })),
        ),
      ],
    };
    const sets = bodies.flatMap(setStatuses);
    const file: ResponseFile = {
      name: fileName("999", base.controlNumber),
      content: buildInterchange(input),
      kind: "999",
    };
    return { file, sets };
  }

  private withGroupScenarios(group: GroupValidation): GroupValidation {
    const sets = group.sets.map((set) => withScenarios(set, this.claims.get(set) ?? []));
    return { ...group, sets };
  }
}

/** ST02 and IK501 of each AK2 loop of a 999 body. */
function setStatuses(body: readonly SegmentInput[]): { controlNumber: string; status: string }[] {
  const out: { controlNumber: string; status: string }[] = [];
  let current: string | undefined;
  for (const s of body) {
    if (s.id === "AK2") current = String(s.elements[1] ?? "");
    if (s.id === "IK5" && current !== undefined) {
      out.push({ controlNumber: current, status: String(s.elements[0] ?? "") });
    }
  }
  return out;
}

function fileName(kind: "TA1" | "999", controlNumber: number): string {
  return `${kind}-${String(controlNumber).padStart(9, "0")}.x12`;
}

/** The first interchange when it holds an eligibility inquiry (GS01 HS), else undefined. */
function eligibilityInquiry(content: Uint8Array | string) {
  try {
    const [first] = readInterchanges(content);
    return first?.groups.some((g) => g.gs.elements[0] === "HS") === true ? first : undefined;
  } catch {
    return undefined; // not readable: the 837 path reports it
  }
}

/**
 * The answer to a 270 file (respond-eligibility.ts): its 271 named `271-<ISA13>.x12`, or the
 * TA1 / 999 of its rejection scenarios.
 */
function answerEligibility(
  content: Uint8Array | string,
  inquiry: Interchange,
  options: RespondOptions,
): Response | undefined {
  const now = options.now();
  let files;
  try {
    files = respondTo270(content, inquiry, {
      controlNumbers: options.controlNumbers,
      date: ccyymmdd(now),
      time: hhmm(now),
      lineBreak: options.lineBreak ?? "\n",
    });
  } catch {
    return undefined; // a 270 the reader cannot read: the validator's 999 says why
  }
  if (files === undefined) return undefined;
  return {
    files,
    interchanges: [{ controlNumber: inquiry.controlNumber, sets: [], scenarios: [] }],
  };
}

/**
 * The sandbox payer's files for one file: a 271 for a 270, else the TA1/999 (and 277CA and
 * 835s) for an 837. Never throws on bad content.
 */
export function respondToFile(content: Uint8Array | string, options: RespondOptions): Response {
  const inquiry = eligibilityInquiry(content);
  const eligibility = inquiry && answerEligibility(content, inquiry, options);
  if (eligibility !== undefined) return eligibility;
  let validation;
  try {
    validation = validateFile(content);
  } catch (e) {
    return { files: [], interchanges: [], unreadable: codeOf(e) };
  }
  const files: ResponseFile[] = [];
  const interchanges: InterchangeAnswer[] = [];
  for (const result of validation.interchanges) {
    const { files: own, answer } = new InterchangeResponder(result, options).answer();
    files.push(...own);
    interchanges.push(answer);
  }
  return { files, interchanges };
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : "X12_NOT_INTERCHANGE";
}
