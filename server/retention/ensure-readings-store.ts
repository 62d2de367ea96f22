import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { retentionDays } from "./list-retention-policies";
import { applyReadingsRetention } from "../readings/apply-readings-retention";
import { quoteIdentifier } from "../readings/influxql";
import { RAW_READINGS_CLASS } from "../readings/readings-schema";
import { withInfluxRetry } from "../readings/with-influx-retry";

/** On start: the database and its default retention policy, sized by the `raw_readings` retention class. */
export async function ensureReadingsStore(db: Db, options: { client: InfluxClient }): Promise<void> {
  const { client } = options;
  await withInfluxRetry("create database", () => client.query(`CREATE DATABASE ${quoteIdentifier(client.database)}`));
  await applyReadingsRetention(client, { days: await retentionDays(db, RAW_READINGS_CLASS) });
}
