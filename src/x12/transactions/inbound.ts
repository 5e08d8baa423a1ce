/**
 * One entry for the transaction sets a partner sends back: picks the reader by ST01 (and, for
 * 277, the X214 guide of the 277CA) and returns a tagged result. TA1s come from the interchange.
 */
import type { Interchange, TransactionSet } from "../interchange.js";
import type { Delimiters } from "../segment.js";
import { read271 } from "./271.js";
import type { EligibilityResponse } from "./271.js";
import { read277ca } from "./277ca.js";
import type { ClaimAcknowledgment } from "./277ca.js";
import { read835 } from "./835.js";
import type { Remittance } from "./835.js";
import { read999 } from "./999.js";
import type { ImplementationAcknowledgment } from "./999.js";
import { readInterchangeAcknowledgments } from "./ta1.js";
import type { InterchangeAcknowledgment } from "./ta1.js";

export type InboundTransaction =
  | { readonly kind: "835"; readonly remittance: Remittance }
  | { readonly kind: "277CA"; readonly acknowledgment: ClaimAcknowledgment }
  | { readonly kind: "999"; readonly acknowledgment: ImplementationAcknowledgment }
  | { readonly kind: "271"; readonly eligibility: EligibilityResponse };

/** The 277CA guide; other 277s (X212 claim status responses) are not claim acknowledgments. */
const X214 = /X214/;

/** Reads an inbound set, or returns undefined when no inbound reader handles its ST01/guide. */
export function readInbound(
  set: TransactionSet,
  delimiters: Delimiters,
): InboundTransaction | undefined {
  switch (set.id) {
    case "835":
      return { kind: "835", remittance: read835(set, delimiters) };
    case "277":
      return X214.test(set.guide)
        ? { kind: "277CA", acknowledgment: read277ca(set, delimiters) }
        : undefined;
    case "999":
      return { kind: "999", acknowledgment: read999(set, delimiters) };
    case "271":
      return { kind: "271", eligibility: read271(set, delimiters) };
    default:
      return undefined;
  }
}

export interface InboundInterchange {
  readonly controlNumber: string;
  readonly interchangeAcknowledgments: readonly InterchangeAcknowledgment[];
  readonly transactions: readonly InboundTransaction[];
}

/** Reads the TA1s and every inbound transaction set of an interchange, in file order. */
export function readInboundInterchange(interchange: Interchange): InboundInterchange {
  const transactions: InboundTransaction[] = [];
  for (const group of interchange.groups) {
    for (const set of group.transactionSets) {
      const read = readInbound(set, interchange.delimiters);
      if (read !== undefined) transactions.push(read);
    }
  }
  return {
    controlNumber: interchange.controlNumber,
    interchangeAcknowledgments: readInterchangeAcknowledgments(interchange),
    transactions,
  };
}
