/**
 * `claimgate scrub INPUT.json` and `claimgate build 837p|837i|270 INPUT.json`: the claim core on
 * files. INPUT holds one coded encounter or an array of them (one eligibility request or an
 * array, for 270). Scrub prints each encounter's edits and exits 1 when any holds its claim;
 * build prints the X12, or refuses with the schema problems or the holding edits (exit 1).
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadCodeSets } from "../domain/codesets/index.js";
import type { CodedEncounter } from "../domain/encounter.js";
import { validateEncounter } from "../domain/encounter-schema.js";
import { validateEligibilityRequest } from "../domain/eligibility.js";
import { holdsClaim, scrub } from "../domain/scrub/index.js";
import type { ScrubEdit } from "../domain/scrub/index.js";
import { ClaimgateError } from "../errors.js";
import { batch837 } from "../x12/transactions/837-batch.js";
import { build270Batch } from "../x12/transactions/270-build.js";

const out = (t: string) => process.stdout.write(t);
const err = (t: string) => process.stderr.write(t);

async function readItems(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ClaimgateError(
      "CONFIG_INVALID",
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ClaimgateError("CONFIG_INVALID", `${file} is not valid JSON`);
  }
  return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Edits of each valid encounter; schema problems printed for the others. */
function scrubAll(items: unknown[], report: (t: string) => void) {
  const codeSets = loadCodeSets();
  const results: {
    index: number;
    encounter?: CodedEncounter;
    edits: ScrubEdit[];
    invalid: boolean;
  }[] = [];
  items.forEach((item, index) => {
    const validation = validateEncounter(item);
    if (!validation.ok) {
      for (const p of validation.problems)
        report(`#${index} ${p.path || "/"}: SCHEMA ${p.message}\n`);
      results.push({ index, edits: [], invalid: true });
      return;
    }
    const encounter = validation.encounter;
    const edits = scrub(encounter, {
      today: today(),
      codeSets,
      payerRules: {},
      knownPayerIds: [encounter.payer.id],
      priorClaims: [],
      eligibility: [],
    });
    for (const e of edits) {
      report(`#${index} ${e.path}: ${e.code} ${e.severity} (${e.owner}) ${e.message}\n`);
    }
    results.push({ index, encounter, edits, invalid: false });
  });
  return results;
}

async function scrubCommand(file: string): Promise<void> {
  const results = scrubAll(await readItems(file), out);
  const held = results.filter((r) => r.invalid || holdsClaim(r.edits)).length;
  out(`${results.length} encounters, ${held} held\n`);
  process.exitCode = held > 0 ? 1 : 0;
}

function stamp() {
  const now = new Date().toISOString();
  return { date: now.slice(0, 10).replaceAll("-", ""), time: now.slice(11, 16).replace(":", "") };
}

async function build837(kind: "837p" | "837i", file: string) {
  const results = scrubAll(await readItems(file), err);
  if (results.some((r) => r.invalid || holdsClaim(r.edits))) {
    err("claimgate: not built: scrub holds at least one encounter (see above)\n");
    process.exitCode = 1;
    return;
  }
  const party = { qualifier: "ZZ", id: "CLAIMGATE" };
  const built = batch837(
    results.map((r, i) => ({
      encounter: r.encounter as CodedEncounter,
      submissionId: `CLI${i + 1}`,
    })),
    {
      kind,
      interchangeSender: party,
      interchangeReceiver: { qualifier: "ZZ", id: "RECEIVER" },
      groupSender: "CLAIMGATE",
      groupReceiver: "RECEIVER",
      submitter: {
        name: "CLAIMGATE",
        id: "CLAIMGATE",
        contactName: "CLAIMS",
        email: "claims@example.invalid",
      },
      receiver: { name: "RECEIVER", id: "RECEIVER" },
      usage: "T",
      controlNumbers: { isa: 1, gs: 1, firstSt: 1 },
      ...stamp(),
      lineBreak: "\n",
    },
  );
  out(built.text);
}

async function build270(file: string) {
  const requests = [];
  for (const [index, item] of (await readItems(file)).entries()) {
    const validation = validateEligibilityRequest(item);
    if (!validation.ok) {
      for (const p of validation.problems) err(`#${index} ${p.path || "/"}: SCHEMA ${p.message}\n`);
      process.exitCode = 1;
      continue;
    }
    requests.push(validation.request);
  }
  if (process.exitCode === 1) return;
  // One transaction set per request, as the pipeline sends them (a 999 can then reject one).
  const { text } = build270Batch(
    requests.map((request, index) => ({ request, reference: `CLI270-${index + 1}` })),
    {
      interchangeSender: { qualifier: "ZZ", id: "CLAIMGATE" },
      interchangeReceiver: { qualifier: "ZZ", id: "RECEIVER" },
      groupSender: "CLAIMGATE",
      groupReceiver: "RECEIVER",
      usage: "T",
      controlNumbers: { isa: 1, gs: 1 },
      originatorId: "9CLAIMGATE",
      lineBreak: "\n",
      ...stamp(),
    },
  );
  out(text);
}

export function registerClaimCommands(program: Command): void {
  program
    .command("scrub")
    .description(
      "print the scrub edits of each coded encounter in INPUT.json; exit 1 when any holds",
    )
    .argument("<input>", "a JSON file with one encounter or an array")
    .action(scrubCommand);
  program
    .command("build")
    .description(
      "print the X12 built from INPUT.json: 837p or 837i from coded encounters, 270 from eligibility requests",
    )
    .argument("<kind>", "837p, 837i or 270")
    .argument("<input>", "a JSON file with one item or an array")
    .action(async (kind: string, file: string) => {
      if (kind === "837p" || kind === "837i") return build837(kind, file);
      if (kind === "270") return build270(file);
      throw new ClaimgateError("CONFIG_INVALID", "kind must be 837p, 837i or 270");
    });
}
