/**
 * Names the claims a 999 segment error falls in: given the 837 set that was sent and an IK302
 * position, which CLM01s does the error reach? (ARCHITECTURE.md section 5: name the claim
 * that broke a batch.)
 *
 * - Inside a claim (2300 and its 2310x/2320/2400 loops): that claim.
 * - In an HL level (billing provider, subscriber, patient) before its claims: every claim
 *   under that HL and its descendants.
 * - In the header (BHT, 1000A/B) or on ST/SE: every claim of the set.
 */
import type { TransactionSet } from "../interchange.js";
import type { Segment } from "../segment.js";
import { element } from "./common.js";

export interface AffectedClaim {
  /** CLM01 patient control number. */
  readonly patientControlNumber: string;
  /** Position of the CLM segment. */
  readonly position: number;
}

interface ClaimInHierarchy extends AffectedClaim {
  readonly hlId: string | undefined;
}

function claimsWithTheirHl(segments: readonly Segment[]): ClaimInHierarchy[] {
  const claims: ClaimInHierarchy[] = [];
  let hlId: string | undefined;
  for (const segment of segments) {
    if (segment.id === "HL") hlId = element(segment, 1);
    else if (segment.id === "CLM") {
      claims.push({ patientControlNumber: element(segment, 1), position: segment.position, hlId });
    }
  }
  return claims;
}

/** HL ids of `root` and every HL below it (HL02 parent links). */
function descendants(segments: readonly Segment[], root: string): Set<string> {
  const ids = new Set([root]);
  for (const segment of segments) {
    if (segment.id === "HL" && ids.has(element(segment, 2))) ids.add(element(segment, 1));
  }
  return ids;
}

/** The claims a segment error at `position` of the sent 837 `set` falls in. */
export function claimsAtPosition(set: TransactionSet, position: number): AffectedClaim[] {
  const { segments } = set;
  const claims = claimsWithTheirHl(segments);
  const strip = ({ patientControlNumber, position: at }: ClaimInHierarchy): AffectedClaim => ({
    patientControlNumber,
    position: at,
  });
  const index = segments.findIndex((segment) => segment.position === position);
  for (let i = index; i >= 0; i--) {
    const segment = segments[i]!;
    if (segment.id === "SE" || segment.id === "ST") break;
    if (segment.id === "CLM") {
      const claim = claims.find((c) => c.position === segment.position);
      return claim === undefined ? [] : [strip(claim)];
    }
    if (segment.id === "HL") {
      const under = descendants(segments, element(segment, 1));
      return claims.filter((c) => c.hlId !== undefined && under.has(c.hlId)).map(strip);
    }
  }
  return claims.map(strip);
}
