"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { WorkflowGraph } from "@/components/jobs/workflow-graph";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";

/** The workflow instance a run belongs to: its graph with each node's state, refetched as workers report its runs' changes. */
export function WorkflowPanel({ workflowRunId, runId, canRetry }: { workflowRunId: string; runId: string; canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.workflows.get.queryKey({ id: workflowRunId });
  // Node states arrive with run changes; the instance closing is the sweep's, not a run's, so an open one is also looked at now and then.
  const query = useQuery({
    ...trpc.workflows.get.queryOptions({ id: workflowRunId }),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 2_000 : false),
  });
  const workflow = query.data;
  // A node's new run is not yet among the known ids: its definition tells it apart.
  useRunChanges(
    (c) => Boolean(workflow && (workflow.runIds.includes(c.id) || workflow.nodes.some((n) => n.id === c.definitionId))),
    () => void queryClient.invalidateQueries({ queryKey: key }),
    300,
  );
  const retry = useMutation(trpc.workflows.retryNode.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) }));
  return (
    <section className="panel" data-testid="workflow-panel">
      <h2>
        Workflow <span className="muted">· {workflow?.status ?? "…"}</span>
      </h2>
      <FormError message={query.error ? errorMessage(query.error) : retry.error ? errorMessage(retry.error) : null} />
      {workflow && (
        <WorkflowGraph
          workflow={workflow}
          currentRunId={runId}
          retrying={retry.isPending ? (retry.variables?.definitionId ?? null) : null}
          onRetry={canRetry ? (node) => retry.mutate({ workflowRunId, definitionId: node.id }) : undefined}
        />
      )}
    </section>
  );
}
