/**
 * The sandbox payer's scenario rules: which outcome a claim gets, decided from the claim
 * itself so tests and the demo are deterministic.
 *
 * The rule is the subscriber's member id (2010BA NM109): a member id that starts with a
 * scenario's prefix (for example "SBX-R999-0001") gets that scenario; any other member id
 * gets the default, `accept-pay` (which also has its own prefix, for readable demo data).
 * The prefix is matched case-sensitively, as the payer reads the id.
 *
 * A scenario carries an outcome for every answer the payer sends: the TA1 for the
 * interchange, the 999 for the transaction set, the 277CA for the claim and the 835 for its
 * payment (remit-scenarios.ts works out the amounts). The responder acts on the
 * strongest outcome in a file: one TA1-reject claim rejects its whole interchange, one
 * 999-reject claim rejects its whole transaction set (that is how X12 acknowledgments work,
 * and what the gateway must learn to map back to the claims).
 */

/** What the interchange's TA1 says. `accept` sends a TA1 only when ISA14 asks for one. */
export type InterchangeOutcome =
  | { readonly kind: "accept" }
  /** TA104 R with this TA105 note code; no 999 follows for the interchange. */
  | { readonly kind: "reject"; readonly noteCode: string };

/** What the 999 says about the transaction set holding the claim. */
export type SetOutcome =
  | { readonly kind: "accept" }
  /**
   * IK5 R for the set, with an IK3 at this claim's CLM segment (loop 2300, IK304 8: segment
   * has data element errors, with CTX*CLM01) and an IK4 at CLM `element` with IK403 `code`.
   */
  | { readonly kind: "reject"; readonly element: number; readonly code: string };

/** What the 277CA says about the claim (accepted: A1:20, with a payer claim number). */
export type ClaimAckOutcome =
  | { readonly kind: "accept" }
  /** STC01-1 category (A3, A4, A6, A7, A8), STC01-2 status code, STC01-3 entity. */
  | {
      readonly kind: "reject";
      readonly category: string;
      readonly status: string;
      readonly entity?: string;
    }
  /** No 277CA is sent: the follow-up clock must notice. */
  | { readonly kind: "silence" };

/**
 * What the 835 says about the claim (amounts are worked out in remit-scenarios.ts). Every
 * paying outcome allows 80% of each line's charge and adjusts the rest as CO-45.
 */
export type RemittanceOutcome =
  /** CLP02 1 (2/3 for secondary/tertiary): paid the allowed amount, CO-45 for the rest. */
  | { readonly kind: "paid" }
  /** Paid less patient responsibility: PR-3 copay, PR-1 deductible, PR-2 coinsurance. */
  | { readonly kind: "partial"; readonly group: "PR"; readonly reasons: readonly string[] }
  /** CLP02 4: every line adjusted in full with this group and CARC; nothing paid. */
  | { readonly kind: "denied"; readonly group: "CO" | "PR" | "OA"; readonly reason: string }
  /** Paid with CO-45, except the last line denied in full with this CARC. */
  | { readonly kind: "line-denied"; readonly group: "CO"; readonly reason: string }
  /**
   * Paid at a lower allowance first; a second 835 reverses that payment (CLP02 22, the
   * original's amounts negated) and pays it again (CLP02 1, a new payer claim number).
   */
  | { readonly kind: "reversed" }
  /** Paid, and a provider-level adjustment (PLB) with this reason code. */
  | { readonly kind: "provider-adjustment"; readonly reason: "L6" | "WO" }
  /** Paid across two 835 files: the claim's lines split between them, each part MA15. */
  | { readonly kind: "split" }
  | { readonly kind: "silence" };

export type ScenarioName =
  | "accept-pay"
  | "partial-pay"
  | "partial-line-denied"
  | "deny-coding"
  | "deny-eligibility"
  | "deny-authorization"
  | "deny-timely-filing"
  | "deny-duplicate"
  | "reverse-readjudicate"
  | "plb-interest"
  | "plb-recoupment"
  | "split-remit"
  | "reject-277"
  | "silence"
  | "reject-999"
  | "reject-ta1";

export interface Scenario {
  readonly name: ScenarioName;
  /** Member id prefix that selects it. */
  readonly memberIdPrefix: string;
  /** One line for the README and the demo's table. */
  readonly summary: string;
  readonly interchange: InterchangeOutcome;
  readonly set: SetOutcome;
  readonly claimAck: ClaimAckOutcome;
  readonly remittance: RemittanceOutcome;
}

const ACCEPT = { kind: "accept" } as const;

/**
 * TA105 for the forced interchange rejection: 006 "invalid interchange sender id", what a
 * payer answers a submitter it has no enrollment for.
 */
export const TA1_REJECT_NOTE_CODE = "006";

/**
 * The rejection the 999 scenario reports: an IK4 at CLM02 (the claim total) with IK403 I12
 * (implementation pattern match failure), the shape a payer's front end uses for a claim
 * total it refuses.
 */
const SET_REJECT: SetOutcome = { kind: "reject", element: 2, code: "I12" };

/**
 * Every scenario, the default first. Prefixes are distinct and none is a prefix of another.
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: "accept-pay",
    memberIdPrefix: "SBX-PAID-",
    summary: "accepted (277CA A1:20) and paid the allowed 80%, CO-45 for the rest (the default)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "paid" },
  },
  {
    name: "partial-pay",
    memberIdPrefix: "SBX-PART-",
    summary: "paid less patient responsibility: CAS PR-3 copay, PR-1 deductible, PR-2 coinsurance",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "partial", group: "PR", reasons: ["3", "1", "2"] },
  },
  {
    name: "partial-line-denied",
    memberIdPrefix: "SBX-PDLN-",
    summary: "paid with CO-45, the last line denied: CAS CO-97 (included in another service)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "line-denied", group: "CO", reason: "97" },
  },
  {
    name: "deny-coding",
    memberIdPrefix: "SBX-DCOD-",
    summary: "denied: 835 CLP02 4, CAS CO-11 (diagnosis inconsistent with procedure)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "denied", group: "CO", reason: "11" },
  },
  {
    name: "deny-eligibility",
    memberIdPrefix: "SBX-DELG-",
    summary: "denied: 835 CLP02 4, CAS CO-27 (coverage terminated)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "denied", group: "CO", reason: "27" },
  },
  {
    name: "deny-authorization",
    memberIdPrefix: "SBX-DAUT-",
    summary: "denied: 835 CLP02 4, CAS CO-197 (authorization absent)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "denied", group: "CO", reason: "197" },
  },
  {
    name: "deny-timely-filing",
    memberIdPrefix: "SBX-DTFL-",
    summary: "denied: 835 CLP02 4, CAS CO-29 (time limit for filing expired)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "denied", group: "CO", reason: "29" },
  },
  {
    name: "deny-duplicate",
    memberIdPrefix: "SBX-DDUP-",
    summary: "denied: 835 CLP02 4, CAS CO-18 (exact duplicate claim)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "denied", group: "CO", reason: "18" },
  },
  {
    name: "reverse-readjudicate",
    memberIdPrefix: "SBX-REVS-",
    summary: "paid at 70%, then a second 835 reverses it (CLP02 22) and pays 80% (new CLP02 1)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "reversed" },
  },
  {
    name: "plb-interest",
    memberIdPrefix: "SBX-PLBI-",
    summary: "paid like the default, plus late-payment interest: PLB L6 (negative amount)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "provider-adjustment", reason: "L6" },
  },
  {
    name: "plb-recoupment",
    memberIdPrefix: "SBX-PLBR-",
    summary: "paid like the default, less an overpayment recovery: PLB WO (positive amount)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "provider-adjustment", reason: "WO" },
  },
  {
    name: "split-remit",
    memberIdPrefix: "SBX-SPLT-",
    summary: "paid across two 835 files, the lines split between them (MOA MA15 on each part)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: ACCEPT,
    remittance: { kind: "split" },
  },
  {
    name: "reject-277",
    memberIdPrefix: "SBX-R277-",
    summary: "rejected by the 277CA: STC A7:164:IL (invalid member number); no 835",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: { kind: "reject", category: "A7", status: "164", entity: "IL" },
    remittance: { kind: "silence" },
  },
  {
    name: "silence",
    memberIdPrefix: "SBX-SLNT-",
    summary: "accepted by the 999, then nothing: no 277CA, no 835 (the claim stalls)",
    interchange: ACCEPT,
    set: ACCEPT,
    claimAck: { kind: "silence" },
    remittance: { kind: "silence" },
  },
  {
    name: "reject-999",
    memberIdPrefix: "SBX-R999-",
    summary: "999 IK5 R for the claim's transaction set, IK3 at the claim's CLM",
    interchange: ACCEPT,
    set: SET_REJECT,
    claimAck: { kind: "silence" },
    remittance: { kind: "silence" },
  },
  {
    name: "reject-ta1",
    memberIdPrefix: "SBX-TA1R-",
    summary: `TA1 R (note ${TA1_REJECT_NOTE_CODE}) for the whole interchange; no 999`,
    interchange: { kind: "reject", noteCode: TA1_REJECT_NOTE_CODE },
    set: ACCEPT,
    claimAck: { kind: "silence" },
    remittance: { kind: "silence" },
  },
];

const DEFAULT = SCENARIOS[0] as Scenario;

/** The scenario a claim gets from its subscriber's member id. */
export function scenarioForMemberId(memberId: string): Scenario {
  return SCENARIOS.find((s) => memberId.startsWith(s.memberIdPrefix)) ?? DEFAULT;
}

/** The claim facts the rules read (a CodedEncounter fits). */
export interface ScenarioClaim {
  readonly subscriber: { readonly memberId: string };
}

/** The scenario a claim gets. */
export function scenarioFor(claim: ScenarioClaim): Scenario {
  return scenarioForMemberId(claim.subscriber.memberId);
}

/** The scenario by name (for tests and the demo's expectations). */
export function scenarioNamed(name: ScenarioName): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (found === undefined) throw new RangeError(`no sandbox scenario named ${name}`);
  return found;
}

/** A member id that selects the scenario: its prefix followed by `suffix`. */
export function memberIdFor(name: ScenarioName, suffix: string): string {
  return `${scenarioNamed(name).memberIdPrefix}${suffix}`;
}
