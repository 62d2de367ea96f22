import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { READING_FIELD, READING_MEASUREMENT } from "./readings-schema";
import { withInfluxRetry } from "./with-influx-retry";

/** How many readings (of all sensors) are older than the cutoff. */
export async function countReadingsBefore(client: InfluxClient, options: { cutoff: Date }): Promise<number> {
  const q = `SELECT count(${quoteIdentifier(READING_FIELD)}) FROM ${quoteIdentifier(READING_MEASUREMENT)} WHERE time < ${timeLiteral(options.cutoff.getTime())}`;
  const result = await withInfluxRetry("count readings", () => client.query(q));
  const value = result.results?.[0]?.series?.[0]?.values?.[0]?.[1];
  return typeof value === "number" ? value : 0;
}
