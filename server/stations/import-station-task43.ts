import type { z } from "zod";
import { inTransaction, type Db } from "../db";
import type { Logger, Station } from "../db/generated/client";
import { DomainError } from "../errors";
import { createLogger } from "./create-logger";
import { createMeasurementPoint } from "./create-measurement-point";
import { createStation } from "./create-station";
import { decideLoggerColumns } from "./decide-logger-columns";
import { pointStatistics, type PointStatistic } from "./infer-measurement-point";
import { setPointConfigInput } from "./schemas";
import { setPointConfig } from "./set-point-config";
import { offsetHours, orientationOfDegrees, readGristmillNote, stationTypeOfTask43, task43LoggerOem, unitOfTask43, zoneOfOffsetHours } from "./task43-mapping";
import { importTask43Input, type Task43MeasurementPoint } from "./task43-schema";

type Ml = z.infer<typeof importTask43Input>["document"]["measurement_location"][number];
export type Task43Action = "create" | "update" | "unchanged";
export interface Task43Change {
  what: string;
  action: Task43Action;
  changes?: Record<string, { from: unknown; to: unknown }>;
}
export interface Task43StationPlan {
  name: string;
  action: Task43Action;
  changes?: Task43Change["changes"];
  loggers: Task43Change[];
  points: Task43Change[];
  configs: Task43Change[];
}

function diff<T extends Record<string, unknown>>(current: T, wanted: Partial<T>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(wanted)) if (to !== undefined && current[k] !== to) changes[k] = { from: current[k], to };
  return changes;
}
const changeOf = (what: string, changes: Record<string, { from: unknown; to: unknown }>): Task43Change =>
  Object.keys(changes).length ? { what, action: "update", changes } : { what, action: "unchanged" };

/** One of our points per column of a Task 43 measurement point (we keep one statistic per point). */
function pointsOf(mp: Task43MeasurementPoint) {
  const note = readGristmillNote(mp.notes).extra;
  const newest = mp.logger_measurement_config.at(-1)!;
  const columns = new Map<string, { statistic: PointStatistic; ignored: boolean }>();
  for (const c of mp.logger_measurement_config.flatMap((l) => l.column_name)) {
    const own = readGristmillNote(c.notes).extra.statistic;
    const statistic = (pointStatistics as readonly string[]).includes(own ?? c.statistic_type_id) ? ((own ?? c.statistic_type_id) as PointStatistic) : "sample";
    columns.set(c.column_name, { statistic, ignored: !!c.is_ignored });
  }
  return [...columns]
    .filter(([, c]) => !c.ignored)
    .map(([name, c]) => ({
      name,
      quantity: mp.measurement_type_id === "other" ? (note.quantity ?? "other") : mp.measurement_type_id,
      unit: note.unit ?? (newest.measurement_units_id ? unitOfTask43(newest.measurement_units_id) : "unknown"),
      statistic: c.statistic,
      heightM: mp.height_m,
      orientation: note.orientation ?? orientationOfDegrees(newest.logger_stated_boom_orientation_deg),
    }));
}

/** A dated configuration version from a logger measurement config (with slope) and the sensor calibrated for it. */
function configOf(mp: Task43MeasurementPoint, lmc: Task43MeasurementPoint["logger_measurement_config"][number], pointName: string) {
  const from = new Date(lmc.date_from).getTime();
  // The sensor entry of this version (same start), else the calibrated one mounted at its start.
  const starts = (s: { date_from: string }) => new Date(s.date_from).getTime();
  const sensor =
    (mp.sensor ?? []).find((s) => starts(s) === from) ??
    (mp.sensor ?? [])
      .filter((s) => starts(s) <= from && (!s.date_to || new Date(s.date_to).getTime() > from) && s.calibration?.length)
      .sort((a, b) => starts(b) - starts(a))[0];
  const cal = sensor?.calibration?.[0];
  const both = cal?.slope != null && cal?.offset != null;
  const input = setPointConfigInput.safeParse({
    pointId: "planned",
    dateFrom: lmc.date_from,
    dateTo: lmc.date_to,
    heightM: lmc.height_m,
    orientation: orientationOfDegrees(lmc.logger_stated_boom_orientation_deg),
    sensorSerial: lmc.serial_number ?? sensor?.serial_number,
    loggerSlope: lmc.slope ?? 1,
    loggerOffset: lmc.offset ?? 0,
    sensitivity: lmc.sensitivity,
    calibrationSlope: both ? cal!.slope : null,
    calibrationOffset: both ? cal!.offset : null,
    calibrationDate: cal?.date_of_calibration,
    certificate: cal?.calibration_id,
    notes: lmc.notes,
  });
  if (!input.success)
    throw new DomainError("INVALID", `Point "${pointName}", configuration from ${lmc.date_from}: ${input.error.issues.map((i) => i.message).join("; ")}`);
  return input.data;
}

type PendingConfig = Parameters<typeof setPointConfig>[1];

async function importLocation(db: Db, ml: Ml, apply: boolean, by: string, pending: PendingConfig[]): Promise<Task43StationPlan> {
  const note = readGristmillNote(ml.notes).extra;
  const wanted = {
    type: stationTypeOfTask43[ml.measurement_station_type_id] ?? "other",
    latitude: ml.latitude_ddeg,
    longitude: ml.longitude_ddeg,
    elevationM: note.elevationM != null && Number.isFinite(Number(note.elevationM)) ? Number(note.elevationM) : undefined,
    timeZone: note.timeZone,
    region: note.region,
  } as const;
  let station: Station | null = await db.station.findUnique({ where: { name: ml.name } });
  const plan: Task43StationPlan = { name: ml.name, action: station ? "unchanged" : "create", loggers: [], points: [], configs: [] };
  if (station) {
    const changes = diff(station, wanted);
    if (Object.keys(changes).length) Object.assign(plan, { action: "update", changes });
    if (apply && plan.action === "update")
      station = await db.station.update({ where: { id: station.id }, data: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to])) });
  } else if (apply) {
    station = await createStation(db, { name: ml.name, ...wanted, createdBy: by });
  }

  const loggers: Logger[] = [];
  for (const lm of ml.logger_main_config) {
    const lnote = readGristmillNote(lm.notes).extra;
    const make = lm.logger_oem_id === "Other" ? (lm.logger_name ?? "Other") : lm.logger_oem_id;
    const stationZone = station?.timeZone ?? wanted.timeZone ?? "UTC";
    const timeZone =
      lnote.timeZone ??
      (lm.offset_from_utc_hrs != null && lm.offset_from_utc_hrs !== offsetHours(stationZone) ? zoneOfOffsetHours(lm.offset_from_utc_hrs) : undefined);
    const fields = {
      model: lm.logger_model_name ?? undefined,
      averagingSeconds: lnote.averagingSeconds
        ? Number(lnote.averagingSeconds)
        : lm.averaging_period_minutes != null
          ? lm.averaging_period_minutes * 60
          : undefined,
      timestampsAtEnd: lm.timestamp_is_end_of_period ?? undefined,
      timeZone,
    };
    const existing = station ? await db.logger.findFirst({ where: { stationId: station.id, serial: lm.logger_serial_number } }) : null;
    const what = `${make} ${lm.logger_serial_number}`;
    if (existing) {
      const change = changeOf(what, diff(existing, fields));
      plan.loggers.push(change);
      loggers.push(apply && change.changes ? await db.logger.update({ where: { id: existing.id }, data: fields }) : existing);
      continue;
    }
    // One logger of the same maker ("Campbell" is "Campbell Scientific") and serial on another station is that logger.
    const elsewhere = (await db.logger.findMany({ where: { serial: lm.logger_serial_number }, include: { station: { select: { name: true } } } })).find(
      (l) => l.make === make || task43LoggerOem(l.make) === lm.logger_oem_id,
    );
    if (elsewhere) throw new DomainError("CONFLICT", `Logger ${what} belongs to station "${elsewhere.station.name}".`);
    plan.loggers.push({ what, action: "create" });
    if (apply)
      loggers.push(
        await createLogger(db, {
          stationId: station!.id,
          make,
          serial: lm.logger_serial_number,
          ...fields,
          model: fields.model ?? null,
          timeZone: fields.timeZone ?? null,
        }),
      );
  }

  // Points first (one mapping of every new column), then their configuration versions. A column named twice is one point.
  const seen = new Set<string>();
  const columns = ml.measurement_point.flatMap((mp) => pointsOf(mp).map((wp) => ({ mp, wp }))).filter(({ wp }) => !seen.has(wp.name) && !!seen.add(wp.name));
  const include = { configs: { select: { dateFrom: true } } } as const;
  const points = new Map(
    station
      ? (await db.measurementPoint.findMany({ where: { stationId: station.id, name: { in: [...seen] } }, include })).map((p) => [p.name, p] as const)
      : [],
  );
  const toCreate: Array<(typeof columns)[number]["wp"]> = [];
  for (const { wp } of columns) {
    const point = points.get(wp.name);
    if (!point) {
      plan.points.push({ what: wp.name, action: "create" });
      toCreate.push(wp);
      continue;
    }
    const change = changeOf(wp.name, diff(point, { heightM: wp.heightM, orientation: wp.orientation ?? undefined }));
    plan.points.push(change);
    if (apply && change.changes) await db.measurementPoint.update({ where: { id: point.id }, data: { heightM: wp.heightM, orientation: wp.orientation } });
  }
  if (apply && toCreate.length) {
    const logger = loggers[0] ?? (await db.logger.findFirst({ where: { stationId: station!.id }, orderBy: { serial: "asc" } }));
    if (logger) {
      await decideLoggerColumns(db, { loggerId: logger.id, decisions: toCreate.map((wp) => ({ action: "map" as const, ...wp })) });
      // A column the logger already had mapped (to a point of another name) keeps that point.
      const mapped = await db.loggerColumn.findMany({
        where: { loggerId: logger.id, name: { in: toCreate.map((wp) => wp.name) } },
        include: { point: { include } },
      });
      for (const c of mapped) if (c.point) points.set(c.name, c.point);
    } else {
      for (const wp of toCreate)
        points.set(wp.name, { ...(await createMeasurementPoint(db, { station: station!, ...wp, intervalSeconds: 600 })).point, configs: [] });
    }
  }
  for (const { mp, wp } of columns) {
    const point = points.get(wp.name);
    const have = new Set(point?.configs.map((c) => c.dateFrom.getTime()) ?? []);
    for (const lmc of mp.logger_measurement_config.filter((l) => l.slope != null)) {
      const config = configOf(mp, lmc, wp.name);
      const what = `${wp.name} from ${config.dateFrom.toISOString()}`;
      if (have.has(config.dateFrom.getTime())) {
        plan.configs.push({ what, action: "unchanged" });
        continue;
      }
      have.add(config.dateFrom.getTime());
      plan.configs.push({ what, action: "create" });
      if (apply && point) pending.push({ ...config, pointId: point.id, by });
    }
  }
  return plan;
}

/**
 * Reads an IEA Task 43 WRA data model document: each measurement location becomes a station (found
 * by name, or created), its logger main configs loggers, each column of its measurement points a
 * point, and each logger measurement config with a slope a dated configuration version, with the
 * calibration of the sensor mounted then. Without `apply` it only says what would change. With it,
 * stations, loggers and points are written in one transaction, then each version in its own
 * (setPointConfig: the version with its calibration, which marks the readings since for re-judging,
 * about a second per year of history): a version that fails leaves the ones before it, and the same
 * document imported again adds only what is missing.
 */
export async function importStationTask43(db: Db, options: z.input<typeof importTask43Input> & { by: string }) {
  const { document, apply } = importTask43Input.parse(options);
  const pending: PendingConfig[] = [];
  const run = async (client: Db) => {
    const stations: Task43StationPlan[] = [];
    for (const ml of document.measurement_location) stations.push(await importLocation(client, ml, apply, options.by, pending));
    return stations;
  };
  if (!apply) return { applied: false, stations: await run(db) };
  // Every version is checked (configOf) before anything is written: a bad one refuses the document whole.
  const stations = await inTransaction(db, run);
  for (const config of pending) await setPointConfig(db, config);
  return { applied: true, stations };
}
