/**
 * `claimgate validate | parse | ack`: the X12 core on files (ARCHITECTURE.md section 6).
 * Exit codes: 0 all valid, 1 findings with errors (or a set that cannot be read), 2 usage or I/O.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { ClaimgateError } from "../errors.js";
import { build999, sequentialControlNumbers } from "../x12/ack.js";
import { readInterchanges } from "../x12/envelope.js";
import type { Finding } from "../x12/finding.js";
import type { Interchange, TransactionSet } from "../x12/interchange.js";
import { read837 } from "../x12/transactions/837-read.js";
import { readInbound } from "../x12/transactions/inbound.js";
import { readInterchangeAcknowledgments } from "../x12/transactions/ta1.js";
import { validateFile } from "../x12/validator.js";

type Out = (text: string) => void;
const stdout: Out = (t) => process.stdout.write(t);
const stderr: Out = (t) => process.stderr.write(t);

/** Exit code of the command; the highest wins (2 over 1 over 0). */
class ExitCode {
  value = 0;
  raise(code: 0 | 1 | 2): void {
    this.value = Math.max(this.value, code);
  }
}

async function readInput(file: string, exit: ExitCode): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    stderr(`claimgate: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}\n`);
    exit.raise(2);
    return undefined;
  }
}

/** A file that is not X12 at all is one finding at its offset, not a crash. */
function faultFinding(error: ClaimgateError): Finding {
  return { code: error.code, severity: "error", message: error.message, position: 0, segment: "" };
}

function findingsOf(content: Buffer): Finding[] {
  try {
    return [...validateFile(content).findings];
  } catch (error) {
    if (error instanceof ClaimgateError) return [faultFinding(error)];
    throw error;
  }
}

function findingLine(file: string, f: Finding): string {
  const where = [
    f.loop,
    f.element === undefined ? undefined : `${f.segment}${String(f.element).padStart(2, "0")}`,
  ]
    .filter(Boolean)
    .join(" ");
  return `${file}:${f.position}: ${f.code} ${f.message}${where ? ` [${where}]` : ""}\n`;
}

async function validateCommand(files: string[], options: { json?: boolean }): Promise<void> {
  const exit = new ExitCode();
  const results = [];
  for (const file of files) {
    const content = await readInput(file, exit);
    if (content === undefined) continue;
    const findings = findingsOf(content);
    const valid = !findings.some((f) => f.severity === "error");
    if (!valid) exit.raise(1);
    results.push({ file, valid, findings });
    if (!options.json) for (const f of findings) stdout(findingLine(file, f));
  }
  if (options.json) {
    const files = results.map((r) => ({
      file: r.file,
      valid: r.valid,
      findings: r.findings.map((f) => ({
        position: f.position,
        segment: f.segment,
        element: f.element ?? null,
        code: f.code,
        severity: f.severity,
        message: f.message,
        loop: f.loop ?? null,
      })),
    }));
    stdout(`${JSON.stringify({ files }, null, 2)}\n`);
  }
  process.exitCode = exit.value;
}

function readSet(set: TransactionSet, interchange: Interchange): unknown {
  if (set.id === "837") return read837(set, interchange.delimiters);
  const inbound = readInbound(set, interchange.delimiters);
  if (inbound !== undefined) return inbound;
  return { kind: set.id, controlNumber: set.controlNumber, guide: set.guide, supported: false };
}

function parseInterchange(interchange: Interchange, exit: ExitCode, file: string) {
  const groups = interchange.groups.map((group) => ({
    functionalId: group.functionalId,
    controlNumber: group.controlNumber,
    version: group.version,
    transactions: group.transactionSets.map((set) => {
      try {
        return readSet(set, interchange);
      } catch (error) {
        if (!(error instanceof ClaimgateError)) throw error;
        exit.raise(1);
        stderr(`${file}: set ${set.controlNumber}: ${error.code}: ${error.message}\n`);
        return { kind: set.id, controlNumber: set.controlNumber, error: error.code };
      }
    }),
  }));
  return {
    controlNumber: interchange.controlNumber,
    sender: interchange.sender,
    receiver: interchange.receiver,
    usage: interchange.usage,
    interchangeAcknowledgments: readInterchangeAcknowledgments(interchange),
    groups,
  };
}

async function parseCommand(file: string, options: { json?: boolean }): Promise<void> {
  const exit = new ExitCode();
  const content = await readInput(file, exit);
  if (content === undefined) {
    process.exitCode = exit.value;
    return;
  }
  const interchanges = readInterchanges(content).map((i) => parseInterchange(i, exit, file));
  if (options.json) {
    stdout(`${JSON.stringify({ file, interchanges }, null, 2)}\n`);
  } else {
    for (const i of interchanges) {
      for (const g of i.groups) {
        for (const t of g.transactions as { kind: string; claims?: unknown[] }[]) {
          stdout(
            `${file}: ISA ${i.controlNumber} GS ${g.controlNumber} ${t.kind}${t.claims ? ` ${t.claims.length} claims` : ""}\n`,
          );
        }
      }
    }
  }
  process.exitCode = exit.value;
}

async function ackCommand(file: string): Promise<void> {
  const exit = new ExitCode();
  const content = await readInput(file, exit);
  if (content !== undefined) {
    const now = new Date().toISOString();
    stdout(
      build999(validateFile(content), {
        controlNumbers: sequentialControlNumbers(),
        date: now.slice(0, 10).replaceAll("-", ""),
        time: now.slice(11, 16).replace(":", ""),
        lineBreak: "\n",
      }),
    );
  }
  process.exitCode = exit.value;
}

export function registerX12Commands(program: Command): void {
  program
    .command("validate")
    .description(
      "validate X12 files against the TR3 specs; one finding a line (FILE:POSITION: CODE message)",
    )
    .argument("<file...>", "X12 files")
    .option("--json", "print { files: [{ file, valid, findings }] }")
    .action(validateCommand);
  program
    .command("parse")
    .description("read an X12 file into its typed transactions (837, 835, 277CA, 999, TA1, 271)")
    .argument("<file>", "an X12 file")
    .option("--json", "print the typed transactions as JSON")
    .action(parseCommand);
  program
    .command("ack")
    .description(
      "print the 999 (and a TA1 when the envelope is bad) a receiver would return for FILE",
    )
    .argument("<file>", "an X12 file")
    .action(ackCommand);
}
