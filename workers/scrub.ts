import type { WorkerDefinition } from "../src/app/worker-runner.js";
import { scrubClaim, scrubClaims } from "../src/pipeline/scrub.js";

/** Scrub received or corrected claims (one, or an intake batch's): held or ready for a partner. */
export const scrubWorker: WorkerDefinition<"scrub"> = {
  queue: "scrub",
  concurrency: 8,
  handle: async (c, payload) => {
    if (!("claimIds" in payload)) return scrubClaim(c, payload);
    const outcomes = await scrubClaims(c, payload);
    // The job's return value is kept in Redis: counts only.
    const counts: Record<string, number> = {};
    for (const o of outcomes.values()) counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
    return counts;
  },
};
