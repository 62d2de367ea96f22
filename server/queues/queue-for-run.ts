import type { Priority } from "../db/generated/enums";
import { jobLanes } from "./job-lanes";
import { laneOf } from "./kind-lanes";
import { priorityClasses } from "./priority-classes";

/** The queue a run of this kind and priority goes to: its kind's lane if it has one, else its priority class's. */
export function queueForRun(options: { kind: string; priority: Priority }): string {
  const lane = laneOf(options.kind);
  return lane ? jobLanes[lane].queue : priorityClasses[options.priority].queue;
}
