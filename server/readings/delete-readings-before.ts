import type { InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { READING_MEASUREMENT } from "./readings-schema";
import { withInfluxRetry } from "./with-influx-retry";

/** Removes readings older than the cutoff now, rather than when their shard group expires. */
export async function deleteReadingsBefore(client: InfluxClient, options: { cutoff: Date }): Promise<void> {
  const q = `DELETE FROM ${quoteIdentifier(READING_MEASUREMENT)} WHERE time < ${timeLiteral(options.cutoff.getTime())}`;
  await withInfluxRetry("delete readings", () => client.query(q));
}
