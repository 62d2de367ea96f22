import { db } from "../db";
import { env } from "../env";
import { influx } from "../influx/influx-client";
import { replicaMonitor } from "../read-replica/read-from-replica";
import type { ReplicaState } from "../read-replica/replica-lag";
import { sharedRedis } from "../redis";

export type HealthProbe = () => Promise<unknown>;

export interface DependencyHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
  /** A line for the console's tile instead of the latency (the replica's lag and where reads go). */
  detail?: string;
}

/** Named in `down` when unreachable, but optional: reads fall back to the primary, so the process stays healthy (200). */
export const READ_REPLICA_DEPENDENCY = "postgres-replica";

export interface HealthReport {
  status: "ok" | "degraded";
  checkedAt: string;
  dependencies: Record<string, DependencyHealth>;
  down: string[];
  /** With READ_DATABASE_URL: the replica's lag and whether reads currently fall back to the primary. */
  readReplica?: Pick<ReplicaState, "up" | "serving" | "lagMs" | "lagBytes" | "reason"> & { fallback: boolean };
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

/** The replica as its monitor last measured it (every READ_REPLICA_PROBE_MS): a health check adds no query to it. */
export function replicaHealth(state: ReplicaState): { dependency: DependencyHealth; readReplica: NonNullable<HealthReport["readReplica"]> } {
  const { up, serving, lagMs, lagBytes, reason } = state;
  const lag = lagMs === null ? "lag unknown" : `lag ${lagMs} ms`;
  const dependency: DependencyHealth = up
    ? { ok: true, latencyMs: 0, detail: serving ? `serves reads, ${lag}` : `reads on the primary: ${reason}` }
    : { ok: false, latencyMs: 0, error: `${reason}; reads are served by the primary` };
  return { dependency, readReplica: { up, serving, lagMs, lagBytes, reason, fallback: !serving } };
}

/** 503 only when a dependency the process cannot do without is down. */
export const healthHttpStatus = (report: HealthReport) => (report.down.some((d) => d !== READ_REPLICA_DEPENDENCY) ? 503 : 200);

/** Probes every dependency in parallel, each bounded by HEALTH_TIMEOUT_MS. */
export async function checkHealth(probes = defaultHealthProbes(), timeoutMs = env().HEALTH_TIMEOUT_MS, replica = replicaMonitor()): Promise<HealthReport> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => probeOne(probes[name], timeoutMs)));
  const dependencies: Record<string, DependencyHealth> = Object.fromEntries(names.map((name, i) => [name, results[i]]));
  const report: HealthReport = { status: "ok", checkedAt: new Date().toISOString(), dependencies, down: [] };
  if (replica) {
    const { dependency, readReplica } = replicaHealth(replica.state);
    dependencies[READ_REPLICA_DEPENDENCY] = dependency;
    report.readReplica = readReplica;
  }
  report.down = Object.keys(dependencies).filter((name) => !dependencies[name].ok);
  report.status = report.down.length ? "degraded" : "ok";
  return report;
}
