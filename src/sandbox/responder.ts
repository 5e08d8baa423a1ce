/**
 * The sandbox payer's responder: watches a plain directory (the in-process SFTP server's
 * inbound directory, or the OpenSSH test server's) and answers each 837 that lands there
 * with the TA1/999 of `respondToFile`, written into the outbound directory.
 *
 * - Picks up regular files named *.x12 or *.837 (any case); `.part` uploads in progress and
 *   dot files are left alone.
 * - Each response is written as `<name>.part` and renamed, so a poller never sees half a file.
 * - An answered input is moved into `<inbound>/processed/` (an input the responder failed on
 *   into `<inbound>/failed/`), which is how it remembers what it answered. The order is
 *   answer first, then move: a crash in between answers that file again on restart (at least
 *   once, like a real payer's front end), never not at all.
 * - ISA13/GS06/ST02 of the answers come from `controlNumbers`; by default a counter kept in
 *   `<inbound>/processed/.control-number`, saved before the answers are written.
 * - TA1, 999 and 277CA files are written in the pass that answers the 837. 835 files are too
 *   by default; with `remitDelayPasses` n > 0 they wait in `<inbound>/processed/remits-pending/`
 *   (named `<passes left>~<name>`) and are written n passes later, as a payer pays days after
 *   it acknowledges (so a test sees the 277CA before the 835).
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { respondToFile } from "./respond.js";
import type { InterchangeAnswer } from "./respond.js";

export { respondToFile } from "./respond.js";
export type { InterchangeAnswer, RespondOptions, Response, ResponseFile } from "./respond.js";

export const PROCESSED_DIR = "processed";
export const FAILED_DIR = "failed";
/** Under `processed/`: 835s held for a later pass (`remitDelayPasses`). */
export const PENDING_DIR = "remits-pending";
const COUNTER_FILE = ".control-number";

export interface SandboxResponderOptions {
  /** Where 837s land; answered files move to its `processed/` subdirectory. */
  readonly inboundDir: string;
  /** Where the TA1/999 files go. */
  readonly outboundDir: string;
  /** ISA08 ids the sandbox payer answers to; empty or absent answers any. */
  readonly receiverIds?: readonly string[];
  /** The sandbox's control numbers; default: a counter persisted under `processed/`. */
  readonly controlNumbers?: () => number;
  readonly now?: () => Date;
  /** Passes to hold each 835 before writing it (default 0: in the pass that answers). */
  readonly remitDelayPasses?: number;
  /** Answer accepted claims with 277CA and 835 files (default true). */
  readonly remittances?: boolean;
  /** Called for a file or a pass that failed (the loop keeps running). */
  readonly onError?: (error: unknown, file?: string) => void;
}

/** What the responder did with one input file. */
export interface FileAnswer {
  /** The input's name in the inbound directory. */
  readonly input: string;
  /** Names of the files written to the outbound directory. */
  readonly written: readonly string[];
  /** Names of the 835 files held for a later pass (`remitDelayPasses`). */
  readonly delayed: readonly string[];
  readonly interchanges: readonly InterchangeAnswer[];
  /** The error code when the input was not X12 at all (nothing was answered). */
  readonly unreadable?: string;
}

/** Whether a directory entry is an 837 the responder should answer. */
export function isAnswerable(name: string): boolean {
  return !name.startsWith(".") && /\.(x12|837)$/i.test(name);
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

/** `dir/name`, or `dir/name.N` for the first N that is free (rename would overwrite). */
async function freeName(dir: string, name: string): Promise<string> {
  let candidate = path.join(dir, name);
  for (let n = 1; await exists(candidate); n++) candidate = path.join(dir, `${name}.${n}`);
  return candidate;
}

/** Writes `content` to `dir/name` through a `.part` file and a rename. */
export async function writeAtomically(dir: string, name: string, content: string): Promise<string> {
  const target = await freeName(dir, name);
  const part = `${target}.part`;
  await fs.writeFile(part, content);
  await fs.rename(part, target);
  return path.basename(target);
}

/** A control-number counter kept in a file: loaded once, saved by `save`. */
class StoredCounter {
  private next = 1;

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    const text = await fs.readFile(this.file, "utf8").catch(() => "");
    const stored = Number.parseInt(text, 10);
    this.next = Number.isSafeInteger(stored) && stored > 0 ? stored : 1;
  }

  take = (): number => {
    // ISA13 has nine digits: wrap before it overflows.
    if (this.next > 999_999_999) this.next = 1;
    return this.next++;
  };

  async save(): Promise<void> {
    // Replaced whole (rename over the old value), never half written.
    await fs.writeFile(`${this.file}.part`, `${this.next}\n`);
    await fs.rename(`${this.file}.part`, this.file);
  }
}

export class SandboxResponder {
  private readonly counter: StoredCounter | undefined;
  private pass: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: SandboxResponderOptions) {
    this.counter =
      options.controlNumbers === undefined
        ? new StoredCounter(path.join(options.inboundDir, PROCESSED_DIR, COUNTER_FILE))
        : undefined;
  }

  /**
   * Answers every new 837 in `inboundDir` once (one pass; passes never overlap). Returns
   * what it did with each file, in name order.
   */
  processDirectory(
    inboundDir = this.options.inboundDir,
    outboundDir = this.options.outboundDir,
  ): Promise<FileAnswer[]> {
    const run = this.pass.then(() => this.onePass(inboundDir, outboundDir));
    this.pass = run.catch(() => undefined);
    return run;
  }

  /** Runs `processDirectory` every `intervalMs` until `stop`. */
  start(intervalMs = 1000): void {
    if (this.running) return;
    this.running = true;
    const tick = (): void => {
      this.processDirectory()
        .catch((e: unknown) => this.options.onError?.(e))
        .finally(() => {
          if (this.running) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the loop and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  private async onePass(inboundDir: string, outboundDir: string): Promise<FileAnswer[]> {
    await this.releasePending(inboundDir, outboundDir);
    const entries = await fs.readdir(inboundDir, { withFileTypes: true });
    const names = entries
      .filter((e) => e.isFile() && isAnswerable(e.name))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) return [];
    await fs.mkdir(path.join(inboundDir, PROCESSED_DIR), { recursive: true });
    await fs.mkdir(outboundDir, { recursive: true });
    await this.counter?.load();
    const answers: FileAnswer[] = [];
    for (const name of names) {
      try {
        answers.push(await this.answer(inboundDir, outboundDir, name));
      } catch (e) {
        this.options.onError?.(e, name);
        await this.moveTo(inboundDir, FAILED_DIR, name).catch(() => undefined);
      }
    }
    return answers;
  }

  private async answer(inboundDir: string, outboundDir: string, name: string): Promise<FileAnswer> {
    const content = await fs.readFile(path.join(inboundDir, name));
    const response = respondToFile(content, {
      receiverIds: this.options.receiverIds ?? [],
      controlNumbers: this.options.controlNumbers ?? (this.counter as StoredCounter).take,
      now: this.options.now ?? (() => new Date()),
      remittances: this.options.remittances ?? true,
    });
    await this.counter?.save();
    const written: string[] = [];
    const delayed: string[] = [];
    const delay = this.options.remitDelayPasses ?? 0;
    for (const file of response.files) {
      if (file.kind === "835" && delay > 0) {
        const pending = path.join(inboundDir, PROCESSED_DIR, PENDING_DIR);
        await fs.mkdir(pending, { recursive: true });
        await writeAtomically(pending, `${delay}~${file.name}`, file.content);
        delayed.push(file.name);
      } else {
        written.push(await writeAtomically(outboundDir, file.name, file.content));
      }
    }
    await this.moveTo(inboundDir, PROCESSED_DIR, name);
    return {
      input: name,
      written,
      delayed,
      interchanges: response.interchanges,
      ...(response.unreadable === undefined ? {} : { unreadable: response.unreadable }),
    };
  }

  /**
   * Counts down the held 835s: one with a pass left is written to the outbound directory (and
   * only then removed), the others wait one pass less.
   */
  private async releasePending(inboundDir: string, outboundDir: string): Promise<void> {
    const pending = path.join(inboundDir, PROCESSED_DIR, PENDING_DIR);
    const names = await fs.readdir(pending).catch(() => [] as string[]);
    for (const held of names.sort()) {
      const match = /^(\d+)~(.+)$/.exec(held);
      if (match === null || held.endsWith(".part")) continue;
      const [, left = "1", name = held] = match;
      const from = path.join(pending, held);
      if (Number(left) > 1) {
        await fs.rename(from, path.join(pending, `${Number(left) - 1}~${name}`));
        continue;
      }
      await fs.mkdir(outboundDir, { recursive: true });
      await writeAtomically(outboundDir, name, await fs.readFile(from, "utf8"));
      await fs.unlink(from);
    }
  }

  private async moveTo(inboundDir: string, subdir: string, name: string): Promise<void> {
    const dir = path.join(inboundDir, subdir);
    await fs.mkdir(dir, { recursive: true });
    await fs.rename(path.join(inboundDir, name), await freeName(dir, name));
  }
}
