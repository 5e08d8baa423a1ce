#!/usr/bin/env node
/** Entry point of the `claimgate` command (the package bin). */
import { main } from "./cli/program.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `claimgate: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exitCode = 2;
  },
);
