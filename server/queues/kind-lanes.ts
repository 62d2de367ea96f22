import type { JobLaneName } from "./job-lanes";

// On globalThis, like the registry that fills it (server/runs/job-kind-registry.ts).
const globalForLanes = globalThis as unknown as { gristmillKindLanes?: Map<string, JobLaneName | undefined> };

/** Told by the kind registry which kinds run on a lane; this layer knows kinds by name only. */
export function assignKindLanes(lanes: Record<string, JobLaneName | undefined>): void {
  const map = (globalForLanes.gristmillKindLanes ??= new Map());
  for (const [kind, lane] of Object.entries(lanes)) map.set(kind, lane);
}

/**
 * The lane a kind runs on, if any. Refuses to answer before any kind is registered: a process that
 * enqueues without loading the catalog would otherwise put heavy kinds on the shared queue unnoticed.
 */
export function laneOf(kind: string): JobLaneName | undefined {
  const map = globalForLanes.gristmillKindLanes;
  if (!map) throw new Error("No job kinds registered: import server/catalog/job-kinds (or tests/support/test-job-kinds) before enqueueing");
  return map.get(kind);
}
