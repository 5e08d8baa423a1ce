/**
 * The `claimgate` program. Wiring only: each subcommand lives in its own file here and
 * calls the core and adapters. Exit codes: 0 success, 1 the input has problems (findings, edits),
 * 2 usage or I/O error.
 */
import { Command, CommanderError } from "commander";
import { registerClaimCommands } from "./claim-commands.js";
import { registerConfigCommand } from "./config-command.js";
import { registerRunCommands } from "./run-commands.js";
import { registerX12Commands } from "./x12-commands.js";
import { ClaimgateError } from "../errors.js";

export function buildProgram(): Command {
  const program = new Command("claimgate")
    .description(
      "X12 EDI clearinghouse gateway: coded encounters to claims, acks and remittances back",
    )
    .showHelpAfterError()
    .exitOverride();
  registerConfigCommand(program);
  registerX12Commands(program);
  registerClaimCommands(program);
  registerRunCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof ClaimgateError) {
      process.stderr.write(`claimgate: ${e.code}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
