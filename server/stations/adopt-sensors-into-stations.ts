import type { StationType } from "../db/generated/enums";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db, type Tx } from "../db";
import { isUniqueViolation } from "../errors";
import { logger as log } from "../logger";
import { stationSlug } from "./create-station";
import { stationTypeOfInfraType } from "./station-infra-types";

type AdoptedSensor = { id: string; key: string; quantity: string; unit: string; infraType: string; region: string; site: string; intervalSeconds: number };

export interface AdoptSensorsOptions {
  /** Only these sensors (the simulator's fleet); without it, every sensor that is no station's point yet. */
  keys?: readonly string[];
  /** Each station adopted into gets a logger of this make (serial: the station's slug) whose columns are its points. */
  logger?: { make: string; model?: string };
  /** Sensors per call; the rest wait for the next one. */
  limit?: number;
  createdBy?: string;
}

export interface AdoptedSensors {
  sensors: number;
  stations: number;
  createdStations: number;
  /** Sites left for the next call because another process adopted into them at the same time. */
  skippedSites: number;
}

const KEYS_PER_QUERY = 5_000;
/** The point's name: what follows the asset in the key (`wm-north-001.wind_speed` → `wind_speed`), else the whole key. */
const pointNameOf = (key: string) => (key.includes(".") ? key.slice(key.indexOf(".") + 1) : key).slice(0, 200) || key;

async function unadoptedSensors(db: Db, options: AdoptSensorsOptions): Promise<AdoptedSensor[]> {
  const select = { id: true, key: true, quantity: true, unit: true, infraType: true, region: true, site: true, intervalSeconds: true } as const;
  const take = options.limit ?? 10_000;
  if (!options.keys) return db.sensor.findMany({ where: { point: null }, select, orderBy: { key: "asc" }, take });
  const found: AdoptedSensor[] = [];
  for (let i = 0; i < options.keys.length && found.length < take; i += KEYS_PER_QUERY) {
    found.push(
      ...(await db.sensor.findMany({ where: { point: null, key: { in: options.keys.slice(i, i + KEYS_PER_QUERY) } }, select, orderBy: { key: "asc" } })),
    );
  }
  return found.slice(0, take);
}

function mostCommon<T extends string>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

async function freeSlug(tx: Tx, name: string): Promise<string> {
  const base = stationSlug(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 55)}-${n}`;
    if (!(await tx.station.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

async function adoptSite(tx: Tx, site: string, sensors: AdoptedSensor[], options: AdoptSensorsOptions): Promise<{ created: boolean }> {
  const name = (site.trim() || "Unassigned sensors").slice(0, 100);
  let station = await tx.station.findUnique({ where: { name } });
  const created = !station;
  station ??= await tx.station.create({
    data: {
      name,
      slug: await freeSlug(tx, name),
      type: mostCommon(sensors.map((s) => stationTypeOfInfraType(s.infraType))) as StationType,
      region: sensors[0].region,
      createdBy: options.createdBy ?? "adoption",
    },
  });
  const taken = new Set((await tx.measurementPoint.findMany({ where: { stationId: station.id }, select: { name: true } })).map((p) => p.name));
  const points = sensors.map((s) => {
    let pointName = pointNameOf(s.key);
    if (taken.has(pointName)) pointName = s.key.slice(0, 200);
    for (let n = 2; taken.has(pointName); n++) pointName = `${s.key.slice(0, 190)} (${n})`;
    taken.add(pointName);
    // A sensor's reading is what it sampled: no averaging period or statistic is known for it.
    return { stationId: station.id, sensorId: s.id, name: pointName, quantity: s.quantity, unit: s.unit, statistic: "sample" as const };
  });
  await tx.measurementPoint.createMany({ data: points });
  if (options.logger) {
    const serial = station.slug;
    const averagingSeconds = Math.min(...sensors.map((s) => s.intervalSeconds));
    const logger = await tx.logger.upsert({
      where: { make_serial: { make: options.logger.make, serial } },
      update: {},
      create: { stationId: station.id, make: options.logger.make, model: options.logger.model, serial, averagingSeconds },
    });
    const stored = await tx.measurementPoint.findMany({
      where: { sensorId: { in: sensors.map((s) => s.id) } },
      select: { id: true, name: true, quantity: true, unit: true },
    });
    await tx.loggerColumn.createMany({
      data: stored.map((p) => ({
        loggerId: logger.id,
        name: p.name,
        state: "mapped" as const,
        pointId: p.id,
        proposal: { quantity: p.quantity, heightM: null, orientation: null, statistic: "sample", unit: p.unit, recognised: true },
      })),
      skipDuplicates: true,
    });
  }
  recordChange({ targetType: "station", targetId: station.id, after: { adoptedSensors: sensors.map((s) => s.key), createdStation: created } });
  return { created };
}

/**
 * Makes every sensor a station's measurement point: sensors registered before stations existed
 * (or since, by the write API or the simulator) are grouped by site, one station per site (found
 * by name, or made with the type their infrastructure type implies), one point per sensor. The
 * sensor itself is untouched — key, calibrations, flags and its InfluxDB series stay as they were —
 * so its history is the point's. Idempotent: a sensor that is already a point is left alone.
 */
export async function adoptSensorsIntoStations(db: Db, options: AdoptSensorsOptions = {}): Promise<AdoptedSensors> {
  const sensors = await unadoptedSensors(db, options);
  const bySite = new Map<string, AdoptedSensor[]>();
  for (const s of sensors) bySite.set(s.site, [...(bySite.get(s.site) ?? []), s]);
  const result: AdoptedSensors = { sensors: 0, stations: 0, createdStations: 0, skippedSites: 0 };
  for (const [site, group] of bySite) {
    try {
      const { created } = await inTransaction(db, (tx) => adoptSite(tx, site, group, options));
      result.sensors += group.length;
      result.stations += 1;
      if (created) result.createdStations += 1;
    } catch (err) {
      // Another worker (or the simulator) adopted into this site at the same moment: the next call sees its result.
      if (!isUniqueViolation(err)) throw err;
      result.skippedSites += 1;
    }
  }
  if (result.sensors) log.info({ event: "stations.adopted", ...result }, "sensors adopted as measurement points");
  return result;
}
