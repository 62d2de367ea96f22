/**
 * Readings export memory: a 1 GiB zip streamed through the export's zip → PostgreSQL chunk rows path
 * (storeExportZip, as the export job uses it) and back out as the download route reads it
 * (getReadingsExportFile), sampling the process's memory throughout. Baseline: the path it replaced
 * (the whole zip gathered in memory, copied, written as one bytea value) at its old 200 MiB cap.
 * The CSV is synthetic and hard to compress (random base64 in the value column), so a GiB of zip needs
 * little more than a GiB of text; InfluxDB is left out here because a GiB of zipped readings is ~200
 * million rows. Each path runs in its own process; the streamed one with V8's heap capped
 * (--max-old-space-size), so finishing at all proves it never needed more; the baseline is also tried under
 * the same cap. Prints one JSON line on stdout.   [--quick] [--gib 1] [--baseline-mib 200]
 */
import "../server/load-dotenv";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { ZipFile } from "yazl";
import { db } from "../server/db";
import { storeExportZip, type ExportZipAuthor } from "../server/exports/store-export-zip";
import { getReadingsExportFile } from "../server/exports/get-readings-export-file";
import { argValue, progress, quick } from "./support/processes";

const MIB = 1024 * 1024;
const targetBytes = Math.round(argValue("gib", quick ? 0.25 : 1) * 1024 * MIB);
const baselineBytes = Math.round(argValue("baseline-mib", quick ? 50 : 200) * MIB);
const BENCH_USER = "bench-readings-export@gristmill.local";
/** The old generation's cap for the streamed path; the young generation adds at most 16 MB. */
const HEAP_CAP_MB = 48;

/** Peak memory of the whole process (not growth: everything it holds counts), sampled every 10 ms. */
function memorySampler() {
  const start = process.memoryUsage();
  const peak = { heap: 0, heapAndBuffers: 0, rss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.heapAndBuffers = Math.max(peak.heapAndBuffers, m.heapUsed + m.arrayBuffers);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  const timer = setInterval(sample, 10);
  const mb = (n: number) => Math.round((n / MIB) * 10) / 10;
  return {
    sample,
    stop() {
      sample();
      clearInterval(timer);
      return { heap_mb: mb(peak.heap), heap_and_buffers_mb: mb(peak.heapAndBuffers), rss_mb: mb(peak.rss), start_heap_mb: mb(start.heapUsed) };
    },
  };
}

/** ~1 MiB of CSV rows whose values are random base64 (deflate saves only ~25 %). */
function synthCsv(): string {
  const values = randomBytes(12_000 * 48).toString("base64");
  // join, not +=: one flat string instead of a tree of 36,000 pieces.
  return Array.from(
    { length: 12_000 },
    (_, i) => `2026-03-01T00:00:${String(i % 60).padStart(2, "0")}.000Z,bench-sensor-${i % 97},${values.slice(i * 64, i * 64 + 64)},m/s\n`,
  ).join("");
}

// Made once and cycled, so the figures are the export path's and not the text generator's garbage
// (deflate's 32 KiB window cannot see one 1 MiB block repeat).
const blocks = Array.from({ length: 4 }, synthCsv);
let nextBlock = 0;
const csvBlock = () => blocks[nextBlock++ % blocks.length];

/** Writes quantity files of synthetic rows until the zip reaches the target size. */
async function authorUntil(zip: ExportZipAuthor, bytes: number, onMiB: (mib: number) => void) {
  let shown = 0;
  for (let entry = 0; zip.bytes < bytes; entry++) {
    await zip.startEntry(`quantity_${entry}.csv`);
    await zip.write("time,sensor_key,value,unit\n");
    // Several files, as an export of several quantities has.
    for (let n = 0; n < 200 && zip.bytes < bytes; n++) {
      await zip.write(csvBlock());
      const mib = Math.floor(zip.bytes / MIB / 64) * 64;
      if (mib > shown) onMiB((shown = mib));
    }
  }
}

async function streamedPath() {
  const row = await db.readingsExport.create({ data: { requestedBy: BENCH_USER, params: {}, status: "running" } });
  const memory = memorySampler();
  const t0 = performance.now();
  const { bytes } = await storeExportZip({
    exportId: row.id,
    maxBytes: targetBytes + 64 * MIB,
    mtime: new Date(),
    author: (zip) => authorUntil(zip, targetBytes, (mib) => progress(`stored ${mib} MiB`)),
  });
  const storeSeconds = (performance.now() - t0) / 1000;
  const storeMemory = memory.stop();
  await db.readingsExport.update({ where: { id: row.id }, data: { status: "succeeded", bytes } });

  const downloadMemory = memorySampler();
  const t1 = performance.now();
  const file = await getReadingsExportFile(db, { id: row.id, user: { id: "bench", email: BENCH_USER, name: "bench", role: "STAKEHOLDER" } as never });
  let read = 0;
  for await (const chunk of file!.slices()) read += chunk.length;
  const downloadSeconds = (performance.now() - t1) / 1000;
  const downloaded = downloadMemory.stop();
  if (read !== bytes) throw new Error(`downloaded ${read} of ${bytes} bytes`);
  return { bytes, storeSeconds, storeMemory, downloadSeconds, downloaded };
}

/** The replaced path: gather the zip's output in memory, concatenate, copy, write one bytea value. */
async function inMemoryPath() {
  const row = await db.readingsExport.create({ data: { requestedBy: BENCH_USER, params: {}, status: "running" } });
  const memory = memorySampler();
  const t0 = performance.now();
  const zip = new ZipFile();
  const chunks: Buffer[] = [];
  let bytes = 0;
  const output = zip.outputStream as Readable;
  output.on("data", (c: Buffer) => {
    chunks.push(c);
    bytes += c.length;
  });
  const ended = new Promise((resolve) => output.on("end", resolve));
  let entry = new PassThrough();
  zip.addReadStream(entry, "quantity_0.csv");
  for (let n = 0; bytes < baselineBytes; n++) {
    if (n % 200 === 199) {
      entry.end();
      entry = new PassThrough();
      zip.addReadStream(entry, `quantity_${n}.csv`);
    }
    if (!entry.write(csvBlock())) await once(entry, "drain");
  }
  entry.end();
  zip.end();
  await ended;
  const content = Buffer.concat(chunks);
  memory.sample();
  await db.readingsExportChunk.create({ data: { exportId: row.id, seq: 0, data: new Uint8Array(content) }, select: { seq: true } });
  const seconds = (performance.now() - t0) / 1000;
  return { bytes: content.length, seconds, memory: memory.stop() };
}

const mib = (n: number) => Math.round(n / MIB);

/** One path in this process: prints its figures as one JSON line. */
async function runPart(part: string) {
  await db.readingsExport.deleteMany({ where: { requestedBy: BENCH_USER } });
  try {
    if (part === "streamed") {
      const r = await streamedPath();
      console.log(
        JSON.stringify({
          gigabyte_zip_mib: mib(r.bytes),
          gigabyte_peak_heap_mb: Math.max(r.storeMemory.heap_mb, r.downloaded.heap_mb),
          gigabyte_peak_heap_and_buffers_mb: Math.max(r.storeMemory.heap_and_buffers_mb, r.downloaded.heap_and_buffers_mb),
          gigabyte_peak_rss_mb: Math.max(r.storeMemory.rss_mb, r.downloaded.rss_mb),
          gigabyte_store_mib_per_s: Math.round(r.bytes / MIB / r.storeSeconds),
          gigabyte_download_mib_per_s: Math.round(r.bytes / MIB / r.downloadSeconds),
          gigabyte_heap_at_start_mb: r.storeMemory.start_heap_mb,
        }),
      );
    } else {
      const r = await inMemoryPath();
      console.log(
        JSON.stringify({
          zip_mib: mib(r.bytes),
          peak_heap_mb: r.memory.heap_mb,
          peak_heap_and_buffers_mb: r.memory.heap_and_buffers_mb,
          peak_rss_mb: r.memory.rss_mb,
        }),
      );
    }
  } finally {
    await db.readingsExport.deleteMany({ where: { requestedBy: BENCH_USER } });
    await db.$disconnect();
  }
}

/** Runs a part in a child process (optionally under the heap cap); its JSON, or why it died. */
function child(part: string, capped: boolean): { json?: Record<string, number>; died?: string } {
  const flags = capped ? [`--max-old-space-size=${HEAP_CAP_MB}`] : [];
  const passOn = process.argv.slice(2).filter((a) => a !== "--part");
  const run = spawnSync(process.execPath, [...flags, "--import", "tsx", __filename, "--part", part, ...passOn], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
    maxBuffer: 64 * MIB,
  });
  process.stderr.write(
    run.stderr
      .split("\n")
      .filter((l) => l.startsWith("  ·"))
      .join("\n") + "\n",
  );
  if (run.status === 0) return { json: JSON.parse(run.stdout.trim().split("\n").pop()!) };
  if (/heap out of memory/.test(run.stderr)) return { died: "out of memory" };
  return { died: `exit ${run.status ?? run.signal}: ${run.stderr.trim().split("\n").slice(-3).join(" ")}` };
}

async function main() {
  const partIndex = process.argv.indexOf("--part");
  if (partIndex >= 0) return runPart(process.argv[partIndex + 1]);
  progress(`streamed path: ${mib(targetBytes)} MiB zip into PostgreSQL chunks and back, heap capped at ${HEAP_CAP_MB} MB old space`);
  const streamed = child("streamed", true);
  if (!streamed.json) throw new Error(`the streamed path failed under the heap cap: ${streamed.died}`);
  progress(`baseline: the in-memory path at ${mib(baselineBytes)} MiB, uncapped`);
  const baseline = child("baseline", false);
  progress("baseline again under the same heap cap");
  const baselineCapped = child("baseline", true);
  const b = baseline.json ?? {};
  console.log(
    JSON.stringify({
      exports: {
        ...streamed.json,
        gigabyte_heap_cap_mb: HEAP_CAP_MB,
        baseline_in_memory_zip_mib: b.zip_mib,
        baseline_in_memory_peak_heap_mb: b.peak_heap_mb,
        baseline_in_memory_peak_heap_and_buffers_mb: b.peak_heap_and_buffers_mb,
        baseline_in_memory_peak_rss_mb: b.peak_rss_mb,
        baseline_in_memory_under_heap_cap: baselineCapped.json ? "completed" : baselineCapped.died,
      },
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
