import { assignKindLanes } from "../queues/kind-lanes";
import type { JobKind } from "./job-kind";

// On globalThis: the web process's Next.js bundle and its Node entry share one registry.
const globalForKinds = globalThis as unknown as { gristmillJobKinds?: Map<string, JobKind> };
const registry = () => (globalForKinds.gristmillJobKinds ??= new Map());

/**
 * Makes kinds runnable and placeable: the processor and reruns find them here, and the queue layer
 * learns their lanes. The product's catalog (server/catalog) registers its kinds; tests and benches
 * add their own (tests/support/test-job-kinds.ts). A name registered again is replaced.
 */
export function registerJobKinds(kinds: Record<string, JobKind>): void {
  for (const [name, kind] of Object.entries(kinds)) registry().set(name, kind);
  assignKindLanes(Object.fromEntries(Object.entries(kinds).map(([name, kind]) => [name, kind.lane])));
}

export function findJobKind(name: string): JobKind | undefined {
  return registry().get(name);
}

/** Every registered kind by name, in registration order. */
export function registeredJobKinds(): Array<[string, JobKind]> {
  return [...registry().entries()];
}
