import { markPointsStale } from "../coverage/mark-points-stale";
import type { Db } from "../db";
import { inTransaction } from "../db";
import type { IngestSource } from "../db/generated/client";
import { DomainError } from "../errors";
import type { InfluxClient } from "../influx/influx-client";
import { readLineProtocolReadings } from "./read-line-protocol-readings";
import { latestPerKey } from "../readings/reading-columns";
import { updateSensorLastReadings } from "./update-sensor-last-readings";
import { writeReadingColumns } from "./write-sensor-points";
import { logger } from "../logger";
import { raiseIngestBreaches, type BreachSensor } from "./raise-ingest-breaches";

export interface IngestLineProtocolOptions {
  source: Pick<IngestSource, "id" | "name" | "unknownSensors">;
  body: string;
  /** Nanoseconds per timestamp unit of the request's precision. */
  unitNs: bigint;
  influx: InfluxClient;
  clientIp?: string;
}

const sensorTags = { id: true, key: true, quantity: true, infraType: true, region: true, site: true, validMin: true, validMax: true } as const;
const unknownSensorDefaults = { quantity: "unknown", unit: "unknown", infraType: "unknown", region: "unknown", site: "unknown", state: "pending" } as const;

/**
 * Takes one write request's batch all or nothing: parses and maps every line first (a malformed
 * line throws LineProtocolError naming it), resolves the sensors per the source's policy, writes
 * the points, and records sensors' last readings, the source's last use and one audit row in one transaction.
 */
export async function ingestLineProtocol(db: Db, options: IngestLineProtocolOptions) {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const readings = await readLineProtocolReadings({ body: options.body, unitNs: options.unitNs, nowNs });
  const { keys } = readings;
  const { source } = options;

  let byKey = new Map<string, BreachSensor & { site: string; quantity: string; infraType: string; region: string }>();
  const summary = await inTransaction(db, async (tx) => {
    let sensors = await tx.sensor.findMany({ where: { key: { in: keys } }, select: sensorTags });
    const known = new Set(sensors.map((s) => s.key));
    const unknown = keys.filter((k) => !known.has(k));
    if (unknown.length && source.unknownSensors === "refuse") {
      const named = unknown.slice(0, 20).join(", ") + (unknown.length > 20 ? `, … (${unknown.length} in all)` : "");
      throw new DomainError("INVALID", `unknown sensors: ${named}; register them first or let source "${source.name}" register unknown sensors`, {
        unknownSensors: unknown,
      });
    }
    if (unknown.length) {
      await tx.sensor.createMany({ data: unknown.map((key) => ({ key, name: key, ...unknownSensorDefaults })), skipDuplicates: true });
      sensors = await tx.sensor.findMany({ where: { key: { in: keys } }, select: sensorTags });
    }
    byKey = new Map(sensors.map((s) => [s.key, s]));
    // Inside the transaction: if InfluxDB refuses, the pending sensors and the bookkeeping roll back too.
    await writeReadingColumns(options.influx, { readings, sensors: keys.map((key) => byKey.get(key)!) });
    await updateSensorLastReadings(tx, { readings: latestPerKey(readings) });
    // Late readings (before what the scans and reports already judged) reopen their hours; live ones change nothing.
    await markPointsStale(tx, { readings, reason: "late readings" });
    await tx.ingestSource.update({ where: { id: source.id }, data: { lastUsedAt: new Date() } });
    const summary = { points: readings.keyIndex.length, sensors: keys.length, registered: unknown };
    await tx.auditEvent.create({
      data: {
        action: "ingest.write",
        actorEmail: `ingest-source:${source.name}`,
        targetType: "ingestSource",
        targetId: source.id,
        after: { ...summary, sensorKeys: keys.slice(0, 100), registered: unknown.slice(0, 100) },
        clientIp: options.clientIp,
      },
    });
    return summary;
  });
  // After the commit, and never failing the write: the next scan would find the breach anyway.
  const breaches = await raiseIngestBreaches(db, { readings, sensors: byKey }).catch((err) => {
    logger.warn(
      { event: "ingest.breach_check_failed", error: (err as Error).message },
      "valid-range check at ingest failed; the scan will judge these readings",
    );
    return 0;
  });
  return { ...summary, breaches };
}
