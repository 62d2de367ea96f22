import { QueueEvents } from "bullmq";
import { env } from "../env";
import { logger } from "../logger";
import { getQueueDepths } from "../queues/get-queue-depths";
import { allQueueNames, bullConnection, bullPrefix } from "../queues/queues";
import type { LocalEmit } from "../realtime/socket-server";
import { listWorkers } from "./list-workers";

export type Emit = LocalEmit;

/**
 * Runs in each web process: pushes the fleet and queue depths to its own browsers, announces
 * workers that went silent, and relays BullMQ's stalled-job recoveries.
 */
export function startFleetMonitor(emit: Emit) {
  const lastStatus = new Map<string, string>();
  const tickMs = Math.max(250, Math.round(env().HEARTBEAT_INTERVAL_MS / 2));

  const watchFleet = async () => {
    const workers = await listWorkers();
    for (const worker of workers) {
      if (worker.status === "lost" && lastStatus.get(worker.id) !== "lost") {
        logger.warn(
          { event: "worker.lost", workerId: worker.id, host: worker.host, pid: worker.pid, inFlight: worker.inFlight },
          "worker stopped heartbeating",
        );
        emit("workers", "worker:lost", worker);
      }
      lastStatus.set(worker.id, worker.status);
    }
    emit("workers", "fleet", workers);
    emit("queues", "queues:depth", await getQueueDepths());
  };

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    watchFleet()
      .catch((err) => logger.warn({ event: "fleet.monitor_failed", error: (err as Error).message }, "fleet not refreshed"))
      .finally(() => (running = false));
  }, tickMs);

  const queueEvents = allQueueNames().map((queue) => {
    const events = new QueueEvents(queue, { connection: bullConnection(), prefix: bullPrefix() });
    events.on("stalled", ({ jobId }) => emit("workers", "job:recovered", { queue, jobId, at: new Date().toISOString() }));
    events.on("error", () => undefined);
    return events;
  });

  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(queueEvents.map((e) => e.close()));
    },
  };
}
