/**
 * The envelope reader: segments to interchanges (ISA/IEA) → functional groups (GS/GE) →
 * transaction sets (ST/SE), with envelope findings. A file with several interchanges is
 * read whole. Problems with the envelope are findings carrying the acknowledgment code a
 * receiver reports: TA1 note codes (TA105) for the interchange, AK905 for groups, IK502 for
 * sets. Only input that is not X12 at all throws (see tokenizer.ts).
 */
import type { Finding } from "./finding.js";
import { functionalIdOf, isGroupTime } from "./group-rules.js";
import type { FunctionalGroup, Interchange, TransactionSet } from "./interchange.js";
import { checkIsa } from "./isa-rules.js";
import type { Delimiters, Segment } from "./segment.js";
import { tokenizeInterchanges, type TokenizedInterchange } from "./tokenizer.js";

/** Guide versions (GS08) this gateway knows; other 005010 guides are read with a warning. */
export const KNOWN_GUIDES: ReadonlySet<string> = new Set([
  "005010X222A1",
  "005010X222A2",
  "005010X223A2",
  "005010X223A3",
  "005010X279A1",
  "005010X231A1",
  "005010X214",
  "005010X221A1",
  "005010X212",
]);

type Codes = Pick<Finding, "ta1" | "ak905" | "ik502" | "transactionControlNumber" | "element">;

function finding(segment: Segment, code: string, message: string, codes: Codes = {}): Finding {
  return {
    code,
    severity: "error",
    message,
    position: segment.position,
    offset: segment.offset,
    segment: segment.id,
    ...codes,
  };
}

const at = (segment: Segment, element: number): string => segment.elements[element - 1] ?? "";

/** A count element (N0) equals n; leading zeros are tolerated. */
const countIs = (value: string, n: number): boolean =>
  /^\d{1,10}$/.test(value) && Number(value) === n;

/** SE01 count, ST02 = SE02, missing SE. `segments` runs from ST to SE (or to the cut). */
export function checkTransactionSet(segments: readonly Segment[]): Finding[] {
  const st = segments[0];
  if (st === undefined) return [];
  const control = at(st, 2);
  const tcn = { transactionControlNumber: control };
  const findings: Finding[] = [];
  if (at(st, 1) === "") {
    findings.push(
      finding(st, "ENVELOPE_ST01_MISSING", "ST01 is missing", { ...tcn, ik502: "6", element: 1 }),
    );
  }
  if (!/^[0-9A-Za-z]{4,9}$/.test(control)) {
    const message = "ST02 must be 4 to 9 characters";
    findings.push(
      finding(st, "ENVELOPE_ST02_INVALID", message, { ...tcn, ik502: "7", element: 2 }),
    );
  }
  const se = segments[segments.length - 1] as Segment;
  if (se.id !== "SE") {
    const message = "transaction set has no SE trailer";
    return [...findings, finding(st, "ENVELOPE_MISSING_TRAILER", message, { ...tcn, ik502: "2" })];
  }
  if (!countIs(at(se, 1), segments.length)) {
    const message = "SE01 does not equal the number of segments from ST to SE";
    findings.push(
      finding(se, "ENVELOPE_COUNT_MISMATCH", message, { ...tcn, ik502: "4", element: 1 }),
    );
  }
  if (at(se, 2) !== control) {
    const message = "SE02 does not equal ST02";
    findings.push(
      finding(se, "ENVELOPE_CONTROL_MISMATCH", message, { ...tcn, ik502: "3", element: 2 }),
    );
  }
  return findings;
}

/** Builds a transaction set from ST..SE (SE may be missing). */
export function toTransactionSet(
  segments: readonly Segment[],
  groupVersion: string,
): TransactionSet {
  const st = segments[0] as Segment;
  return {
    id: at(st, 1),
    controlNumber: at(st, 2),
    guide: at(st, 3) || groupVersion,
    segments,
    findings: checkTransactionSet(segments),
  };
}

/** GS08 findings: non-005010 versions are not supported, unknown 005010 guides get a warning. */
export function checkGroupVersion(gs: Segment): Finding[] {
  const version = at(gs, 8);
  if (!version.startsWith("005010")) {
    const message = "GS08 is not a 005010 implementation guide version";
    return [finding(gs, "GS_VERSION_UNSUPPORTED", message, { ak905: "2", element: 8 })];
  }
  if (KNOWN_GUIDES.has(version)) return [];
  const message = "GS08 names an implementation guide this gateway has no spec for";
  return [{ ...finding(gs, "GS_VERSION_UNKNOWN", message, { element: 8 }), severity: "warning" }];
}

class GroupBuilder {
  readonly sets: TransactionSet[] = [];
  readonly findings: Finding[] = [];
  private current: Segment[] | undefined;
  private readonly controls = new Set<string>();

  constructor(
    readonly gs: Segment,
    /** GS06 of the interchange's earlier groups. */
    earlierControls: ReadonlySet<string>,
  ) {
    this.findings.push(...checkGroupVersion(gs));
    if (!isGroupTime(at(gs, 5))) {
      // No AK905 code covers a GS element; TA105 024 is "invalid GS segment".
      const message = "GS05 must be a time HHMM, HHMMSS, HHMMSSD or HHMMSSDD";
      this.findings.push(finding(gs, "ENVELOPE_GS05_INVALID", message, { ta1: "024", element: 5 }));
    }
    if (!/^\d{1,9}$/.test(at(gs, 6))) {
      const message = "GS06 must be 1 to 9 digits";
      this.findings.push(finding(gs, "ENVELOPE_GS06_INVALID", message, { ak905: "6", element: 6 }));
    } else if (earlierControls.has(at(gs, 6))) {
      const message = "GS06 is not unique within the interchange";
      const codes = { ak905: "19", element: 6 };
      this.findings.push(finding(gs, "ENVELOPE_GS06_DUPLICATE", message, codes));
    }
  }

  add(segment: Segment): void {
    if (segment.id === "ST") {
      this.closeSet();
      this.current = [segment];
    } else if (this.current !== undefined) {
      this.current.push(segment);
      if (segment.id === "SE") this.closeSet();
    } else {
      const message = `${segment.id} segment is outside any transaction set`;
      this.findings.push(finding(segment, "ENVELOPE_UNEXPECTED_SEGMENT", message, { ta1: "024" }));
    }
  }

  closeSet(): void {
    if (this.current === undefined) return;
    const set = toTransactionSet(this.current, at(this.gs, 8));
    this.current = undefined;
    const st = set.segments[0] as Segment;
    const tcn = set.controlNumber;
    const extra: Finding[] = [];
    const functionalId = functionalIdOf(set.id);
    if (functionalId !== undefined && functionalId !== at(this.gs, 1)) {
      const message = `ST01 ${set.id} belongs in a functional group with GS01 ${functionalId}`;
      const codes = { ik502: "6", element: 1, transactionControlNumber: tcn };
      extra.push(finding(st, "ENVELOPE_GS01_MISMATCH", message, codes));
    }
    if (this.controls.has(tcn)) {
      const message = "ST02 is not unique within the functional group";
      const codes = { ik502: "23", element: 2, transactionControlNumber: tcn };
      extra.push(finding(st, "ENVELOPE_CONTROL_DUPLICATE", message, codes));
    }
    this.sets.push(extra.length === 0 ? set : { ...set, findings: [...set.findings, ...extra] });
    this.controls.add(tcn);
  }

  finish(ge: Segment | undefined): FunctionalGroup {
    this.closeSet();
    if (ge === undefined) {
      const message = "functional group has no GE trailer";
      this.findings.push(finding(this.gs, "ENVELOPE_MISSING_TRAILER", message, { ak905: "3" }));
    } else {
      if (!countIs(at(ge, 1), this.sets.length)) {
        const message = "GE01 does not equal the number of transaction sets in the group";
        this.findings.push(
          finding(ge, "ENVELOPE_COUNT_MISMATCH", message, { ak905: "5", element: 1 }),
        );
      }
      if (at(ge, 2) !== at(this.gs, 6)) {
        const message = "GE02 does not equal GS06";
        this.findings.push(
          finding(ge, "ENVELOPE_CONTROL_MISMATCH", message, { ak905: "4", element: 2 }),
        );
      }
    }
    return {
      gs: this.gs,
      ...(ge === undefined ? {} : { ge }),
      functionalId: at(this.gs, 1),
      controlNumber: at(this.gs, 6),
      version: at(this.gs, 8),
      transactionSets: this.sets,
      findings: this.findings,
    };
  }
}

function party(qualifier: string, id: string): { qualifier: string; id: string } {
  return { qualifier: qualifier.trim(), id: id.trim() };
}

/** Builds one interchange from its segments (ISA first). */
export function toInterchange(tokenized: TokenizedInterchange): Interchange {
  const { delimiters, segments } = tokenized;
  const isa = segments[0] as Segment;
  const findings = checkIsa(isa);
  const groups: FunctionalGroup[] = [];
  const ta1: Segment[] = [];
  let group: GroupBuilder | undefined;
  let iea: Segment | undefined;
  const groupControls = new Set<string>();
  const unexpected = (segment: Segment, where: string): void => {
    const message = `${segment.id} segment is ${where}`;
    findings.push(finding(segment, "ENVELOPE_UNEXPECTED_SEGMENT", message, { ta1: "024" }));
  };
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (iea !== undefined) {
      unexpected(segment, "after the IEA trailer");
    } else if (segment.id === "GS") {
      if (group !== undefined) groups.push(group.finish(undefined));
      group = new GroupBuilder(segment, groupControls);
      groupControls.add(at(segment, 6));
    } else if (segment.id === "GE") {
      if (group === undefined) unexpected(segment, "outside any functional group");
      else groups.push(group.finish(segment));
      group = undefined;
    } else if (segment.id === "IEA") {
      if (group !== undefined) groups.push(group.finish(undefined));
      group = undefined;
      iea = segment;
    } else if (group !== undefined) {
      group.add(segment);
    } else if (segment.id === "TA1") {
      ta1.push(segment);
    } else {
      unexpected(segment, "outside any functional group");
    }
  }
  if (group !== undefined) groups.push(group.finish(undefined));
  findings.push(...checkTrailer(isa, iea, groups.length));
  return {
    isa,
    ...(iea === undefined ? {} : { iea }),
    delimiters,
    controlNumber: at(isa, 13),
    sender: party(at(isa, 5), at(isa, 6)),
    receiver: party(at(isa, 7), at(isa, 8)),
    usage: at(isa, 15),
    groups,
    ta1,
    findings,
  };
}

/** IEA present, IEA01 = number of groups, IEA02 = ISA13. */
function checkTrailer(isa: Segment, iea: Segment | undefined, groupCount: number): Finding[] {
  if (iea === undefined) {
    const message = "interchange has no IEA trailer";
    return [finding(isa, "ENVELOPE_MISSING_TRAILER", message, { ta1: "023" })];
  }
  const findings: Finding[] = [];
  if (!countIs(at(iea, 1), groupCount)) {
    const message = "IEA01 does not equal the number of functional groups";
    findings.push(finding(iea, "ENVELOPE_COUNT_MISMATCH", message, { ta1: "021", element: 1 }));
  }
  if (at(iea, 2) !== at(isa, 13)) {
    const message = "IEA02 does not equal ISA13";
    findings.push(finding(iea, "ENVELOPE_CONTROL_MISMATCH", message, { ta1: "001", element: 2 }));
  }
  return findings;
}

/** Every interchange of the input, read whole. */
export function readInterchanges(input: string | Uint8Array): Interchange[] {
  return tokenizeInterchanges(input).map(toInterchange);
}

/** The delimiters an interchange was written with. */
export function readDelimitersOf(interchange: Interchange): Delimiters {
  return interchange.delimiters;
}

/** All envelope findings of an interchange: its own, its groups' and its sets'. */
export function envelopeFindings(interchange: Interchange): Finding[] {
  const out: Finding[] = [...interchange.findings];
  for (const group of interchange.groups) {
    out.push(...group.findings);
    for (const set of group.transactionSets) out.push(...set.findings);
  }
  return out;
}
