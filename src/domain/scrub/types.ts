/**
 * Scrub edits: what would make a payer reject or deny a claim, found before it goes out.
 * Each edit has a stable code, an owner (whose worklist the held claim goes to), a severity
 * (an error holds the claim; a warning lets it go), a JSON pointer into the encounter and a
 * message a biller understands. Messages never quote values from the encounter (PHI).
 */
import type { CodeSets } from "../codesets/types.js";
import type { IsoDate } from "../encounter.js";
import type { EditCode } from "./catalog.js";

export const EDIT_OWNERS = [
  "coding",
  "documentation",
  "submission",
  "eligibility",
  "authorization",
  "payer_setup",
  "timely_filing",
] as const;
export type EditOwner = (typeof EDIT_OWNERS)[number];

export type EditSeverity = "error" | "warning";

export interface ScrubEdit {
  readonly code: EditCode;
  readonly owner: EditOwner;
  readonly severity: EditSeverity;
  /** JSON pointer into the encounter, e.g. "/serviceLines/2/diagnosisPointers". */
  readonly path: string;
  readonly message: string;
}

export interface PayerRule {
  /** Days from the date of service within which the payer must receive the claim. */
  readonly timelyFilingDays?: number;
  /** Procedure codes (CPT/HCPCS) this payer wants a prior authorization for. */
  readonly authorizationRequired?: readonly string[];
}

export interface PayerRules {
  /** Timely filing limit for payers without their own (365 when absent). */
  readonly defaultTimelyFilingDays?: number;
  /** Rules by payer id (the encounter's `payer.id`). */
  readonly payers?: Readonly<Record<string, PayerRule>>;
}

/**
 * A claim already submitted, for duplicate detection: its `claimFingerprint`. Leave out
 * claims that were rejected (they never reached adjudication and may be sent again).
 */
export interface PriorClaim {
  readonly claimId: string;
  readonly patientControlNumber: string;
  readonly fingerprint: string;
}

/** The latest coverage answer (271) for one patient (`patientKey`) and payer. */
export interface EligibilityResult {
  readonly patientKey: string;
  readonly payerId: string;
  readonly active: boolean;
  readonly coverageFrom?: IsoDate;
  readonly coverageThrough?: IsoDate;
}

export interface ScrubContext {
  /** The caller's today ("YYYY-MM-DD"); the domain has no clock of its own. */
  readonly today: IsoDate;
  readonly codeSets: CodeSets;
  readonly payerRules: PayerRules;
  /** Payer ids a trading partner is set up to route. */
  readonly knownPayerIds: ReadonlySet<string> | readonly string[];
  readonly priorClaims: readonly PriorClaim[];
  readonly eligibility: readonly EligibilityResult[];
}
