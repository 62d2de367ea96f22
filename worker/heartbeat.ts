import os from "node:os";
import { env } from "../server/env";
import { fleetKey, workerAliveKey, type WorkerState } from "../server/fleet/list-workers";
import { logger } from "../server/logger";
import { publishEvent } from "../server/realtime/events";
import { sharedRedis } from "../server/redis";

export interface WorkerIdentity {
  id: string;
  queues: string[];
  concurrency: number;
  slots: Record<string, number>;
  version: string;
}

export interface HeartbeatSource {
  inFlight(): number;
}

/**
 * Publishes this worker's state every HEARTBEAT_INTERVAL_MS. The alive key expires after 1.5
 * intervals, so a worker that dies is seen as lost within two intervals by anyone reading the fleet.
 */
export function startHeartbeat(identity: WorkerIdentity, source: HeartbeatSource) {
  const interval = env().HEARTBEAT_INTERVAL_MS;
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();

  const snapshot = (status: "running" | "stopping"): WorkerState => {
    const cpu = process.cpuUsage(lastCpu);
    const elapsedMs = performance.now() - lastAt;
    lastCpu = process.cpuUsage();
    lastAt = performance.now();
    return {
      ...identity,
      status,
      host: os.hostname(),
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
      inFlight: source.inFlight(),
      cpuPercent: elapsedMs > 0 ? Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10 : 0,
      rssMb: Math.round(process.memoryUsage().rss / 1_048_576),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
      at: new Date().toISOString(),
    };
  };

  const beat = async (status: "running" | "stopping") => {
    const state = snapshot(status);
    await sharedRedis()
      .multi()
      .set(workerAliveKey(identity.id), "1", "PX", Math.round(interval * 1.5))
      .hset(fleetKey(), identity.id, JSON.stringify(state))
      .exec();
    await publishEvent("workers", "worker:heartbeat", state);
  };

  const send = (status: "running" | "stopping") =>
    beat(status).catch((err) => logger.warn({ event: "heartbeat.failed", error: (err as Error).message }, "heartbeat not published"));

  void send("running");
  const timer = setInterval(() => void send("running"), interval);
  return {
    async stop() {
      clearInterval(timer);
      await send("stopping");
    },
    /** A clean exit leaves the fleet; only a worker that dies is shown as lost. */
    async remove() {
      await sharedRedis()
        .multi()
        .del(workerAliveKey(identity.id))
        .hdel(fleetKey(), identity.id)
        .exec()
        .catch(() => undefined);
      await publishEvent("workers", "worker:stopped", { id: identity.id }).catch(() => undefined);
    },
  };
}
