import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError, notFound } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";
import { runPolicyOf } from "../queues/run-policy";
import { latestRunPerKey } from "./node-states";
import { loadEdges } from "./save-dependencies";
import { loadWorkflow } from "./load-workflow";

/**
 * Runs a failed node again, alone: only its children that did not succeed (a fan-out's other scopes
 * stand), in the same workflow instance, which opens again so its downstream starts once they succeed.
 */
export async function retryWorkflowNode(db: Db, options: { workflowRunId: string; definitionId: string; triggeredBy: string }) {
  return inTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM workflow_runs WHERE id = ${options.workflowRunId} FOR UPDATE`;
    const loaded = await loadWorkflow(tx, options.workflowRunId, await loadEdges(tx));
    if (!loaded) throw notFound("Workflow run");
    const state = loaded.state.states.get(options.definitionId);
    if (state === undefined) throw notFound("Workflow node");
    if (state !== "failed") throw new DomainError("CONFLICT", `Only a failed node can be retried (this one is ${state})`);
    const failed = latestRunPerKey(loaded.runs.filter((r) => r.definitionId === options.definitionId)).filter((r) => r.status !== "succeeded");
    const originals = await tx.jobRun.findMany({ where: { id: { in: failed.map((r) => r.id) } }, include: { definition: true } });
    const created = [];
    for (const run of originals) {
      created.push(
        await enqueueRun(tx, {
          kind: run.kind,
          params: run.params as Record<string, unknown>,
          priority: run.priority,
          ...runPolicyOf(run),
          trigger: "rerun",
          triggeredBy: options.triggeredBy,
          definitionId: run.definitionId ?? undefined,
          definitionVersion: run.definition?.version,
          jobName: run.jobName ?? undefined,
          rerunOfId: run.id,
          workflowRunId: options.workflowRunId,
          fanOutKey: run.fanOutKey ?? undefined,
        }),
      );
    }
    await tx.workflowRun.update({ where: { id: options.workflowRunId }, data: { status: "running", finishedAt: null } });
    recordChange({
      targetType: "workflowNode",
      targetId: `${options.workflowRunId}/${options.definitionId}`,
      after: { retried: failed.map((r) => r.id), runs: created.map((r) => r.id) },
    });
    return { runs: created.map((r) => ({ id: r.id, fanOutKey: r.fanOutKey })) };
  });
}
