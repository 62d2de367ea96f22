import type { Priority } from "../db/generated/enums";
import { CRITICAL_QUEUE, JOBS_QUEUE } from "./queues";
import { priorityLabels } from "./priority-labels";

/**
 * Each class owns a band of BullMQ priorities: its bullPriority is the band's start, and fair sharing
 * (fair-share.ts) adds a scope's round within the band, so classes still order strictly across scopes.
 * Five bands fit under BullMQ's limit of 2^21 - 1.
 */
export const PRIORITY_BAND = 400_000;

export interface PriorityClass {
  label: string;
  queue: string;
  /** Start of the class's band of BullMQ priorities (lower runs first). */
  bullPriority: number;
  /** Target time from enqueue to start; null: when capacity allows. */
  slaMs: number | null;
}

/** P0 has its own queue and workers (capacity reserved); P1–P4 share one queue in priority order. */
export const priorityClasses: Record<Priority, PriorityClass> = {
  P0: { label: priorityLabels.P0, queue: CRITICAL_QUEUE, bullPriority: 1, slaMs: 10_000 },
  P1: { label: priorityLabels.P1, queue: JOBS_QUEUE, bullPriority: 1 * PRIORITY_BAND, slaMs: 60_000 },
  P2: { label: priorityLabels.P2, queue: JOBS_QUEUE, bullPriority: 2 * PRIORITY_BAND, slaMs: 5 * 60_000 },
  P3: { label: priorityLabels.P3, queue: JOBS_QUEUE, bullPriority: 3 * PRIORITY_BAND, slaMs: 30 * 60_000 },
  P4: { label: priorityLabels.P4, queue: JOBS_QUEUE, bullPriority: 4 * PRIORITY_BAND, slaMs: null },
};

export const PRIORITIES = Object.keys(priorityClasses) as Priority[];

/** Fairness guard: a job waiting longer than this moves up one class, so P4 is never starved. */
export const AGING_STEP_MS = 10 * 60_000;

/** The class band a BullMQ priority lies in: 1 for P1 … 4 for P4. */
export const bandOf = (bullPriority: number) => Math.floor(bullPriority / PRIORITY_BAND);

/** One band up per step, never past P1; the job keeps its fair-share round within the band. */
export function agedBullPriority(bullPriority: number, waitedMs: number): number {
  const steps = Math.floor(waitedMs / AGING_STEP_MS);
  const band = Math.max(bandOf(priorityClasses.P1.bullPriority), bandOf(bullPriority) - steps);
  return band * PRIORITY_BAND + (bullPriority % PRIORITY_BAND);
}

export function isSlaBreach(priority: Priority, waitedMs: number): boolean {
  const sla = priorityClasses[priority].slaMs;
  return sla !== null && waitedMs > sla;
}
