/**
 * Test helpers for the 837 builders: the example encounters, a batch with fixed partner ids,
 * validation summaries, and the normal form a read-back claim must equal.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type {
  Adjustment,
  CodedEncounter,
  Diagnosis,
  OtherPayer,
} from "../../../../src/domain/encounter.js";
import { readInterchanges } from "../../../../src/x12/envelope.js";
import type { TransactionSet } from "../../../../src/x12/interchange.js";
import type { Delimiters } from "../../../../src/x12/segment.js";
import { validateFile } from "../../../../src/x12/validator.js";
import { DEFAULT_INDICATORS } from "../../../../src/x12/transactions/837-common.js";
import { batch837 } from "../../../../src/x12/transactions/837-batch.js";
import type {
  BatchClaim,
  BatchOptions,
  Batch837,
} from "../../../../src/x12/transactions/837-batch.js";

const EXAMPLES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../schemas/examples",
);

/** Every example encounter by file name. */
export function examples(): { file: string; encounter: CodedEncounter }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({
      file,
      encounter: JSON.parse(readFileSync(path.join(EXAMPLES, file), "utf8")) as CodedEncounter,
    }));
}

export function kindOf(encounter: CodedEncounter): "837p" | "837i" {
  return encounter.kind === "professional" ? "837p" : "837i";
}

export const PARTNER: Omit<BatchOptions, "kind"> = {
  interchangeSender: { qualifier: "ZZ", id: "CLAIMGATE" },
  interchangeReceiver: { qualifier: "ZZ", id: "EXPAYER" },
  groupSender: "CLAIMGATE",
  groupReceiver: "EXPAYER",
  submitter: { name: "Claimgate Test", id: "CG0001", contactName: "Ops", phone: "5555550100" },
  receiver: { name: "Example Payer", id: "EXPAYER" },
  usage: "T",
  controlNumbers: { isa: 101, gs: 201, firstSt: 1 },
  date: "20260301",
  time: "1200",
};

export function batchOf(
  claims: readonly BatchClaim[],
  overrides: Partial<BatchOptions> = {},
): Batch837 {
  const first = claims[0]?.encounter;
  const kind = first === undefined ? "837p" : kindOf(first);
  return batch837(claims, { ...PARTNER, kind, ...overrides });
}

/** Error findings as "position SEGMENT element CODE" lines (empty when valid). */
export function errorsOf(text: string): string[] {
  return validateFile(text)
    .findings.filter((f) => f.severity === "error")
    .map((f) => `${f.position} ${f.segment ?? ""} ${f.element ?? ""} ${f.code} ${f.message}`);
}

/** The transaction sets of the first interchange, with its delimiters. */
export function setsOf(text: string): { sets: TransactionSet[]; delimiters: Delimiters } {
  const [interchange] = readInterchanges(text);
  if (interchange === undefined) throw new Error("no interchange");
  return {
    sets: interchange.groups.flatMap((g) => [...g.transactionSets]),
    delimiters: interchange.delimiters,
  };
}

/** Adjustments in the order the builder writes them: grouped by group code, first use first. */
function grouped(adjustments: readonly Adjustment[] | undefined): Adjustment[] | undefined {
  if (adjustments === undefined || adjustments.length === 0) return undefined;
  const order = [...new Set(adjustments.map((a) => a.group))];
  return order.flatMap((g) => adjustments.filter((a) => a.group === g));
}

function poa(d: Diagnosis): Diagnosis {
  // "1" (exempt) is the paper form's value; the 5010 837I sends no indicator instead.
  return d.presentOnAdmission === "1" || d.presentOnAdmission === undefined ? { code: d.code } : d;
}

function noModifiers<T extends { modifiers?: string[] }>(line: T): T {
  return line.modifiers !== undefined && line.modifiers.length === 0
    ? { ...line, modifiers: undefined }
    : line;
}

function otherPayers(list: readonly OtherPayer[] | undefined): OtherPayer[] | undefined {
  if (list === undefined || list.length === 0) return undefined;
  return list.map((o) => ({ ...o, adjustments: grouped(o.adjustments) }));
}

/**
 * What read837 returns for an encounter built with `lineControlNumbers`: the fields the
 * builder writes, with its documented defaults and the guides' rules applied.
 */
export function expectedReadBack(
  encounter: CodedEncounter,
  lineControlNumbers: readonly (string | undefined)[] = [],
): CodedEncounter {
  const self = encounter.relationship === "self";
  const total = (encounter.serviceLines as { chargeCents: number }[]).reduce(
    (sum, l) => sum + l.chargeCents,
    0,
  );
  const subscriber = self
    ? {
        ...encounter.subscriber,
        sex:
          encounter.subscriber.birthDate === undefined
            ? undefined
            : (encounter.subscriber.sex ?? "U"),
      }
    : { ...encounter.subscriber, birthDate: undefined, sex: undefined };
  const base = {
    ...encounter,
    totalChargeCents: total,
    claimIndicators: { ...DEFAULT_INDICATORS, ...encounter.claimIndicators },
    subscriber,
    patient: self
      ? undefined
      : encounter.patient && {
          ...encounter.patient,
          address: encounter.patient.address ?? encounter.subscriber.address,
        },
    otherPayers: otherPayers(encounter.otherPayers),
  };
  const lineExtras = (i: number, own: string | undefined) => ({
    lineControlNumber: lineControlNumbers[i] ?? own,
  });
  if (encounter.kind === "professional") {
    return {
      ...base,
      kind: "professional",
      placeOfService: encounter.placeOfService,
      diagnoses: encounter.diagnoses.map((d) => ({ code: d.code })),
      referringProvider: encounter.referringProvider && {
        ...encounter.referringProvider,
        taxonomy: undefined,
      },
      serviceLines: encounter.serviceLines.map((l, i) => ({
        ...noModifiers(l),
        ...lineExtras(i, l.lineControlNumber),
        otherPayerAdjudications: l.otherPayerAdjudications?.map((a) => ({
          ...a,
          adjustments: grouped(a.adjustments),
        })),
      })),
    };
  }
  return {
    ...base,
    kind: "institutional",
    claimIndicators: { ...base.claimIndicators, providerSignatureOnFile: true },
    principalDiagnosis: encounter.principalDiagnosis && poa(encounter.principalDiagnosis),
    otherDiagnoses: encounter.otherDiagnoses?.map(poa),
    operatingProvider: encounter.operatingProvider && {
      ...encounter.operatingProvider,
      taxonomy: undefined,
    },
    serviceLines: encounter.serviceLines.map((l, i) => ({
      ...(l.procedureCode === undefined ? { ...l, modifiers: undefined } : noModifiers(l)),
      ...lineExtras(i, l.lineControlNumber),
      otherPayerAdjudications: l.otherPayerAdjudications?.map((a) => ({
        ...a,
        adjustments: grouped(a.adjustments),
      })),
    })),
  } as CodedEncounter;
}
