export type Condition = "success" | "failure" | "any";

export interface Edge {
  upstreamId: string;
  downstreamId: string;
  condition: Condition;
}

/** A workflow's size bound: definitions reachable from one another through edges, and edges into one definition. */
export const MAX_WORKFLOW_NODES = 50;
export const MAX_UPSTREAM_EDGES = 20;

/** A cycle through the edges as a list of definition ids (first repeated last), or null when the graph is a DAG. */
export function findCycle(edges: readonly Edge[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.upstreamId, [...(next.get(e.upstreamId) ?? []), e.downstreamId]);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  // Iterative depth-first search: a hostile graph must not overflow the stack.
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ id: string; i: number }> = [{ id: start, i: 0 }];
    state.set(start, "open");
    path.push(start);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const children = next.get(top.id) ?? [];
      if (top.i >= children.length) {
        state.set(top.id, "done");
        stack.pop();
        path.pop();
        continue;
      }
      const child = children[top.i++];
      const seen = state.get(child);
      if (seen === "open") return [...path.slice(path.indexOf(child)), child];
      if (seen === "done") continue;
      state.set(child, "open");
      path.push(child);
      stack.push({ id: child, i: 0 });
    }
  }
  return null;
}

/** The definitions connected to `id` through edges in either direction (its whole workflow), itself included. */
export function connectedNodes(edges: readonly Edge[], id: string): Set<string> {
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length) {
    const at = queue.pop()!;
    for (const e of edges) {
      const other = e.upstreamId === at ? e.downstreamId : e.downstreamId === at ? e.upstreamId : null;
      if (other && !seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/** The definitions reachable downstream from `root`, itself included: the nodes of a workflow begun by a run of root. */
export function downstreamNodes(edges: readonly Edge[], root: string): Set<string> {
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length) {
    const at = queue.pop()!;
    for (const e of edges) {
      if (e.upstreamId === at && !seen.has(e.downstreamId)) {
        seen.add(e.downstreamId);
        queue.push(e.downstreamId);
      }
    }
  }
  return seen;
}

/** Why these edges cannot be saved (a cycle, a self edge, a workflow too large), or null. */
export function dagProblem(edges: readonly Edge[], changed: string, names: (id: string) => string): string | null {
  const self = edges.find((e) => e.upstreamId === e.downstreamId);
  if (self) return `"${names(self.upstreamId)}" cannot depend on itself`;
  const cycle = findCycle(edges);
  if (cycle) return `These dependencies form a cycle: ${cycle.map(names).join(" → ")}`;
  const incoming = edges.filter((e) => e.downstreamId === changed).length;
  if (incoming > MAX_UPSTREAM_EDGES) return `A job may depend on at most ${MAX_UPSTREAM_EDGES} others`;
  const size = connectedNodes(edges, changed).size;
  if (size > MAX_WORKFLOW_NODES) return `A workflow may hold at most ${MAX_WORKFLOW_NODES} jobs (this one would hold ${size})`;
  return null;
}
