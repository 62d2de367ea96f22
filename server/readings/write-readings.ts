import { DomainError } from "../errors";
import type { InfluxClient } from "../influx/influx-client";
import { readingLine, readingSeriesKey } from "./reading-line";
import { withInfluxRetry } from "./with-influx-retry";

export interface ReadingPoint {
  sensorKey: string;
  /** Epoch milliseconds. */
  time: number;
  value: number;
  quantity?: string;
  infraType?: string;
  region?: string;
  site?: string;
}

export interface WriteReadingsOptions {
  points: readonly ReadingPoint[];
  /** Points per HTTP write; InfluxDB recommends 5,000–10,000. */
  batchSize?: number;
}

/** Series keys by sensor and labels: a writer's points mostly repeat a few hundred series. */
function seriesKeys(): (p: ReadingPoint) => string {
  const keys = new Map<string, string>();
  return (p) => {
    const id = `${p.sensorKey}\u0000${p.quantity ?? ""}\u0000${p.infraType ?? ""}\u0000${p.region ?? ""}\u0000${p.site ?? ""}`;
    let key = keys.get(id);
    if (key === undefined)
      keys.set(id, (key = readingSeriesKey({ sensor: p.sensorKey, quantity: p.quantity, infraType: p.infraType, region: p.region, site: p.site })));
    return key;
  };
}

/** Writes readings in batches (the client library escapes line protocol); a batch with a non-finite value or time is refused whole, before anything is written. */
export async function writeReadings(client: InfluxClient, options: WriteReadingsOptions): Promise<{ written: number; batches: number }> {
  const batchSize = options.batchSize ?? 5_000;
  const bad = options.points.find((p) => !Number.isFinite(p.value) || !Number.isFinite(p.time) || !p.sensorKey);
  if (bad) throw new DomainError("INVALID", `Invalid reading for sensor "${bad.sensorKey}" at ${bad.time}: ${bad.value}`, { sensorKey: bad.sensorKey });
  let batches = 0;
  const seriesKeyOf = seriesKeys();
  for (let i = 0; i < options.points.length; i += batchSize) {
    const lines = options.points.slice(i, i + batchSize).map((p) => readingLine(seriesKeyOf(p), p.value, String(Math.trunc(p.time))));
    await withInfluxRetry("write readings", () => client.write(lines, "ms"));
    batches++;
  }
  return { written: options.points.length, batches };
}
