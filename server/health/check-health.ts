import { db } from "../db";
import { env } from "../env";
import { influx } from "../influx/influx-client";
import { sharedRedis } from "../redis";

export type HealthProbe = () => Promise<unknown>;

export interface DependencyHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  checkedAt: string;
  dependencies: Record<string, DependencyHealth>;
  down: string[];
}

export function defaultHealthProbes(): Record<string, HealthProbe> {
  return {
    postgres: () => db.$queryRaw`SELECT 1`,
    redis: () => sharedRedis().ping(),
    influxdb: () => influx().ping(),
  };
}

async function probeOne(probe: HealthProbe, timeoutMs: number): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message.slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes every dependency in parallel, each bounded by HEALTH_TIMEOUT_MS. */
export async function checkHealth(probes = defaultHealthProbes(), timeoutMs = env().HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => probeOne(probes[name], timeoutMs)));
  const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i]]));
  const down = names.filter((_, i) => !results[i].ok);
  return { status: down.length ? "degraded" : "ok", checkedAt: new Date().toISOString(), dependencies, down };
}
