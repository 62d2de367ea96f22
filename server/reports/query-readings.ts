import { InfluxQueryError, type InfluxClient } from "../influx/influx-client";

const missingDatabase = (err: unknown) => err instanceof InfluxQueryError && /database not found/i.test(err.message);

/** Runs InfluxQL over the readings; a database nothing has written to yet holds no readings rather than failing the report. */
export async function queryReadings(influx: InfluxClient, influxQL: string) {
  try {
    return await influx.query(influxQL);
  } catch (err) {
    if (missingDatabase(err)) return { results: [] };
    // With several statements InfluxDB 1.x answers only "not executed"; one probe tells a missing database apart.
    if (err instanceof InfluxQueryError && /not executed/.test(err.message)) {
      const probe = await influx.query(`SELECT count("value") FROM "reading" WHERE time >= 0ms AND time < 1ms`).then(() => null, (e: unknown) => e);
      if (missingDatabase(probe)) return { results: [] };
    }
    throw err;
  }
}
