import type { Priority } from "../db/generated/enums";
import { CRITICAL_QUEUE, JOBS_QUEUE } from "./queues";
import { priorityLabels } from "./priority-labels";

export interface PriorityClass {
  label: string;
  queue: string;
  /** BullMQ priority on the shared queue (lower runs first). */
  bullPriority: number;
  /** Target time from enqueue to start; null: when capacity allows. */
  slaMs: number | null;
}

/** P0 has its own queue and workers (capacity reserved); P1–P4 share one queue in priority order. */
export const priorityClasses: Record<Priority, PriorityClass> = {
  P0: { label: priorityLabels.P0, queue: CRITICAL_QUEUE, bullPriority: 1, slaMs: 10_000 },
  P1: { label: priorityLabels.P1, queue: JOBS_QUEUE, bullPriority: 10, slaMs: 60_000 },
  P2: { label: priorityLabels.P2, queue: JOBS_QUEUE, bullPriority: 20, slaMs: 5 * 60_000 },
  P3: { label: priorityLabels.P3, queue: JOBS_QUEUE, bullPriority: 30, slaMs: 30 * 60_000 },
  P4: { label: priorityLabels.P4, queue: JOBS_QUEUE, bullPriority: 40, slaMs: null },
};

export const PRIORITIES = Object.keys(priorityClasses) as Priority[];

/** Fairness guard: a job waiting longer than this moves up one class, so P4 is never starved. */
export const AGING_STEP_MS = 10 * 60_000;

export function agedBullPriority(bullPriority: number, waitedMs: number): number {
  const steps = Math.floor(waitedMs / AGING_STEP_MS);
  return Math.max(priorityClasses.P1.bullPriority, bullPriority - steps * 10);
}

export function isSlaBreach(priority: Priority, waitedMs: number): boolean {
  const sla = priorityClasses[priority].slaMs;
  return sla !== null && waitedMs > sla;
}
