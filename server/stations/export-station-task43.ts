import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import type { PointStatistic } from "./infer-measurement-point";
import {
  offsetHours,
  orientationDegrees,
  task43LoggerOem,
  task43MeasurementType,
  task43Statistic,
  task43TypeOfStation,
  task43Unit,
  withGristmillNote,
} from "./task43-mapping";
import { TASK43_VERSION, task43Document, type Task43Document } from "./task43-schema";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

/**
 * A station as an IEA Task 43 WRA data model document: its measurement location, each logger's
 * main config, and per point its dated logger measurement configs (the logger's slope and offset,
 * height, boom orientation, sensor serial, column name and statistic) and sensors with the
 * certificate's calibration. Validated against our schema of the subset before it leaves.
 */
export async function exportStationTask43(db: Db, options: { id: string; author: string; now?: Date }): Promise<Task43Document> {
  const station = await db.station.findUnique({
    where: { id: options.id },
    include: {
      loggers: { orderBy: { serial: "asc" }, include: { columns: { where: { state: "mapped" }, orderBy: { firstSeenAt: "asc" } } } },
      points: { orderBy: { name: "asc" }, include: { configs: { orderBy: { dateFrom: "asc" } } } },
    },
  });
  if (!station) throw notFound("Station");
  const type = task43TypeOfStation[station.type];
  if (!type)
    throw new DomainError(
      "INVALID",
      `Task 43 describes masts, lidars, sodars and solar stations; a ${station.type.replace("_", " ")} station does not export.`,
      { field: "type" },
    );
  if (station.latitude == null || station.longitude == null)
    throw new DomainError("INVALID", "Task 43 needs the station's latitude and longitude: set them first.", { field: "latitude" });

  const columnOf = new Map(station.loggers.flatMap((l) => l.columns.map((c) => [c.pointId!, c.name] as const)));
  const document = {
    author: options.author,
    organisation: "Gristmill",
    date: (options.now ?? new Date()).toISOString().slice(0, 10),
    version: TASK43_VERSION,
    plant_name: null,
    plant_type: null,
    measurement_location: [
      {
        uuid: null,
        name: station.name,
        latitude_ddeg: station.latitude,
        longitude_ddeg: station.longitude,
        measurement_station_type_id: type,
        notes: withGristmillNote(null, {
          timeZone: station.timeZone,
          region: station.region,
          ...(station.elevationM != null ? { elevationM: String(station.elevationM) } : {}),
        }),
        logger_main_config: station.loggers.map((l) => {
          const oem = task43LoggerOem(l.make);
          return {
            logger_oem_id: oem,
            logger_model_name: l.model,
            logger_serial_number: l.serial,
            logger_name: oem === "Other" ? l.make : null,
            date_from: iso(l.createdAt)!,
            date_to: null,
            offset_from_utc_hrs: offsetHours(l.timeZone ?? station.timeZone),
            averaging_period_minutes: l.averagingSeconds % 60 === 0 ? l.averagingSeconds / 60 : null,
            timestamp_is_end_of_period: l.timestampsAtEnd,
            notes: withGristmillNote(null, {
              ...(l.timeZone ? { timeZone: l.timeZone } : {}),
              ...(l.averagingSeconds % 60 ? { averagingSeconds: String(l.averagingSeconds) } : {}),
            }),
          };
        }),
        measurement_point: station.points.map((p) => {
          const measurementType = task43MeasurementType(p.quantity);
          const unit = task43Unit(p.unit);
          const statistic = task43Statistic(p.statistic as PointStatistic);
          const column = {
            column_name: columnOf.get(p.id) ?? p.name,
            statistic_type_id: statistic ?? "avg",
            notes: withGristmillNote(null, statistic ? {} : { statistic: p.statistic }),
          };
          const base = { measurement_units_id: unit, column_name: [column] };
          // A point with no dated version yet still says how it is logged, from when it was made; no slope: not a version.
          const configs = p.configs.length
            ? p.configs.map((c) => ({
                ...base,
                slope: c.loggerSlope,
                offset: c.loggerOffset,
                sensitivity: c.sensitivity,
                height_m: c.heightM,
                serial_number: c.sensorSerial,
                logger_stated_boom_orientation_deg: orientationDegrees(c.orientation),
                date_from: iso(c.dateFrom)!,
                date_to: iso(c.dateTo),
                notes: c.notes,
              }))
            : [
                {
                  ...base,
                  slope: null,
                  offset: null,
                  sensitivity: null,
                  height_m: p.heightM,
                  serial_number: null,
                  logger_stated_boom_orientation_deg: orientationDegrees(p.orientation),
                  date_from: iso(p.createdAt)!,
                  date_to: null,
                  notes: null,
                },
              ];
          const sensors = p.configs
            .filter((c) => c.sensorSerial || c.calibrationSlope != null || c.certificate)
            .map((c) => ({
              serial_number: c.sensorSerial,
              date_from: iso(c.dateFrom)!,
              date_to: iso(c.dateTo),
              notes: null,
              calibration:
                c.calibrationSlope != null || c.certificate
                  ? [
                      {
                        measurement_type_id: measurementType,
                        slope: c.calibrationSlope,
                        offset: c.calibrationOffset,
                        sensitivity: null,
                        calibration_id: c.certificate,
                        date_of_calibration: day(c.calibrationDate),
                        notes: null,
                      },
                    ]
                  : null,
            }));
          return {
            name: p.name,
            measurement_type_id: measurementType ?? "other",
            height_m: p.heightM,
            notes: withGristmillNote(null, {
              ...(measurementType ? {} : { quantity: p.quantity }),
              ...(unit ? {} : { unit: p.unit }),
              ...(p.orientation && orientationDegrees(p.orientation) == null ? { orientation: p.orientation } : {}),
            }),
            logger_measurement_config: configs,
            sensor: sensors,
          };
        }),
      },
    ],
  };
  // Our own output must read back: a field out of bounds is our bug, found here rather than by whoever imports it.
  task43Document.parse(document);
  return document as Task43Document;
}
