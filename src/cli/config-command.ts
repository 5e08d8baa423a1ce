import type { Command } from "commander";
import { describeConfig, loadConfig } from "../config/index.js";

/** `claimgate config`: validate the configuration and print it with secrets masked. */
export function registerConfigCommand(program: Command): void {
  program
    .command("config")
    .description("validate the configuration (environment and CLAIMGATE_CONFIG) and print it")
    .action(() => {
      const config = loadConfig();
      process.stdout.write(`${JSON.stringify(describeConfig(config), null, 2)}\n`);
    });
}
