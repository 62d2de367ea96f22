import { InfluxClient } from "@/server/influx/influx-client";
import { env } from "@/server/env";

export interface FixtureReading {
  sensor: string;
  time: number;
  value: number;
  infraType?: string;
  region?: string;
}

const escapeTag = (v: string) => v.replace(/([,= \\])/g, "\\$1");

/** The test InfluxDB database, created when missing (CREATE DATABASE is idempotent in 1.x). */
export async function testInflux(): Promise<InfluxClient> {
  const client = new InfluxClient({ url: env().INFLUX_URL, database: env().INFLUX_DB, token: env().INFLUX_TOKEN, timeoutMs: 60_000 });
  await client.query(`CREATE DATABASE "${env().INFLUX_DB.replaceAll('"', '\\"')}"`, { database: "" });
  return client;
}

/** Writes fixture readings straight to InfluxDB as line protocol, in the long shape the readers expect. */
export async function writeReadings(client: InfluxClient, readings: readonly FixtureReading[], batch = 5_000): Promise<void> {
  const lines = readings.map((r) => {
    const tags = [`sensor=${escapeTag(r.sensor)}`];
    if (r.infraType) tags.push(`infra_type=${escapeTag(r.infraType)}`);
    if (r.region) tags.push(`region=${escapeTag(r.region)}`);
    return `reading,${tags.join(",")} value=${r.value} ${r.time}`;
  });
  for (let i = 0; i < lines.length; i += batch) await client.write(lines.slice(i, i + batch), "ms");
}
