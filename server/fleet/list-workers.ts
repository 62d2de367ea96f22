import { redisKeyPrefix, sharedRedis } from "../redis";

export interface WorkerState {
  id: string;
  host: string;
  pid: number;
  status: "running" | "stopping" | "lost";
  queues: string[];
  concurrency: number;
  /** Worker slots per queue (its concurrency on each); absent in heartbeats of workers older than this field. */
  slots?: Record<string, number>;
  inFlight: number;
  cpuPercent: number;
  rssMb: number;
  /** V8 heap in use at the heartbeat; absent in heartbeats of older workers. */
  heapUsedMb?: number;
  uptimeSeconds: number;
  version: string;
  /** Time of the last heartbeat. */
  at: string;
}

export const fleetKey = () => `${redisKeyPrefix()}:fleet`;
export const workerAliveKey = (id: string) => `${redisKeyPrefix()}:workers:${id}:alive`;

/** Lost workers stay listed this long, so operators see what went away. */
const LOST_VISIBLE_MS = 60 * 60_000;

/** Every worker that heartbeats, plus the ones that stopped heartbeating without a clean exit (lost). */
export async function listWorkers(): Promise<WorkerState[]> {
  const redis = sharedRedis();
  const entries = await redis.hgetall(fleetKey());
  const ids = Object.keys(entries);
  if (ids.length === 0) return [];
  const alive = await redis.mget(ids.map(workerAliveKey));
  const workers: WorkerState[] = [];
  const expired: string[] = [];
  ids.forEach((id, i) => {
    const state = JSON.parse(entries[id]) as WorkerState;
    if (!alive[i]) {
      if (Date.now() - Date.parse(state.at) > LOST_VISIBLE_MS) return void expired.push(id);
      state.status = "lost";
    }
    workers.push(state);
  });
  if (expired.length) await redis.hdel(fleetKey(), ...expired);
  return workers.sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
}
