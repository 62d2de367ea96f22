import { z } from "zod";
import { loggerReadOptions, previewSensorImportInput } from "../imports/schemas";
import { loggerZone } from "../imports/logger-time-formats";
import { pointStatistics } from "./infer-measurement-point";

import { stationTypes } from "./station-types";

export { stationTypes };

const zone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => loggerZone(v) !== null, "Not an IANA time zone or UTC offset (e.g. UTC, Europe/Berlin, +01:00)");
const id = z.string().min(1).max(64);

export const createStationInput = z.object({
  name: z.string().trim().min(1).max(100),
  type: z.enum(stationTypes),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  elevationM: z.number().min(-500).max(9_000).nullish(),
  timeZone: zone.default("UTC"),
  region: z.string().trim().min(1).max(100).default("default"),
});

export const createLoggerInput = z.object({
  stationId: id,
  make: z.string().trim().min(1).max(100),
  model: z.string().trim().max(100).nullish(),
  serial: z.string().trim().min(1).max(100),
  timeZone: zone.nullish(),
  averagingSeconds: z.number().int().min(1).max(86_400).default(600),
  timestampsAtEnd: z.boolean().default(false),
  readOptions: loggerReadOptions.default({}),
});

export const stationIdInput = z.object({ id });

export const stationRecoveryInput = z.object({ id, days: z.number().int().min(1).max(92).default(14) });

/** What the operator decided for a column: a measurement point (as proposed or edited), or ignore it. */
export const columnDecision = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("map"),
    name: z.string().min(1).max(200),
    quantity: z.string().trim().min(1).max(100),
    heightM: z.number().min(-100).max(1_000).nullish(),
    orientation: z.string().trim().max(10).nullish(),
    statistic: z.enum(pointStatistics),
    unit: z.string().trim().min(1).max(40),
  }),
  z.object({ action: z.literal("ignore"), name: z.string().min(1).max(200) }),
]);

export const loggerFileInput = z.object({
  loggerId: id,
  fileName: previewSensorImportInput.shape.fileName,
  contentBase64: previewSensorImportInput.shape.contentBase64,
  /** For this file only, over the logger's own (e.g. a time format for a re-saved file). */
  readOptions: loggerReadOptions.default({}),
  /** For this file only, over the logger's (and its station's) zone. */
  timeZone: zone.optional(),
  decisions: z.array(columnDecision).max(500).default([]),
});

export const decideLoggerColumnsInput = z.object({ loggerId: id, decisions: z.array(columnDecision).min(1).max(500) });

export const importIdInput = z.object({ importId: id });

const optionalNumber = z.number().finite().nullish();

/** A dated version of a point's configuration and calibration (Task 43 logger_measurement_config, calibration). */
export const setPointConfigInput = z
  .object({
    pointId: id,
    dateFrom: z.coerce.date(),
    dateTo: z.coerce.date().nullish(),
    heightM: z.number().min(-100).max(1_000).nullish(),
    orientation: z.string().trim().max(10).nullish(),
    sensorSerial: z.string().trim().max(100).nullish(),
    loggerSlope: z
      .number()
      .finite()
      .refine((v) => v !== 0, "The logger slope must not be 0")
      .default(1),
    loggerOffset: z.number().finite().default(0),
    sensitivity: optionalNumber,
    calibrationSlope: z
      .number()
      .finite()
      .refine((v) => v !== 0, "The calibration slope must not be 0")
      .nullish(),
    calibrationOffset: optionalNumber,
    calibrationDate: z.coerce.date().nullish(),
    certificate: z.string().trim().max(200).nullish(),
    notes: z.string().trim().max(1_000).nullish(),
  })
  .refine((v) => !v.dateTo || v.dateTo > v.dateFrom, { message: "The configuration must end after it starts", path: ["dateTo"] })
  .refine((v) => (v.calibrationSlope == null) === (v.calibrationOffset == null), {
    message: "Give both the calibration slope and offset, or neither",
    path: ["calibrationOffset"],
  });
