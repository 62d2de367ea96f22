import type { Db } from "../db";
import { notFound } from "../errors";
import { latestRunPerKey } from "./node-states";
import { loadEdges } from "./save-dependencies";
import { loadWorkflow } from "./load-workflow";

/** A workflow instance as its page draws it: nodes in dependency order with their state and newest runs, and the edges between them. */
export async function getWorkflowRun(db: Db, options: { id: string }) {
  const edges = await loadEdges(db);
  const loaded = await loadWorkflow(db, options.id, edges);
  if (!loaded) throw notFound("Workflow run");
  const defs = await db.jobDefinition.findMany({ where: { id: { in: [...loaded.nodes] } }, select: { id: true, name: true, kind: true, fanOut: true } });
  const depth = new Map<string, number>();
  const depthOf = (id: string, guard = 0): number => {
    if (depth.has(id)) return depth.get(id)!;
    const ups = edges.filter((e) => e.downstreamId === id && loaded.nodes.has(e.upstreamId) && id !== loaded.workflow.rootDefinitionId);
    const d = ups.length && guard < loaded.nodes.size ? 1 + Math.max(...ups.map((e) => depthOf(e.upstreamId, guard + 1))) : 0;
    depth.set(id, d);
    return d;
  };
  const nodes = defs
    .map((d) => ({
      ...d,
      state: loaded.state.states.get(d.id) ?? "waiting",
      depth: depthOf(d.id),
      runs: latestRunPerKey(loaded.runs.filter((r) => r.definitionId === d.id)).map((r) => ({ id: r.id, status: r.status, fanOutKey: r.fanOutKey })),
      attempts: loaded.runs.filter((r) => r.definitionId === d.id).length,
    }))
    .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name));
  return {
    id: loaded.workflow.id,
    status: loaded.workflow.status,
    createdAt: loaded.workflow.createdAt,
    finishedAt: loaded.workflow.finishedAt,
    rootRunId: loaded.workflow.rootRunId,
    nodes,
    edges: edges.filter((e) => loaded.nodes.has(e.upstreamId) && loaded.nodes.has(e.downstreamId) && e.downstreamId !== loaded.workflow.rootDefinitionId),
    runIds: loaded.runs.map((r) => r.id),
  };
}

/** Recent workflow instances, newest first, optionally those begun by one definition. */
export async function listWorkflowRuns(db: Db, options: { definitionId?: string; limit: number }) {
  return db.workflowRun.findMany({
    where: options.definitionId ? { rootDefinitionId: options.definitionId } : {},
    orderBy: { createdAt: "desc" },
    take: options.limit,
    select: { id: true, status: true, createdAt: true, finishedAt: true, rootRunId: true, rootDefinitionId: true },
  });
}
