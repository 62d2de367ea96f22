import type { WorkerState } from "./list-workers";

/** Worker slots per queue that can take work now: running workers only (a stopping one takes none, a lost one is gone). */
export function liveWorkerSlots(workers: readonly WorkerState[]): Record<string, number> {
  const slots: Record<string, number> = {};
  for (const worker of workers) {
    if (worker.status !== "running" || !worker.slots) continue;
    for (const [queue, n] of Object.entries(worker.slots)) slots[queue] = (slots[queue] ?? 0) + n;
  }
  return slots;
}
