import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import { findJobKind } from "./job-kind-registry";
import { enqueueRun } from "../queues/enqueue-run";
import { runPolicyOf } from "../queues/run-policy";

/** Runs past runs again with the same parameters (or edited ones, recorded as such). */
export async function rerunRuns(db: Db, options: { ids: string[]; params?: Record<string, unknown>; triggeredBy: string }) {
  const runs = await db.jobRun.findMany({ where: { id: { in: options.ids } }, include: { definition: true } });
  if (runs.length !== options.ids.length) throw notFound("Run");
  const created = [];
  for (const run of runs) {
    const params = options.params ?? (run.params as Record<string, unknown>);
    if (options.params) {
      const parsed = findJobKind(run.kind)?.params.safeParse(params);
      if (!parsed?.success)
        throw new DomainError("INVALID", `Edited parameters do not fit ${run.kind}: ${parsed?.error.issues[0]?.message ?? "unknown kind"}`, {
          field: "params",
        });
    }
    created.push(
      await enqueueRun(db, {
        kind: run.kind,
        params,
        paramsEdited: Boolean(options.params),
        priority: run.priority,
        ...runPolicyOf(run),
        trigger: "rerun",
        triggeredBy: options.triggeredBy,
        definitionId: run.definitionId ?? undefined,
        definitionVersion: run.definition?.version,
        jobName: run.jobName ?? undefined,
        rerunOfId: run.id,
      }),
    );
  }
  recordChange({ targetType: "jobRun", targetId: options.ids.join(","), after: { reruns: created.map((r) => r.id), paramsEdited: Boolean(options.params) } });
  return created;
}
