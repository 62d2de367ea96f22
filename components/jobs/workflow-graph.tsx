import Link from "next/link";
import type { getWorkflowRun } from "@/server/workflows/get-workflow-run";
import { StatusBadge, type Tone } from "../ui/status-badge";
import { RunStatusBadge } from "./run-status-badge";

export type WorkflowRunView = Awaited<ReturnType<typeof getWorkflowRun>>;
type Node = WorkflowRunView["nodes"][number];

const tones: Record<string, Tone> = { succeeded: "ok", running: "warn", queued: "neutral", failed: "bad", waiting: "neutral", skipped: "neutral" };
const conditionLabel = { success: "on success", failure: "on failure", any: "after any outcome" } as const;

/**
 * A workflow instance drawn as columns by dependency depth: each node with its state, its runs (one
 * per scope for a fan-out) and what it waits for. Retry is offered on failed nodes when onRetry is given.
 */
export function WorkflowGraph({
  workflow,
  currentRunId,
  onRetry,
  retrying,
}: {
  workflow: WorkflowRunView;
  currentRunId?: string;
  onRetry?: (node: Node) => void;
  retrying?: string | null;
}) {
  const columns: Node[][] = [];
  for (const node of workflow.nodes) (columns[node.depth] ??= []).push(node);
  const nameOf = new Map(workflow.nodes.map((n) => [n.id, n.name]));
  return (
    <div className="workflow-graph" data-testid="workflow-graph" data-status={workflow.status}>
      {columns.map((column, depth) => (
        <div className="workflow-column" key={depth}>
          {column.map((node) => (
            <div className="workflow-node" key={node.id} data-testid="workflow-node" data-name={node.name} data-state={node.state}>
              <div className="workflow-node-head">
                <Link href={`/jobs/${node.id}`}>{node.name}</Link>
                <StatusBadge tone={tones[node.state] ?? "neutral"}>{node.state}</StatusBadge>
              </div>
              <div className="muted mono">
                {node.kind}
                {node.fanOut ? ` · one per ${node.fanOut}` : ""}
              </div>
              {workflow.edges
                .filter((e) => e.downstreamId === node.id)
                .map((e) => (
                  <div className="muted" key={e.upstreamId}>
                    ← {nameOf.get(e.upstreamId)} {conditionLabel[e.condition]}
                  </div>
                ))}
              {node.runs.length > 0 && (
                <ul className="workflow-runs">
                  {node.runs.map((r) => (
                    <li key={r.id}>
                      <Link className="mono" href={`/runs/${r.id}`} aria-current={r.id === currentRunId ? "page" : undefined}>
                        {r.fanOutKey ?? "run"}
                      </Link>{" "}
                      <RunStatusBadge status={r.status} />
                    </li>
                  ))}
                </ul>
              )}
              {node.attempts > node.runs.length && <div className="muted">{node.attempts - node.runs.length} earlier run(s) retried</div>}
              {onRetry && node.state === "failed" && (
                <button type="button" disabled={retrying === node.id} onClick={() => onRetry(node)}>
                  Retry this node
                </button>
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
