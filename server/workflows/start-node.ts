import type { Tx } from "../db";
import type { JobDefinition } from "../db/generated/client";
import { definitionRun } from "../queues/definition-run";
import { enqueueRun } from "../queues/enqueue-run";
import { findJobKind } from "../runs/job-kind-registry";

/** Children of one fan-out node at most: a scope with more values is refused rather than flooding a lane. */
export const MAX_FAN_OUT = 100;

/** The values a fan-out runs over: the regions or sites of the active sensors. */
export async function fanOutValues(tx: Tx, scope: "region" | "site"): Promise<string[]> {
  const rows =
    scope === "region"
      ? await tx.$queryRaw<Array<{ v: string }>>`SELECT DISTINCT region AS v FROM "Sensor" WHERE state = 'active' ORDER BY 1 LIMIT ${MAX_FAN_OUT + 1}`
      : await tx.$queryRaw<Array<{ v: string }>>`SELECT DISTINCT site AS v FROM "Sensor" WHERE state = 'active' ORDER BY 1 LIMIT ${MAX_FAN_OUT + 1}`;
  if (rows.length > MAX_FAN_OUT) throw new Error(`fan-out over ${scope}: more than ${MAX_FAN_OUT} values`);
  return rows.map((r) => r.v);
}

/** The root run's parameters a downstream kind also takes (an import's id, a range), under the definition's own. */
function inherited(kindName: string, rootParams: Record<string, unknown>): Record<string, unknown> {
  const schema = findJobKind(kindName)?.params as { shape?: Record<string, unknown> } | undefined;
  const names = schema?.shape ? Object.keys(schema.shape) : [];
  return Object.fromEntries(Object.entries(rootParams).filter(([k]) => names.includes(k)));
}

/**
 * Claims the node (the unique workflow_nodes row: a second sweep seeing the same upstream end gets
 * nothing) and enqueues its run, or one child per scope value for a fan-out, in the caller's transaction.
 * Returns the runs started, none when another sweep had claimed it.
 */
export async function startWorkflowNode(tx: Tx, options: { workflowRunId: string; definition: JobDefinition; rootParams: Record<string, unknown> }) {
  const { workflowRunId, definition } = options;
  const claimed = await tx.$executeRaw`
    INSERT INTO workflow_nodes ("workflowRunId", "definitionId") VALUES (${workflowRunId}, ${definition.id}) ON CONFLICT DO NOTHING`;
  if (claimed === 0) return [];
  const base = definitionRun(definition);
  const params = { ...inherited(definition.kind, options.rootParams), ...base.params };
  const keys = definition.fanOut ? await fanOutValues(tx, definition.fanOut) : [null];
  const runs = [];
  for (const key of keys) {
    runs.push(
      await enqueueRun(tx, {
        ...base,
        params: key === null ? params : { ...params, [definition.fanOut!]: key },
        trigger: "workflow",
        triggeredBy: `workflow ${workflowRunId}`,
        workflowRunId,
        fanOutKey: key ?? undefined,
      }),
    );
  }
  return runs;
}
