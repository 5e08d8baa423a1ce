/**
 * The sandbox payer's answer to a 270 file, as a pure function. Each 270 set's questions
 * pick what happens to the set by member id (eligibility-scenarios.ts):
 * - any `reject-ta1` question: a TA1 R (note 006) for the whole interchange, nothing else;
 * - else a 999 when some set holds a `reject-999` question: IK5 R for those sets (an IK3 at
 *   the question's 2100C NM1 with an IK4 at NM109, IK403 I12), IK5 A for the others;
 * - and a 271 answering every set not rejected and holding no `silence` question.
 * A file with none of these gets only its 271, as before. Files are named by their own
 * ISA13: `TA1-…`, `999-…`, `271-…`. Control numbers come from the caller, in file order.
 */
import { ack999Body, ack999Group, buildTA1 } from "../x12/ack.js";
import type { Finding } from "../x12/finding.js";
import type { Interchange, TransactionSet } from "../x12/interchange.js";
import { read270 } from "../x12/transactions/270-read.js";
import { validateFile } from "../x12/validator.js";
import type { GroupValidation, SetValidation } from "../x12/validator.js";
import { buildInterchange, writeSegment } from "../x12/writer.js";
import type { InterchangeInput } from "../x12/writer.js";
import { answer270File, eligibilityAckScenarioFor } from "./eligibility-scenarios.js";
import type { EligibilityAckScenarioName } from "./eligibility-scenarios.js";
import { TA1_REJECT_NOTE_CODE } from "./scenarios.js";

export interface Respond270Options {
  readonly controlNumbers: () => number;
  readonly date: string;
  readonly time: string;
  readonly lineBreak: string;
}

export interface Response270File {
  readonly name: string;
  readonly content: string;
  readonly kind: "TA1" | "999" | "271";
}

/** The 999 IK4 the reject-999 scenario reports at NM109 (implementation pattern match failure). */
const MEMBER_ID_REJECT = { element: 9, code: "I12" } as const;

const RANK: Readonly<Record<EligibilityAckScenarioName, number>> = {
  "reject-ta1": 3,
  "reject-999": 2,
  silence: 1,
};

interface SetDecision {
  readonly set: TransactionSet;
  readonly scenario?: EligibilityAckScenarioName;
  /** Member id of the question that decided it. */
  readonly memberId?: string;
}

/** The strongest acknowledgment scenario among a set's questions. */
function decide(set: TransactionSet, interchange: Interchange): SetDecision {
  let decision: SetDecision = { set };
  for (const request of read270(set, interchange.delimiters).requests) {
    const memberId = request.subscriber.memberId;
    const scenario = eligibilityAckScenarioFor(memberId)?.name;
    if (scenario === undefined) continue;
    if (decision.scenario === undefined || RANK[scenario] > RANK[decision.scenario]) {
      decision = { set, scenario, ...(memberId === undefined ? {} : { memberId }) };
    }
  }
  return decision;
}

const fileName = (kind: string, isa: number) => `${kind}-${String(isa).padStart(9, "0")}.x12`;

/** The answer's envelope: the 270's parties swapped, the next control number as ISA13. */
function envelope(
  interchange: Interchange,
  options: Respond270Options,
): InterchangeInput & { controlNumber: number } {
  return {
    sender: interchange.receiver,
    receiver: interchange.sender,
    controlNumber: options.controlNumbers(),
    date: options.date,
    time: options.time,
    usage: interchange.usage === "P" ? "P" : "T",
    delimiters: interchange.delimiters,
    groups: [],
    lineBreak: options.lineBreak,
  };
}

function ta1File(interchange: Interchange, options: Respond270Options): Response270File {
  const finding: Finding = {
    code: "SANDBOX_SCENARIO_REJECT",
    severity: "error",
    message: `Sandbox scenario reject-ta1 rejects the interchange (TA1 note ${TA1_REJECT_NOTE_CODE}).`,
    position: interchange.isa.position,
    segment: "ISA",
    ta1: TA1_REJECT_NOTE_CODE,
  };
  const input = envelope(interchange, options);
  const isa = input.controlNumber;
  const text = buildInterchange(input);
  const terminator = input.delimiters.segment;
  const isaEnd = text.indexOf(terminator) + terminator.length + options.lineBreak.length;
  const ta1 = writeSegment(buildTA1(interchange, [finding]), input.delimiters) + options.lineBreak;
  const content = text.slice(0, isaEnd) + ta1 + text.slice(isaEnd);
  return { name: fileName("TA1", isa), content, kind: "TA1" };
}

/** The reject-999 finding at the question's subscriber NM1 (2100C). */
function memberIdFinding(set: TransactionSet, memberId: string): Finding {
  const nm1 = set.segments.find(
    (s) => s.id === "NM1" && s.elements[0] === "IL" && s.elements[8] === memberId,
  );
  return {
    code: "SANDBOX_SCENARIO_REJECT",
    severity: "error",
    message: "Sandbox scenario reject-999 rejects the member id.",
    position: nm1?.position ?? 1,
    segment: nm1 === undefined ? "ST" : "NM1",
    loop: "2100C",
    element: MEMBER_ID_REJECT.element,
    ik403: MEMBER_ID_REJECT.code,
    transactionControlNumber: set.controlNumber,
  };
}

function withRejections(group: GroupValidation, rejected: ReadonlyMap<TransactionSet, string>) {
  const sets = group.sets.map((v): SetValidation => {
    const memberId = rejected.get(v.transactionSet);
    if (memberId === undefined) return v;
    const findings = [...v.findings, memberIdFinding(v.transactionSet, memberId)];
    return { ...v, findings, errors: v.errors + 1, valid: false };
  });
  return { ...group, sets };
}

/** One 999 (in an FA group) per functional group of the 270 interchange. */
function ackFile(
  content: Uint8Array | string,
  interchange: Interchange,
  rejected: ReadonlyMap<TransactionSet, string>,
  options: Respond270Options,
): Response270File | undefined {
  const validation = validateFile(content).interchanges[0];
  if (validation === undefined) return undefined;
  // Validation reads the file again: its sets are matched to ours by ST02.
  const byControl = new Map([...rejected].map(([set, id]) => [set.controlNumber, id]));
  const input = envelope(interchange, options);
  const isa = input.controlNumber;
  const gsControl = options.controlNumbers();
  const bodies = validation.groups.map((g) => {
    const own = new Map<TransactionSet, string>();
    for (const v of g.sets) {
      const id = byControl.get(v.transactionSet.controlNumber);
      if (id !== undefined) own.set(v.transactionSet, id);
    }
    return ack999Body(withRejections(g, own), interchange.delimiters, false);
  });
  const text = buildInterchange({
    ...input,
    groups: [
      ack999Group(
        interchange,
        gsControl,
        bodies.map((body) => ({
          controlNumber: String(options.controlNumbers()).padStart(4, "0"),
          body,
        })),
      ),
    ],
  });
  return { name: fileName("999", isa), content: text, kind: "999" };
}

function answerFile(
  content: Uint8Array | string,
  skipSets: ReadonlySet<string>,
  options: Respond270Options,
): Response270File | undefined {
  const isa = options.controlNumbers();
  const gs = options.controlNumbers();
  const text = answer270File(content, {
    controlNumbers: { isa, gs, firstSt: options.controlNumbers() },
    date: options.date,
    time: options.time,
    lineBreak: options.lineBreak,
    skipSets,
  });
  return text === undefined
    ? undefined
    : { name: fileName("271", isa), content: text, kind: "271" };
}

/**
 * The sandbox's files for a 270 interchange (the file's first); none when every set is
 * silent, undefined when it holds no 270. Throws when a 270 set cannot be read (the caller
 * falls back to its validator's 999).
 */
export function respondTo270(
  content: Uint8Array | string,
  interchange: Interchange,
  options: Respond270Options,
): Response270File[] | undefined {
  const decisions = interchange.groups
    .flatMap((g) => g.transactionSets)
    .filter((s) => s.id === "270")
    .map((s) => decide(s, interchange));
  if (decisions.length === 0) return undefined;
  if (decisions.some((d) => d.scenario === "reject-ta1")) return [ta1File(interchange, options)];
  const rejected = new Map<TransactionSet, string>();
  for (const d of decisions) {
    if (d.scenario === "reject-999") rejected.set(d.set, d.memberId ?? "");
  }
  const files: Response270File[] = [];
  if (rejected.size > 0) {
    const ack = ackFile(content, interchange, rejected, options);
    if (ack !== undefined) files.push(ack);
  }
  const skip = new Set(
    decisions.filter((d) => d.scenario !== undefined).map((d) => d.set.controlNumber),
  );
  const answer = answerFile(content, skip, options);
  if (answer !== undefined) files.push(answer);
  return files;
}
