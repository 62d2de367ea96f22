import type { Db } from "../db";
import { enqueueRun } from "../queues/enqueue-run";

export const DELIVERY_KIND = "notification-delivery";
/** 1, 2, 4, 8 s (±20 % jitter) between the five attempts: the "complex" retry policy. */
export const DELIVERY_ATTEMPTS = 5;

/** Queues the run that sends one delivery, in the caller's transaction (the job is added after commit). */
export async function enqueueDelivery(tx: Db, options: { deliveryId: string; triggeredBy: string }): Promise<string> {
  const run = await enqueueRun(tx, {
    kind: DELIVERY_KIND,
    params: { deliveryId: options.deliveryId },
    priority: "P1",
    complexity: "complex",
    timeoutMs: 30_000,
    maxAttempts: DELIVERY_ATTEMPTS,
    trigger: "event",
    triggeredBy: options.triggeredBy,
    jobName: "Notification delivery",
  });
  await tx.notificationDelivery.update({ where: { id: options.deliveryId }, data: { runId: run.id, status: "queued" } });
  return run.id;
}
