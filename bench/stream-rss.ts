/**
 * Child process of the benchmark: streams one file through streamTransactionSets and prints
 * {bytes, sets, segments, seconds, maxRssMb, baselineMb} as JSON (baselineMb: RSS before streaming). Run alone so its peak RSS is its own.
 */
import { createReadStream, statSync } from "node:fs";
import { streamTransactionSets } from "../src/x12/stream.js";

const path = process.argv[2];
if (path === undefined) throw new Error("usage: stream-rss.ts FILE");
const baselineMb = process.memoryUsage.rss() / 1024 / 1024;
const started = performance.now();
let sets = 0;
let segments = 0;
for await (const item of streamTransactionSets(
  createReadStream(path, { highWaterMark: 64 * 1024 }),
)) {
  sets++;
  segments += item.transactionSet.segments.length;
}
const seconds = (performance.now() - started) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const bytes = statSync(path).size;
process.stdout.write(
  JSON.stringify({ bytes, sets, segments, seconds, maxRssMb, baselineMb }) + "\n",
);
