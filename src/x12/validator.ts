/**
 * The validator: every finding of a file, interchange by interchange, group by group, set by
 * set. Envelope findings come from the envelope reader; each transaction set is walked by the
 * loop engine against its TR3 spec, then checked element by element, segment by segment and
 * across segments (HL links, claim totals, 835 balancing). A set whose guide has no spec gets
 * a finding, not an exception. Findings never quote element values.
 */
import { assignLoops } from "./engine.js";
import type { LoopAssignment } from "./engine.js";
import { readInterchanges } from "./envelope.js";
import type { Finding } from "./finding.js";
import type { FunctionalGroup, Interchange, TransactionSet } from "./interchange.js";
import type { Delimiters } from "./segment.js";
import { findSpec, listSpecs } from "./spec/registry.js";
import type { TransactionSpec } from "./spec/types.js";
import { finding } from "./validate/catalog.js";
import { crossCheck } from "./validate/cross-checks.js";
import { checkElements } from "./validate/elements.js";
import { checkSegment } from "./validate/segments.js";

export interface Counts {
  readonly errors: number;
  readonly warnings: number;
}

export interface SetValidation extends Counts {
  readonly transactionSet: TransactionSet;
  /** The spec the set was checked against; undefined when none is known. */
  readonly spec?: TransactionSpec;
  /** Loop paths of the set's segments; undefined when no spec is known. */
  readonly loopAssignment?: LoopAssignment;
  /** Envelope findings of the set and every finding of its content, by position. */
  readonly findings: readonly Finding[];
  /** No error-severity finding. */
  readonly valid: boolean;
}

export interface GroupValidation extends Counts {
  readonly group: FunctionalGroup;
  /** The group's own envelope findings (GS/GE). */
  readonly findings: readonly Finding[];
  readonly sets: readonly SetValidation[];
  readonly valid: boolean;
}

export interface InterchangeValidation extends Counts {
  readonly interchange: Interchange;
  /** The interchange's own envelope findings (ISA/IEA). */
  readonly findings: readonly Finding[];
  readonly groups: readonly GroupValidation[];
  readonly valid: boolean;
}

export interface FileValidation extends Counts {
  readonly interchanges: readonly InterchangeValidation[];
  /** Every finding of the file, interchange by interchange, in file order. */
  readonly findings: readonly Finding[];
  readonly valid: boolean;
}

function countOf(findings: readonly Finding[]): Counts {
  let errors = 0;
  for (const f of findings) if (f.severity === "error") errors++;
  return { errors, warnings: findings.length - errors };
}

function sum(parts: readonly Counts[], own: Counts): Counts {
  return parts.reduce(
    (acc, p) => ({ errors: acc.errors + p.errors, warnings: acc.warnings + p.warnings }),
    own,
  );
}

/** Drops repeats: the engine and the element checks may both report one qualifier. */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    // One finding per element place: the engine's qualifier finding wins over the same
    // element's syntax findings; segment-level findings are kept per code.
    const where = [f.position, f.segment, f.element, f.component, f.repetition];
    const key = (f.element === undefined ? [...where, f.code] : where).join("|");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unsupported(ts: TransactionSet): Finding {
  const st = ts.segments[0];
  const knownSet = listSpecs().some((s) => s.transactionSet === ts.id);
  return finding(
    "TRANSACTION_SET_NOT_SUPPORTED",
    {
      message: knownSet
        ? `No TR3 spec for transaction set ${ts.id} under guide ${ts.guide}.`
        : `Transaction set ${ts.id} is not supported.`,
      position: st?.position ?? 1,
      segment: st?.id ?? "ST",
      ...(st === undefined ? {} : { offset: st.offset }),
    },
    { ik502: knownSet ? "I6" : "1" },
  );
}

function contentFindings(
  ts: TransactionSet,
  spec: TransactionSpec,
  assignment: LoopAssignment,
  delimiters: Delimiters,
): Finding[] {
  const out: Finding[] = [...assignment.findings];
  for (const placed of assignment.segments) {
    out.push(...checkElements(placed, delimiters), ...checkSegment(placed));
  }
  out.push(...crossCheck(spec, assignment));
  return out;
}

/** Validates one transaction set against `spec`, or the registry's spec for its guide. */
export function validateTransactionSet(
  ts: TransactionSet,
  delimiters: Delimiters,
  spec: TransactionSpec | undefined = findSpec(ts.guide, ts.id),
): SetValidation {
  let loopAssignment: LoopAssignment | undefined;
  const content: Finding[] = [];
  if (spec === undefined) {
    content.push(unsupported(ts));
  } else {
    loopAssignment = assignLoops(spec, ts.segments, delimiters);
    content.push(...contentFindings(ts, spec, loopAssignment, delimiters));
  }
  const ordered = dedupe(content)
    .map((f) => ({ ...f, transactionControlNumber: ts.controlNumber }))
    .sort((a, b) => a.position - b.position);
  const findings = [...ts.findings, ...ordered].sort((a, b) => a.position - b.position);
  const counts = countOf(findings);
  return {
    transactionSet: ts,
    ...(spec === undefined ? {} : { spec }),
    ...(loopAssignment === undefined ? {} : { loopAssignment }),
    findings,
    ...counts,
    valid: counts.errors === 0,
  };
}

function validateGroup(group: FunctionalGroup, delimiters: Delimiters): GroupValidation {
  const sets = group.transactionSets.map((ts) => validateTransactionSet(ts, delimiters));
  const counts = sum(sets, countOf(group.findings));
  return { group, findings: group.findings, sets, ...counts, valid: counts.errors === 0 };
}

/** Validates interchanges read by the envelope reader. */
export function validateInterchanges(interchanges: readonly Interchange[]): FileValidation {
  const results = interchanges.map((interchange): InterchangeValidation => {
    const groups = interchange.groups.map((g) => validateGroup(g, interchange.delimiters));
    const counts = sum(groups, countOf(interchange.findings));
    const findings = interchange.findings;
    return { interchange, findings, groups, ...counts, valid: counts.errors === 0 };
  });
  const findings = results.flatMap((i) => [
    ...i.findings,
    ...i.groups.flatMap((g) => [...g.findings, ...g.sets.flatMap((s) => s.findings)]),
  ]);
  const counts = sum(results, { errors: 0, warnings: 0 });
  return { interchanges: results, findings, ...counts, valid: counts.errors === 0 };
}

/**
 * Validates a whole file. Input that is not X12 at all throws the envelope reader's error
 * (with a position); everything else ends in findings.
 */
export function validateFile(input: string | Uint8Array): FileValidation {
  return validateInterchanges(readInterchanges(input));
}
