import type { Condition, Edge } from "./dag";

export type NodeState = "waiting" | "queued" | "running" | "succeeded" | "failed" | "skipped";

export interface NodeRun {
  id: string;
  definitionId: string | null;
  fanOutKey: string | null;
  status: "queued" | "running" | "succeeded" | "failed" | "dead" | "cancelled";
  queuedAt: Date;
}

const FINAL = new Set<NodeRun["status"]>(["succeeded", "failed", "dead", "cancelled"]);
export const isFinalRun = (status: NodeRun["status"]) => FINAL.has(status);

/** The newest run of each fan-out key (a retry supersedes the run it retried): what the node's state is made of. */
export function latestRunPerKey(runs: readonly NodeRun[]): NodeRun[] {
  const latest = new Map<string, NodeRun>();
  for (const run of runs) {
    const key = run.fanOutKey ?? "";
    const seen = latest.get(key);
    if (!seen || run.queuedAt > seen.queuedAt || (run.queuedAt.getTime() === seen.queuedAt.getTime() && run.id > seen.id)) latest.set(key, run);
  }
  return [...latest.values()];
}

/** A started node's state from its runs: running while any child is, else failed if any failed (the join), else succeeded. */
export function startedNodeState(runs: readonly NodeRun[]): NodeState {
  const latest = latestRunPerKey(runs);
  if (latest.some((r) => r.status === "running")) return "running";
  if (latest.some((r) => r.status === "queued")) return "queued";
  if (latest.some((r) => r.status !== "succeeded")) return "failed";
  return "succeeded";
}

const satisfies = (condition: Condition, state: NodeState) =>
  condition === "any" ? state === "succeeded" || state === "failed" : condition === "success" ? state === "succeeded" : state === "failed";

export interface WorkflowState {
  states: Map<string, NodeState>;
  /** Not started, and every upstream ended as its edge asks: start these now. */
  ready: string[];
  /** Nothing runs and nothing more can start. */
  done: boolean;
  failed: boolean;
}

/**
 * Every node's state in one workflow instance: started nodes from their runs, the others waiting
 * (an upstream has not ended), ready, or skipped (an upstream ended otherwise than its edge asks, or was skipped).
 * Edges from definitions outside the instance are ignored (a workflow begun part-way down).
 */
export function workflowState(nodes: ReadonlySet<string>, edges: readonly Edge[], started: ReadonlySet<string>, runs: readonly NodeRun[]): WorkflowState {
  const states = new Map<string, NodeState>();
  const runsOf = new Map<string, NodeRun[]>();
  for (const run of runs) if (run.definitionId) runsOf.set(run.definitionId, [...(runsOf.get(run.definitionId) ?? []), run]);
  const incoming = new Map<string, Edge[]>();
  for (const e of edges) if (nodes.has(e.upstreamId) && nodes.has(e.downstreamId)) incoming.set(e.downstreamId, [...(incoming.get(e.downstreamId) ?? []), e]);
  const ready: string[] = [];
  const visit = (id: string, depth: number): NodeState => {
    const known = states.get(id);
    if (known) return known;
    if (depth > nodes.size) return "waiting"; // unreachable for a DAG; keeps a corrupted graph from recursing forever
    let state: NodeState;
    if (started.has(id)) state = startedNodeState(runsOf.get(id) ?? []);
    else {
      const ups = (incoming.get(id) ?? []).map((e) => ({ e, s: visit(e.upstreamId, depth + 1) }));
      if (ups.some(({ s }) => s === "skipped")) state = "skipped";
      else if (ups.some(({ s }) => s !== "succeeded" && s !== "failed")) state = "waiting";
      else if (ups.every(({ e, s }) => satisfies(e.condition, s))) {
        state = "waiting";
        ready.push(id);
      } else state = "skipped";
    }
    states.set(id, state);
    return state;
  };
  for (const id of nodes) visit(id, 0);
  const active = [...states.values()].some((s) => s === "queued" || s === "running");
  return { states, ready, done: !active && ready.length === 0, failed: [...states.values()].includes("failed") };
}
