import { inTransaction, type Db } from "../db";
import { logger } from "../logger";
import { publishRunChanges } from "../runs/publish-run-changes";
import type { RunChange } from "../runs/run-change";
import { loadEdges } from "./save-dependencies";
import { loadWorkflow } from "./load-workflow";
import { startWorkflowNode } from "./start-node";

/** Runs newer than this can begin a workflow; older ones (from before an edge existed) are left alone. */
const ADOPT_WINDOW_MS = 3_600_000;
const BATCH = 100;

/** Tells open run pages that a run's workflow changed (adopted, a node started, closed): they refetch its graph. */
function announce(runs: Array<{ id: string; definitionId: string | null }>): Promise<void> {
  const changes: RunChange[] = runs.map((r) => ({ ...r, status: null, attempts: null, startedAt: null, finishedAt: null, logs: [], errors: [] }));
  return publishRunChanges(changes).catch((err) =>
    logger.warn({ event: "workflow.publish_failed", error: (err as Error).message }, "workflow change saved but not published"),
  );
}

/**
 * Runs of a definition with downstream edges that belong to no workflow begin one (schedules, manual
 * runs and triggers all end up here, whoever created the row). The unique rootRunId makes two sweeps
 * adopting the same run create one instance.
 */
export async function adoptWorkflowRoots(db: Db, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - ADOPT_WINDOW_MS);
  const roots = await db.$queryRaw<Array<{ id: string; definitionId: string }>>`
    SELECT r.id, r."definitionId" FROM "JobRun" r
    WHERE r."workflowRunId" IS NULL AND r."queuedAt" >= ${since}
      AND r."definitionId" IN (SELECT DISTINCT "upstreamId" FROM job_dependencies)
    ORDER BY r."queuedAt" LIMIT ${BATCH}`;
  const adopted: typeof roots = [];
  for (const root of roots) {
    await inTransaction(db, async (tx) => {
      const [created] = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO workflow_runs (id, "rootDefinitionId", "rootRunId") VALUES (${`wf_${root.id}`}, ${root.definitionId}, ${root.id})
        ON CONFLICT ("rootRunId") DO NOTHING RETURNING id`;
      if (!created) return;
      await tx.$executeRaw`INSERT INTO workflow_nodes ("workflowRunId", "definitionId") VALUES (${created.id}, ${root.definitionId}) ON CONFLICT DO NOTHING`;
      await tx.$executeRaw`UPDATE "JobRun" SET "workflowRunId" = ${created.id} WHERE id = ${root.id}`;
      adopted.push(root);
    });
  }
  if (adopted.length) await announce(adopted);
  return adopted.length;
}

/**
 * One pass over the open workflow instances: each is locked (FOR UPDATE SKIP LOCKED, so two workers
 * share them rather than wait), its ready nodes are started (each claimed once by its unique node row)
 * and a finished instance is closed as succeeded or failed.
 */
export async function advanceWorkflows(db: Db): Promise<{ started: number; finished: number }> {
  const open = await db.workflowRun.findMany({ where: { status: "running" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: BATCH });
  if (!open.length) return { started: 0, finished: 0 };
  const edges = await loadEdges(db);
  let started = 0;
  let finished = 0;
  const changed: Array<{ id: string; definitionId: string | null }> = [];
  for (const { id } of open) {
    await inTransaction(db, async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM workflow_runs WHERE id = ${id} AND status = 'running' FOR UPDATE SKIP LOCKED`;
      if (!locked) return;
      const loaded = await loadWorkflow(tx, id, edges);
      if (!loaded) return;
      if (loaded.state.ready.length) {
        const rootRun = await tx.jobRun.findUnique({ where: { id: loaded.workflow.rootRunId }, select: { params: true } });
        const defs = await tx.jobDefinition.findMany({ where: { id: { in: loaded.state.ready } } });
        for (const definition of defs) {
          const runs = await startWorkflowNode(tx, { workflowRunId: id, definition, rootParams: (rootRun?.params ?? {}) as Record<string, unknown> });
          started += runs.length;
          changed.push(...runs.map((r) => ({ id: r.id, definitionId: r.definitionId })));
          logger.info({ event: "workflow.node_started", workflowRunId: id, definitionId: definition.id, runs: runs.length }, "workflow node started");
        }
        return;
      }
      if (loaded.state.done) {
        const status = loaded.state.failed ? "failed" : "succeeded";
        await tx.workflowRun.update({ where: { id }, data: { status, finishedAt: new Date() } });
        finished++;
        changed.push({ id: loaded.workflow.rootRunId, definitionId: loaded.workflow.rootDefinitionId });
        logger.info({ event: "workflow.finished", workflowRunId: id, status }, "workflow finished");
      }
    });
  }
  if (changed.length) await announce(changed);
  return { started, finished };
}

/** The worker's workflow sweep. */
export async function sweepWorkflows(db: Db) {
  const adopted = await adoptWorkflowRoots(db);
  const advanced = await advanceWorkflows(db);
  return { adopted, ...advanced };
}
