/**
 * Where the project's static data lives: `schemas/` and `codesets/` at the package root, found
 * by walking up from this module to the folder holding package.json, so the same code works
 * from `src/` under tsx and from `dist/src/` after a build. Reading these files is the one file
 * read the domain core is allowed.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the nearest folder at or above `start` holding package.json. */
export function packageRootFrom(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** A path inside the package, e.g. `projectPath("schemas", "encounter.schema.json")`. */
export function projectPath(...parts: string[]): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.join(packageRootFrom(here), ...parts);
}
