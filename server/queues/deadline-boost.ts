import type { Complexity, Priority } from "../db/generated/enums";
import { completionSlaMs } from "./completion-slas";
import { bandOf, priorityClasses } from "./priority-classes";

/** Classes a deadline can lift a run into, most urgent first, with the start target that decides it. */
const BOOST_CLASSES = (["P1", "P2", "P3"] as const).map((p) => ({
  priority: p,
  band: bandOf(priorityClasses[p].bullPriority),
  startSlaMs: priorityClasses[p].slaMs!,
}));

export interface DeadlineRun {
  /** Its BullMQ priority now (its class's band, after any aging or earlier boost). */
  bullPriority: number;
  deadlineAt: number;
  complexity: Complexity;
}

/**
 * The class a waiting run with a deadline belongs in now: the most urgent class whose start target is at least
 * the slack left (time to the deadline less its complexity's completion target). A P3 due in 2 minutes has
 * under 5 minutes of slack, so it joins P2; under a minute, P1. Never lower than where it is.
 */
export function deadlineClass(run: DeadlineRun, now: number): Priority | null {
  const slack = run.deadlineAt - now - completionSlaMs[run.complexity];
  const current = bandOf(run.bullPriority);
  const target = BOOST_CLASSES.find((c) => slack <= c.startSlaMs);
  return target && target.band < current ? target.priority : null;
}

/**
 * The BullMQ priority a boost moves the run to, or null when it stays: the front of its new class's band
 * (round 0, and pushed ahead of that round's jobs), so it starts before fresh work of that class.
 */
export function boostedBullPriority(run: DeadlineRun, now: number): number | null {
  const target = deadlineClass(run, now);
  return target === null ? null : priorityClasses[target].bullPriority;
}
