/** The one long shape every reading has in InfluxDB: measurement `reading`, one field `value`. */
export const READING_MEASUREMENT = "reading";
export const READING_FIELD = "value";
/** Tag names; `sensor` carries the sensor key, the others the labels reports group by. */
export const readingTags = { sensor: "sensor", quantity: "quantity", infraType: "infra_type", region: "region", site: "site" } as const;
/** Created as the database's default, so every writer (simulator, ingestion, imports) lands in it. */
export const RAW_RETENTION_POLICY = "raw_readings";
/** The retention class (server/retention) whose period is the policy's duration. */
export const RAW_READINGS_CLASS = "raw_readings";
