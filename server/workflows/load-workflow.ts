import type { Db } from "../db";
import { downstreamNodes, type Edge } from "./dag";
import { workflowState, type NodeRun } from "./node-states";

/** Runs of one workflow instance at most (a 50-node graph fanned out over 100 scopes, with retries, stays far below). */
const MAX_WORKFLOW_RUNS = 20_000;

/** One workflow instance with its graph (the definitions downstream of its root), runs, started nodes and the state of each node. */
export async function loadWorkflow(db: Db, workflowRunId: string, edges: readonly Edge[]) {
  const workflow = await db.workflowRun.findUnique({ where: { id: workflowRunId }, include: { nodes: true } });
  if (!workflow) return null;
  const runs: NodeRun[] = await db.jobRun.findMany({
    where: { workflowRunId },
    select: { id: true, definitionId: true, fanOutKey: true, status: true, queuedAt: true },
    orderBy: { queuedAt: "asc" },
    take: MAX_WORKFLOW_RUNS,
  });
  const root = workflow.rootDefinitionId;
  const nodes = root ? downstreamNodes(edges, root) : new Set<string>();
  const started = new Set(workflow.nodes.map((n) => n.definitionId));
  for (const id of started) nodes.add(id); // a node started before an edge was removed stays in its instance
  return { workflow, runs, nodes, started, state: workflowState(nodes, edges, started, runs) };
}
