/**
 * A year of 10-minute averages from a 30-column logger (52,560 rows, TOA5 as a CR1000X writes it),
 * streamed through the logger-file reader and imported into InfluxDB by the import job, in a
 * database of its own (dropped afterwards). Baseline in the same run: csv-parse alone over the same
 * file (the floor any reader built on it has). Peak heap is sampled while rows stream.
 *   node --import tsx bench/imports.ts [--quick]
 */
import "../server/load-dotenv";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse";
import { db } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { openLoggerFile } from "../server/imports/open-logger-file";
import { runSensorImport } from "../server/imports/run-sensor-import";
import { quoteIdentifier } from "../server/readings/influxql";

const quick = process.argv.includes("--quick");
const ROWS = quick ? 8_760 : 52_560;
const COLUMNS = 30;
const STEP = 600_000;

function makeFile(file: string) {
  const names = Array.from({ length: COLUMNS }, (_, i) => `Spd${20 + i * 2}mN${["", "Std", "Max"][i % 3]}`);
  const lines = [
    '"TOA5","BenchMast","CR1000X","1","CR1000X.Std.06","CPU:bench.CR1X","1","Ten_Min"',
    `"TIMESTAMP","RECORD",${names.map((n) => `"${n}"`).join(",")}`,
    `"TS","RN",${names.map(() => '"m/s"').join(",")}`,
    `"","",${names.map((n) => `"${n.endsWith("Std") ? "Std" : n.endsWith("Max") ? "Max" : "Avg"}"`).join(",")}`,
  ];
  const t0 = Date.UTC(2025, 0, 1);
  const chunks: string[] = [lines.join("\r\n") + "\r\n"];
  for (let r = 0; r < ROWS; r++) {
    const stamp = new Date(t0 + (r + 1) * STEP).toISOString().slice(0, 19).replace("T", " ");
    const cells = Array.from({ length: COLUMNS }, (_, c) => (5 + 3 * Math.sin((r + c) / 40) + c / 10).toFixed(3));
    chunks.push(`"${stamp}",${r},${cells.join(",")}\r\n`);
  }
  writeFileSync(file, chunks.join(""));
}

/** Runs fn while sampling the heap; returns its result, seconds, and the peak heap above the start. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakHeapMb: number }> {
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  try {
    const value = await fn();
    return {
      value,
      seconds: (performance.now() - started) / 1000,
      peakHeapMb: Math.round(((Math.max(peak, process.memoryUsage().heapUsed) - base) / 1_048_576) * 10) / 10,
    };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gristmill-bench-imports-"));
  const file = path.join(dir, "year.dat");
  makeFile(file);
  const bytes = (await import("node:fs")).statSync(file).size;

  const stage = (what: string) => process.stderr.write(`  imports: ${what}\n`);
  stage(`file written (${ROWS} rows)`);
  const floor = await measured(async () => {
    let rows = 0;
    for await (const record of createReadStream(file).pipe(parse({ relax_column_count: true, from_line: 5 }))) rows += record ? 1 : 0;
    return rows;
  });
  stage(`csv-parse alone: ${floor.seconds.toFixed(1)} s`);
  const parsed = await measured(async () => {
    const opened = await openLoggerFile(createReadStream(file), { timeZone: "UTC", maxLineChars: 1 << 20 });
    let points = 0;
    for await (const row of opened.rows) for (const v of row.values) if (v !== null) points++;
    return { rows: opened.report.rows, points };
  });

  stage(`reader: ${parsed.seconds.toFixed(1)} s`);
  const client = new InfluxClient({ url: env().INFLUX_URL, token: env().INFLUX_TOKEN, database: `${env().INFLUX_DB}_bench_imports` });
  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
  await client.query(`CREATE DATABASE ${quoteIdentifier(client.database)}`);
  const run = Date.now().toString(36);
  const columnMap: Record<string, string> = {};
  const opened = await openLoggerFile(createReadStream(file), { timeZone: "UTC", columns: [] });
  for await (const row of opened.rows) void row;
  for (const column of opened.columns) {
    const key = `bench-imports-${run}.${column.name}`;
    columnMap[column.name] = key;
    await db.sensor.create({
      data: { key, name: key, quantity: "wind_speed", unit: "m/s", infraType: "bench", region: "bench", site: "bench", intervalSeconds: 600 },
    });
  }
  const record = await db.sensorImport.create({
    data: { fileName: "year.dat", sha256: `bench-${run}`, format: "toa5", timeZone: "UTC", columnMap, content: (await import("node:fs")).readFileSync(file) },
  });
  const imported = await measured(() => runSensorImport(db, { importId: record.id, influx: client }));

  await client.query(`DROP DATABASE ${quoteIdentifier(client.database)}`);
  await db.sensorImport.delete({ where: { id: record.id } });
  await db.sensor.deleteMany({ where: { key: { startsWith: `bench-imports-${run}.` } } });
  rmSync(dir, { recursive: true, force: true });

  const round = (n: number) => Math.round(n);
  const result = {
    imports: {
      rows: parsed.value.rows,
      columns: COLUMNS,
      file_mb: Math.round((bytes / 1_048_576) * 10) / 10,
      rows_per_s: round(imported.value.rows / imported.seconds),
      points_per_s: round(imported.value.points / imported.seconds),
      seconds: Math.round(imported.seconds * 10) / 10,
      peak_heap_mb: imported.peakHeapMb,
      parse_rows_per_s: round(parsed.value.rows / parsed.seconds),
      parse_points_per_s: round(parsed.value.points / parsed.seconds),
      parse_peak_heap_mb: parsed.peakHeapMb,
      baseline_csv_parse_rows_per_s: round(floor.value / floor.seconds),
    },
  };
  console.log(JSON.stringify(result));
  await db.$disconnect();
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
