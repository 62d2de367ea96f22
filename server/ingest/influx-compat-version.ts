/** The InfluxDB version Gristmill's write API answers as: clients pick their 1.x protocol from it. */
export const INFLUX_COMPAT_VERSION = "1.8.10";

export const influxCompatHeaders = { "x-influxdb-version": INFLUX_COMPAT_VERSION, "x-influxdb-build": "OSS" } as const;
