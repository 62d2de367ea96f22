/** `npm run drill`: fault drills against real services; a pass/fail table with counts. */
import "../server/load-dotenv";
import { argValue } from "../bench/support/processes";
import { influxOutageDrill } from "./influx-outage";
import { hostileInputDrill } from "./hostile-input";
import { ingestFloodDrill } from "./ingest-flood";
import { multiWebDrill } from "./multi-web";
import { postgresOutageDrill } from "./postgres-outage";
import { redisClusterDrill } from "./redis-cluster";
import { readReplicaDrill } from "./read-replica";
import { redisRestartDrill } from "./redis-restart";
import { workerKillDrill } from "./worker-kill";
import type { DrillResult } from "./support";

const drills: Array<[string, () => Promise<DrillResult>]> = [
  ["worker-kill", () => workerKillDrill()],
  ["redis-restart", () => redisRestartDrill()],
  ["redis-cluster", () => redisClusterDrill()],
  ["multi-web", () => multiWebDrill()],
  ["postgres-outage", () => postgresOutageDrill()],
  ["read-replica", () => readReplicaDrill(argValue("outage-ms", 30_000))],
  ["ingest-flood", () => ingestFloodDrill()],
  ["influx-outage", () => influxOutageDrill({ mode: "stop", outageMs: argValue("outage-ms", 60_000) })],
  ["influx-hang", () => influxOutageDrill({ mode: "hang", outageMs: argValue("outage-ms", 60_000) })],
  ["hostile-input", () => hostileInputDrill()],
];

/** `npm run drill -- [name ...] [--outage-ms N]`: the named drills only (all without a name). */
function selectedDrills() {
  const args = process.argv.slice(2);
  const names = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const unknown = names.filter((n) => !drills.some(([name]) => name === n));
  if (unknown.length) throw new Error(`unknown drill ${unknown.join(", ")} (one of ${drills.map(([name]) => name).join(", ")})`);
  return names.length ? drills.filter(([name]) => names.includes(name)) : drills;
}

async function main() {
  const results: DrillResult[] = [];
  for (const [name, drill] of selectedDrills()) {
    process.stderr.write(`▸ drill ${name}\n`);
    try {
      results.push(await drill());
    } catch (err) {
      results.push({ drill: name, pass: false, counts: {}, note: (err as Error).message });
    }
  }
  console.log("\nresult  drill");
  for (const r of results) {
    console.log(`${r.pass ? "PASS" : "FAIL"}    ${r.drill}`);
    console.log(
      `        ${Object.entries(r.counts)
        .map(([k, v]) => `${k}=${v}`)
        .join("  ")}`,
    );
    if (r.note) console.log(`        ${r.note}`);
  }
  const failed = results.filter((r) => !r.pass).length;
  console.log(`\ndrills: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
