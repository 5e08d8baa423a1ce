/**
 * The rejection queue and the denial worklist as the API shows them: why each claim is there
 * and what to do, in plain language from the same sources the ingest used (schemas/root-cause
 * for 277CA statuses and CARCs, the X12 code lists in domain/ack-reasons for TA1 and 999), the
 * owner, and since when. Codes and positions only, never PHI.
 */
import {
  ELEMENT_ERROR_CODES,
  SEGMENT_ERROR_CODES,
  SET_ERROR_CODES,
  ta1NoteMessage,
} from "../domain/ack-reasons.js";
import { classifyAdjustment, classifyClaimStatus } from "../domain/root-cause.js";
import type { StoredAdjustment } from "../store/claim-payments-read.js";
import type { DenialClaim, WorklistClaim } from "../store/worklists.js";
import { carcText } from "./claim-view.js";
import type { CodeTexts } from "./claim-view.js";

export interface Explanation {
  /** Which answer rejected it: TA1, 999 or 277CA (null when the timeline does not say). */
  readonly source: string | null;
  readonly reason: string;
  readonly fix: string;
}

const RESEND = "send the claim again as a new original (resubmit with action correct)";

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A root-cause row says what happened, then what to do after the first "; " (see
 * schemas/root-cause/README.md: "what happened and what to do next"). A row without one gets
 * the general fix.
 */
function splitRow(
  text: string,
  generalFix: string,
  where?: string,
): { reason: string; fix: string } {
  const at = text.indexOf("; ");
  const head = (at < 0 ? text : text.slice(0, at)).replace(/\.$/, "");
  const reason = `${head}${where ? ` (${where})` : ""}.`;
  return { reason, fix: at < 0 ? generalFix : capitalized(text.slice(at + 2)) };
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function fromStatus(details: Readonly<Record<string, unknown>>, reasonCode: string): Explanation {
  // The timeline row keeps category, status and entity; older rows: the reason code only.
  const [, codeCategory = "", codeStatus = ""] = /^277CA_([^_]+)_(.+)$/.exec(reasonCode) ?? [];
  const category = str(details.category) ?? codeCategory;
  const code = str(details.status) ?? codeStatus;
  const entity = str(details.entity);
  const cause = classifyClaimStatus({ category, code, ...(entity ? { entity } : {}) });
  const where = `277CA status ${category}:${code}${entity ? `:${entity}` : ""}`;
  return {
    source: "277CA",
    ...splitRow(cause.reason, `Correct the claim, then ${RESEND}.`, where),
  };
}

interface IkError {
  segment?: string;
  position?: number;
  loop?: string;
  code?: string;
  elements?: { position?: number; component?: number; code?: string }[];
}

function ik3Text(e: IkError): { what: string; where: string } {
  const where = `${e.segment ?? "a segment"}${e.loop ? ` in loop ${e.loop}` : ""} (segment ${e.position ?? "?"} of the 837 set)`;
  const problems = [
    ...(e.code ? [SEGMENT_ERROR_CODES[e.code] ?? `segment error ${e.code}`] : []),
    ...(e.elements ?? []).map(
      (x) =>
        `element ${x.position ?? "?"}${x.component ? `-${x.component}` : ""}: ${
          (x.code && ELEMENT_ERROR_CODES[x.code]) ?? `element error ${x.code ?? "?"}`
        }`,
    ),
  ];
  return { where, what: problems.join("; ") };
}

function fromAck(details: Readonly<Record<string, unknown>>, reasonCode: string): Explanation {
  if (details.source === "TA1" || reasonCode.startsWith("TA1_")) {
    const note = str(details.noteCode) ?? reasonCode.replace(/^TA1_/, "");
    return {
      source: "TA1",
      reason: ta1NoteMessage(note),
      fix: `The envelope of the whole interchange was refused, not this claim's data: correct the interchange or partner set-up the note names, then ${RESEND} with the same encounter.`,
    };
  }
  const errors = Array.isArray(details.errors) ? (details.errors as IkError[]) : [];
  const first = errors[0];
  if (first) {
    const texts = errors.map(ik3Text);
    return {
      source: "999",
      reason: `The partner's 999 rejected the claim: ${texts.map((t) => `${t.where}: ${t.what || "error"}`).join(". ")}.`,
      fix: `Correct ${texts.map((t) => t.where).join(" and ")} in the encounter, then ${RESEND}.`,
    };
  }
  const setErrors = Array.isArray(details.setErrors) ? (details.setErrors as string[]) : [];
  const named = setErrors.map((c) => SET_ERROR_CODES[c] ?? `code ${c}`);
  return {
    source: "999",
    reason: `The partner's 999 rejected the transaction set the claim was sent in, for errors not in this claim${
      named.length > 0 ? ` (${named.join(". ")})` : ""
    }.`,
    fix: `Nothing in this claim was named: ${RESEND} with the same encounter.`,
  };
}

/** Why a rejected claim is on the queue and what to do. */
export function explainRejection(claim: WorklistClaim): Explanation {
  const code = claim.reasonCode ?? "";
  const source = str(claim.details.source);
  if (source === "277CA" || code.startsWith("277CA_")) return fromStatus(claim.details, code);
  if (source === "999" || source === "TA1" || /^(IK3_|SET_REJECTED|TA1_)/.test(code))
    return fromAck(claim.details, code);
  return {
    source: source ?? null,
    reason: `Rejected before adjudication (reason code ${code || "unknown"}).`,
    fix: `Correct the claim, then ${RESEND}.`,
  };
}

const since = (claim: WorklistClaim) => claim.since?.toISOString() ?? null;

const links = (claim: WorklistClaim) => ({
  claim: `/v1/claims/${claim.id}`,
  resubmit: `/v1/claims/${claim.id}/resubmit`,
});

export function rejectionView(claim: WorklistClaim) {
  const { source, reason, fix } = explainRejection(claim);
  return {
    claimId: claim.id,
    patientControlNumber: claim.patientControlNumber,
    claimType: claim.claimType,
    payerId: claim.payerId,
    totalChargeCents: claim.totalChargeCents,
    submission: claim.currentSubmission,
    source,
    reasonCode: claim.reasonCode,
    reason,
    fix,
    owner: claim.owner,
    since: since(claim),
    links: links(claim),
  };
}

/** The adjustment the claim's reason code names: its first denial (as the 835 posting chose). */
function denialAdjustment(adjustments: readonly StoredAdjustment[]) {
  return adjustments.find((a) => a.denial === true) ?? adjustments[0];
}

export function denialView(codes: CodeTexts, claim: DenialClaim) {
  const posting = claim.posting;
  const adjustment = posting ? denialAdjustment(posting.adjustments) : undefined;
  const cause = adjustment ? classifyAdjustment(adjustment, adjustment.remarks ?? []) : undefined;
  const split = cause
    ? splitRow(cause.reason, "Correct the claim and send a replacement, or appeal.")
    : undefined;
  return {
    claimId: claim.id,
    patientControlNumber: claim.patientControlNumber,
    claimType: claim.claimType,
    payerId: claim.payerId,
    state: claim.state,
    owner: claim.owner,
    reasonCode: claim.reasonCode,
    carc: adjustment
      ? {
          group: adjustment.group,
          reason: adjustment.reason,
          description: carcText(codes, adjustment.reason),
        }
      : null,
    reason: split?.reason ?? null,
    fix: split?.fix ?? null,
    totalChargeCents: claim.totalChargeCents,
    paidCents: posting?.paidCents ?? null,
    deniedCents: posting?.deniedCents ?? null,
    payerClaimNumber: claim.payerClaimNumber,
    since: since(claim),
    remittanceId: posting?.remittanceId ?? null,
    links: {
      ...links(claim),
      ...(posting ? { remittance: `/v1/remittances/${posting.remittanceId}` } : {}),
    },
  };
}
