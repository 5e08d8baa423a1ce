/**
 * The sandbox payer's 277CA and 835 files for the 837 sets its 999 accepted (IK5 A or E).
 *
 * - One 277CA file (`277CA-<ISA13>.x12`): an HN group with a 277 per accepted 837 set that has
 *   a claim to acknowledge (silence claims have none). 2200B TRN02 echoes the 837's BHT03.
 * - One 835 file per round (`835-<ISA13>.x12`, then `835-<ISA13>-2.x12` for the second round:
 *   reversals with their re-adjudication, second parts of split claims): an HP group with an
 *   835 per payer and billing provider (payee), each with its own TRN02 `<ISA13><ST02>`.
 * Payer claim numbers are `SBX<837 ISA13><837 ST02><claim ordinal, 3 digits>`, so the 277CA's
 * REF*1K and the 835's CLP07 agree and a test can predict them.
 */
import type { Read837 } from "../x12/transactions/837-read.js";
import { build277ca, CLAIM_ACK_GUIDE } from "../x12/transactions/277ca-build.js";
import type { ClaimAckInput } from "../x12/transactions/277ca-build.js";
import { build835, REMITTANCE_GUIDE } from "../x12/transactions/835-build.js";
import type {
  Build835Input,
  ClaimPaymentInput,
  ProviderAdjustmentInput,
} from "../x12/transactions/835-build.js";
import type { SegmentInput } from "../x12/segment.js";
import { buildInterchange } from "../x12/writer.js";
import type { InterchangeInput, TransactionSetInput } from "../x12/writer.js";
import { remitForClaim } from "./remit-scenarios.js";
import type { ClaimRemit } from "./remit-scenarios.js";
import { scenarioFor } from "./scenarios.js";

/** The sandbox payer as the 835 names it (N1*PR, N3/N4, PER*BL, TRN03 "1" + EIN). */
export const SANDBOX_PAYER = {
  taxId: "990000001",
  address: { line1: "1 Sandbox Way", city: "Springfield", state: "IL", postalCode: "62701" },
  contact: { name: "Sandbox EDI", phone: "5555550199" },
} as const;

export interface RemitFile {
  readonly name: string;
  readonly content: string;
  readonly kind: "277CA" | "835";
}

export interface RemitContext {
  /** ISA13 of the 837 interchange. */
  readonly inputControlNumber: string;
  /** A new answer interchange (parties swapped, next ISA13 taken) without groups. */
  readonly envelope: () => InterchangeInput & { controlNumber: number };
  readonly controlNumbers: () => number;
  /** GS02 / GS03 of the answers (the 837's swapped). */
  readonly groupSender: string;
  readonly groupReceiver: string;
  /** CCYYMMDD and HHMM of the answers. */
  readonly date: string;
  readonly time: string;
}

interface PlannedClaim {
  readonly set: Read837;
  readonly remit: ClaimRemit;
  readonly payer: { readonly id: string; readonly name: string };
  readonly payee: { readonly npi: string; readonly name: string };
}

function iso(ccyymmdd: string): string {
  return `${ccyymmdd.slice(0, 4)}-${ccyymmdd.slice(4, 6)}-${ccyymmdd.slice(6, 8)}`;
}

export function payerClaimNumber(inputIsa13: string, st02: string, ordinal: number): string {
  return `SBX${inputIsa13}${st02}${String(ordinal).padStart(3, "0")}`;
}

function plan(sets: readonly Read837[], context: RemitContext): PlannedClaim[] {
  return sets.flatMap((set) =>
    set.claims.map((claim, i) => {
      const { encounter } = claim;
      const number = payerClaimNumber(context.inputControlNumber, set.controlNumber, i + 1);
      const remit = remitForClaim(claim, scenarioFor(encounter), number);
      const provider = encounter.billingProvider;
      const name =
        provider.entity === "organization" ? provider.organizationName : provider.lastName;
      return {
        set,
        remit,
        payer: { id: encounter.payer.id, name: encounter.payer.name },
        payee: { npi: provider.npi, name },
      };
    }),
  );
}

function fileName(kind: "277CA" | "835", isa13: number, suffix = ""): string {
  return `${kind}-${String(isa13).padStart(9, "0")}${suffix}.x12`;
}

/** One answer interchange with one group of `functionalId` holding `bodies`. */
function interchangeFile(
  context: RemitContext,
  functionalId: "HN" | "HP",
  bodies: readonly ((stControl: string, isa13: string) => SegmentInput[])[],
): { isa13: number; content: string } {
  const base = context.envelope();
  const group = context.controlNumbers();
  const transactionSets: TransactionSetInput[] = bodies.map((body) => {
    const controlNumber = String(context.controlNumbers()).padStart(4, "0");
    const segments = body(controlNumber, String(base.controlNumber).padStart(9, "0"));
    return functionalId === "HN"
      ? { id: "277", controlNumber, guide: CLAIM_ACK_GUIDE, body: segments }
      : { id: "835", controlNumber, body: segments };
  });
  const input: InterchangeInput = {
    ...base,
    groups: [
      {
        functionalId,
        sender: context.groupSender,
        receiver: context.groupReceiver,
        controlNumber: group,
        version: functionalId === "HN" ? CLAIM_ACK_GUIDE : REMITTANCE_GUIDE,
        transactionSets,
      },
    ],
  };
  return { isa13: base.controlNumber, content: buildInterchange(input) };
}

function claimAckFile(planned: readonly PlannedClaim[], context: RemitContext): RemitFile[] {
  const bySet = new Map<Read837, PlannedClaim[]>();
  for (const p of planned) {
    if (p.remit.ack !== undefined) bySet.set(p.set, [...(bySet.get(p.set) ?? []), p]);
  }
  if (bySet.size === 0) return [];
  const bodies = [...bySet].map(([set, claims]) => (stControl: string) => {
    const first = claims[0] as PlannedClaim;
    return build277ca({
      sender: first.payer,
      receiver: { id: set.submitter?.id ?? context.groupReceiver, name: set.submitter?.name ?? "" },
      controlNumber: stControl,
      ...(set.bhtReference === undefined ? {} : { receiverTrace: set.bhtReference }),
      date: iso(context.date),
      time: context.time,
      claims: claims.map((c) => c.remit.ack as ClaimAckInput),
    });
  });
  const { isa13, content } = interchangeFile(context, "HN", bodies);
  return [{ name: fileName("277CA", isa13), content, kind: "277CA" }];
}

interface Remittance {
  readonly payer: PlannedClaim["payer"];
  readonly payee: PlannedClaim["payee"];
  readonly claims: ClaimPaymentInput[];
  readonly providerAdjustments: ProviderAdjustmentInput[];
}

/** The round's payments grouped by payer and payee, in order of first appearance. */
function remittancesOf(planned: readonly PlannedClaim[], round: number): Remittance[] {
  const byPayee = new Map<string, Remittance>();
  for (const p of planned) {
    const claims = p.remit.payments[round] ?? [];
    const adjustments = p.remit.providerAdjustments[round] ?? [];
    if (claims.length === 0 && adjustments.length === 0) continue;
    const key = `${p.payer.id}\u0000${p.payee.npi}`;
    let remittance = byPayee.get(key);
    if (remittance === undefined) {
      remittance = { payer: p.payer, payee: p.payee, claims: [], providerAdjustments: [] };
      byPayee.set(key, remittance);
    }
    remittance.claims.push(...claims);
    remittance.providerAdjustments.push(...adjustments);
  }
  return [...byPayee.values()];
}

function remittanceFile(
  remittances: readonly Remittance[],
  round: number,
  context: RemitContext,
): RemitFile {
  const bodies = remittances.map((r) => (stControl: string, isa13: string) => {
    const input: Build835Input = {
      payer: { ...SANDBOX_PAYER, id: r.payer.id, name: r.payer.name },
      payee: r.payee,
      trace: `${isa13}${stControl}`,
      paymentDate: iso(context.date),
      method: "CHK",
      claims: r.claims,
      providerAdjustments: r.providerAdjustments,
    };
    return build835(input);
  });
  const built = interchangeFile(context, "HP", bodies);
  const suffix = round === 0 ? "" : `-${round + 1}`;
  return { name: fileName("835", built.isa13, suffix), content: built.content, kind: "835" };
}

/** The 277CA file and the 835 files for the claims of the accepted 837 sets. */
export function remitFiles(sets: readonly Read837[], context: RemitContext): RemitFile[] {
  const planned = plan(sets, context);
  const files = claimAckFile(planned, context);
  const rounds = Math.max(0, ...planned.map((p) => p.remit.payments.length));
  for (let round = 0; round < rounds; round++) {
    const remittances = remittancesOf(planned, round);
    if (remittances.length > 0) files.push(remittanceFile(remittances, round, context));
  }
  return files;
}
