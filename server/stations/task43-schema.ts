import { z } from "zod";

/**
 * The subset of the IEA Wind Task 43 WRA data model (schema version 1.3.0-2024.03,
 * github.com/IEA-Task-43/digital_wra_data_standard, schema/iea43_wra_data_model.schema.json) that a
 * station carries: its measurement location, logger main configs, measurement points with their
 * dated logger measurement configs and column names, and sensors with calibrations. Field names and
 * enumerations are the published schema's; written here, not copied. Reading is tolerant (fields
 * outside the subset, e.g. mast_properties, are dropped); every array is bounded.
 */
export const TASK43_VERSION = "1.3.0-2024.03";

export const task43StationTypes = ["mast", "lidar", "sodar", "floating_lidar", "wave_buoy", "adcp", "solar", "virtual_met_mast", "reanalysis"] as const;

export const task43LoggerOems = [
  "NRG Systems",
  "Ammonit",
  "Campbell Scientific",
  "Vaisala",
  "SecondWind",
  "Kintech",
  "Wilmers",
  "Unidata",
  "WindLogger",
  "Leosphere",
  "ZX Lidars",
  "AXYS Technologies",
  "AQSystem",
  "Pentaluum",
  "Nortek",
  "Teledyne RDI",
  "Aanderaa",
  "Other",
] as const;

export const task43MeasurementTypes = [
  "wind_speed",
  "wind_direction",
  "air_temperature",
  "water_temperature",
  "temperature",
  "air_pressure",
  "air_density",
  "relative_humidity",
  "voltage",
  "current",
  "resistance",
  "power",
  "energy",
  "vertical_wind_speed",
  "wind_speed_turbulence",
  "precipitation",
  "ice_detection",
  "global_horizontal_irradiance",
  "direct_normal_irradiance",
  "diffuse_horizontal_irradiance",
  "global_tilted_irradiance",
  "global_normal_irradiance",
  "albedo",
  "soiling_loss_index",
  "illuminance",
  "fog",
  "salinity",
  "conductivity",
  "pressure",
  "gps_coordinates",
  "status",
  "flag",
  "counter",
  "availability",
  "quality",
  "carrier_to_noise_ratio",
  "doppler_spectral_broadening",
  "echo_intensity",
  "signal_to_noise_ratio",
  "motion_corrected_wind_speed",
  "motion_corrected_wind_direction",
  "motion_corrected_vertical_wind_speed",
  "wave_height",
  "wave_significant_height",
  "wave_maximum_height",
  "wave_direction",
  "wave_directional_spread",
  "wave_period",
  "wave_peak_period",
  "water_speed",
  "vertical_water_speed",
  "water_direction",
  "orientation",
  "compass_direction",
  "true_north_offset",
  "tilt",
  "tilt_x",
  "tilt_y",
  "tilt_z",
  "u",
  "v",
  "w",
  "elevation",
  "altitude",
  "height",
  "azimuth",
  "water_level",
  "depth",
  "timestamp",
  "obukhov_length",
  "other",
] as const;

export const task43Units = [
  "m/s",
  "cm/s",
  "mm/s",
  "mph",
  "knots",
  "deg",
  "deg_C",
  "deg_F",
  "K",
  "%",
  "mbar",
  "dbar",
  "hPa",
  "atm",
  "mmHg",
  "inHg",
  "kg/m^2",
  "kg/m^3",
  "V",
  "mA",
  "A",
  "ohm",
  "Hz",
  "mm",
  "m",
  "s",
  "W/m^2",
  "W",
  "kW",
  "MW",
  "kWh",
  "MWh",
  "m/s^2",
  "lux",
  "dB",
  "L",
  "g/L",
  "g/kg",
  "ppt",
  "psu",
  "S/m",
  "-",
] as const;

export const task43Statistics = [
  "avg",
  "sd",
  "max",
  "min",
  "count",
  "availability",
  "quality",
  "sum",
  "median",
  "mode",
  "range",
  "gust",
  "ti",
  "ti30sec",
  "text",
] as const;

/**
 * JSON Schema's date-time is RFC 3339 with an offset; the published demo files write none
 * ("2020-04-12T12:00:00"), so one without is read as UTC (never as this server's local time).
 */
const dateTime = z
  .string()
  .datetime({ offset: true, local: true })
  .transform((v) => (/(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}Z`));
const text = (max: number) => z.string().max(max).nullish();
const number = z.number().finite().nullish();

export const task43ColumnName = z.object({
  column_name: z.string().min(1).max(200),
  statistic_type_id: z.enum(task43Statistics),
  is_ignored: z.boolean().optional(),
  notes: text(1_000),
});

export const task43LoggerMeasurementConfig = z.object({
  slope: number,
  offset: number,
  sensitivity: number,
  measurement_units_id: z.enum(task43Units).nullish(),
  height_m: number,
  serial_number: text(100),
  logger_stated_boom_orientation_deg: number,
  date_from: dateTime,
  date_to: dateTime.nullable(),
  notes: text(1_000),
  column_name: z.array(task43ColumnName).min(1).max(20),
});

export const task43Calibration = z.object({
  measurement_type_id: z.enum(task43MeasurementTypes).nullish(),
  slope: number,
  offset: number,
  sensitivity: number,
  calibration_id: text(200),
  date_of_calibration: z.string().date().nullish(),
  notes: text(1_000),
});

export const task43Sensor = z.object({
  oem: text(100),
  model: text(100),
  serial_number: text(100),
  date_from: dateTime,
  date_to: dateTime.nullable(),
  notes: text(1_000),
  calibration: z.array(task43Calibration).max(20).nullish(),
});

export const task43MeasurementPoint = z.object({
  name: z.string().min(1).max(200),
  measurement_type_id: z.enum(task43MeasurementTypes),
  height_m: z.number().min(-100).max(1_000).nullable(),
  notes: text(1_000),
  logger_measurement_config: z.array(task43LoggerMeasurementConfig).min(1).max(100),
  sensor: z.array(task43Sensor).max(100).nullish(),
});

export const task43LoggerMainConfig = z.object({
  logger_oem_id: z.enum(task43LoggerOems),
  logger_model_name: text(100),
  logger_serial_number: z.string().min(1).max(100),
  logger_name: text(100),
  date_from: dateTime,
  date_to: dateTime.nullable(),
  offset_from_utc_hrs: z.number().min(-14).max(14).nullish(),
  averaging_period_minutes: z.number().int().min(1).max(1_440).nullish(),
  timestamp_is_end_of_period: z.boolean().nullish(),
  notes: text(1_000),
});

export const task43MeasurementLocation = z.object({
  uuid: z.string().uuid().nullish(),
  name: z.string().trim().min(1).max(100),
  latitude_ddeg: z.number().min(-90).max(90),
  longitude_ddeg: z.number().min(-180).max(180),
  measurement_station_type_id: z.enum(task43StationTypes),
  notes: text(1_000),
  logger_main_config: z.array(task43LoggerMainConfig).max(50).default([]),
  measurement_point: z.array(task43MeasurementPoint).max(1_000),
});

export const task43Document = z.object({
  author: z.string().max(200),
  organisation: z.string().max(200),
  date: z.string().date(),
  version: z.string().regex(/^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{1,2})-([0-9]{4})[.]([0-9]{2})$/),
  license: z.string().max(500).optional(),
  plant_name: text(200),
  plant_type: z.enum(["onshore_wind", "offshore_wind", "solar"]).nullish(),
  measurement_location: z.array(task43MeasurementLocation).min(1).max(10),
});

export type Task43Document = z.infer<typeof task43Document>;
export type Task43MeasurementPoint = z.infer<typeof task43MeasurementPoint>;

export const importTask43Input = z.object({ document: task43Document, apply: z.boolean().default(false) });
