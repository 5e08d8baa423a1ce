/**
 * The public X12 sample corpus (../shared/corpus, see its PROVENANCE.md), read in place.
 * Files under an `invalid/` folder are expected failures; all others are valid samples.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of the corpus folder. */
export const corpusDir = path.resolve(repoRoot, "..", "shared", "corpus");

export interface CorpusFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the corpus folder, with "/" separators, e.g. "835/x.835". */
  readonly relative: string;
  /** First folder under the corpus, e.g. "837p" or "invalid". */
  readonly folder: string;
}

function listAll(): CorpusFile[] {
  const entries = readdirSync(corpusDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name !== "PROVENANCE.md")
    .map((entry) => {
      const absolute = path.join(entry.parentPath, entry.name);
      const relative = path.relative(corpusDir, absolute).split(path.sep).join("/");
      return { path: absolute, relative, folder: relative.split("/")[0] ?? "" };
    })
    .sort((a, b) => a.relative.localeCompare(b.relative));
}

const isInvalid = (file: CorpusFile): boolean => file.relative.split("/").includes("invalid");

/** Every sample that is not under an `invalid/` folder. */
export function corpusFiles(): CorpusFile[] {
  return listAll().filter((file) => !isInvalid(file));
}

/** The expected-failure samples (under `invalid/`). */
export function invalidCorpusFiles(): CorpusFile[] {
  return listAll().filter(isInvalid);
}
