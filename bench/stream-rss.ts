/**
 * Child process of the benchmark: streams one file through streamTransactionSets and prints
 * {bytes, sets, segments, seconds, peakRssMb, maxRssMb, baselineMb} as JSON (baselineMb: RSS before
 * streaming). peakRssMb is sampled here after every set; maxRssMb is the kernel's ru_maxrss, which
 * on Linux also counts the pages of the parent at fork time (the benchmark parent may hold
 * hundreds of MB by then), so it is printed but not judged.
 */
import { createReadStream, statSync } from "node:fs";
import { streamTransactionSets } from "../src/x12/stream.js";

const path = process.argv[2];
if (path === undefined) throw new Error("usage: stream-rss.ts FILE");
const baselineMb = process.memoryUsage.rss() / 1024 / 1024;
const started = performance.now();
let sets = 0;
let segments = 0;
let peakRss = process.memoryUsage.rss();
for await (const item of streamTransactionSets(
  createReadStream(path, { highWaterMark: 64 * 1024 }),
)) {
  sets++;
  segments += item.transactionSet.segments.length;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
const seconds = (performance.now() - started) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const peakRssMb = Math.max(peakRss, process.memoryUsage.rss()) / 1024 / 1024;
const bytes = statSync(path).size;
process.stdout.write(
  JSON.stringify({ bytes, sets, segments, seconds, peakRssMb, maxRssMb, baselineMb }) + "\n",
);
