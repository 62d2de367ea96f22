/**
 * `npm run bench -- [--out FILE] [--quick] [--only=a,b]`: runs every bench script (or the named ones) against the local services,
 * merges their JSON into one file and prints a short table.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./support/processes";

type Json = Record<string, unknown>;

function merge(into: Json, from: Json): Json {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    into[key] =
      existing && typeof existing === "object" && value && typeof value === "object" && !Array.isArray(value) ? merge(existing as Json, value as Json) : value;
  }
  return into;
}

function flatten(value: unknown, prefix = ""): Array<[string, string]> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Json).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return Array.isArray(value) ? [] : [[prefix, String(value)]];
}

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outIndex = args.indexOf("--out");
const out = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(root, "bench", "results", quick ? "quick.json" : "latest.json");

const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");
const scripts = readdirSync(path.join(root, "bench"))
  .filter((f) => f.endsWith(".ts") && f !== "run-all.ts" && (!only || only.includes(f.slice(0, -3))))
  .sort();
const result: Json = { cores: os.cpus().length, cpu: os.cpus()[0]?.model, quick, started_at: new Date().toISOString() };
const failures: string[] = [];
for (const [i, script] of scripts.entries()) {
  process.stderr.write(`▸ [${i + 1}/${scripts.length}] bench/${script}\n`);
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join("bench", script), ...(quick ? ["--quick"] : [])], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  try {
    if (run.status !== 0) throw new Error(`exit ${run.status}`);
    merge(result, JSON.parse(line) as Json);
  } catch (err) {
    failures.push(`${script}: ${(err as Error).message}`);
  }
}
result.finished_at = new Date().toISOString();
if (failures.length) result.failures = failures;
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

const rows = flatten(result).filter(([k]) => !k.includes("samples") && !["started_at", "finished_at", "cpu"].includes(k));
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\n${"figure".padEnd(width)}  value`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
process.exit(failures.length ? 1 : 0);
