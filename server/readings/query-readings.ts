import { InfluxQueryError, type InfluxClient } from "../influx/influx-client";
import { quoteIdentifier, timeLiteral } from "./influxql";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "./readings-schema";
import { decodeTagValue } from "./tag-value-codec";
import { withInfluxRetry } from "./with-influx-retry";

export interface SensorSeries {
  /** Decoded; empty for a series the statement did not group by sensor. */
  sensorKey: string;
  columns: string[];
  values: unknown[][];
}

export interface QueryReadingsOptions {
  /**
   * Answer no series when the database does not exist yet, instead of failing: for jobs that may run
   * before anything created the readings store (reports), where no database means no readings.
   */
  missingDatabaseIsEmpty?: boolean;
}

const isMissingDatabase = (err: unknown) => err instanceof InfluxQueryError && /database not found/i.test(err.message);

/** True when the query failed only because the database does not exist. */
async function failedForMissingDatabase(client: InfluxClient, err: unknown): Promise<boolean> {
  if (isMissingDatabase(err)) return true;
  // With several statements InfluxDB 1.x answers only "not executed"; one probe tells a missing database apart.
  if (!(err instanceof InfluxQueryError && /not executed/.test(err.message))) return false;
  const probe = `SELECT count(${quoteIdentifier(READING_FIELD)}) FROM ${quoteIdentifier(READING_MEASUREMENT)} WHERE time >= ${timeLiteral(0)} AND time < ${timeLiteral(1)}`;
  return isMissingDatabase(
    await client.query(probe).then(
      () => null,
      (e: unknown) => e,
    ),
  );
}

/**
 * The one way InfluxQL over the readings is run: the statements in one request, with bounded retry,
 * one list of series per statement in order, sensor keys decoded.
 */
export async function queryReadings(client: InfluxClient, statements: readonly string[], options: QueryReadingsOptions = {}): Promise<SensorSeries[][]> {
  if (statements.length === 0) return [];
  let result: Awaited<ReturnType<InfluxClient["query"]>>;
  try {
    result = await withInfluxRetry("query readings", () => client.query(statements.join("; ")));
  } catch (err) {
    if (options.missingDatabaseIsEmpty && (await failedForMissingDatabase(client, err))) return statements.map(() => []);
    throw err;
  }
  return statements.map((_, index) =>
    (result.results?.find((r) => r.statement_id === index)?.series ?? []).map((s) => ({
      sensorKey: decodeTagValue(s.tags?.[readingTags.sensor] ?? ""),
      columns: s.columns,
      values: s.values,
    })),
  );
}
