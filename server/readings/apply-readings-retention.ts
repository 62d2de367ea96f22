import type { InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";
import { durationLiteral, quoteIdentifier } from "./influxql";
import { RAW_RETENTION_POLICY } from "./readings-schema";
import { withInfluxRetry } from "./with-influx-retry";

/** Creates the raw readings retention policy as the database's default, or sets its duration to `days`. */
export async function applyReadingsRetention(client: InfluxClient, options: { days: number }): Promise<void> {
  const days = Math.max(1, Math.round(options.days));
  const result = await withInfluxRetry("show retention policies", () => client.query(`SHOW RETENTION POLICIES ON ${quoteIdentifier(client.database)}`));
  const names = (result.results?.[0]?.series?.[0]?.values ?? []).map((row) => row[0]);
  const verb = names.includes(RAW_RETENTION_POLICY) ? "ALTER" : "CREATE";
  const statement = `${verb} RETENTION POLICY ${quoteIdentifier(RAW_RETENTION_POLICY)} ON ${quoteIdentifier(client.database)} DURATION ${durationLiteral(days, "d")} REPLICATION 1 DEFAULT`;
  await withInfluxRetry("apply retention policy", () => client.query(statement));
  logger.info({ event: "readings.retention_applied", database: client.database, policy: RAW_RETENTION_POLICY, days }, "readings retention policy applied");
}
