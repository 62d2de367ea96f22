import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db, type Tx } from "../db";
import { DomainError, notFound } from "../errors";
import { findJobKind } from "../runs/job-kind-registry";
import { dagProblem, type Edge } from "./dag";
import type { setDependenciesInput } from "./schemas";

export type SetDependencies = z.output<typeof setDependenciesInput>;

/** Serialises every change of the dependency graph: two saves that are each acyclic alone could close a cycle together. */
export async function lockDependencyGraph(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('gristmill:job-dependencies'))`;
}

export async function loadEdges(db: Db): Promise<Edge[]> {
  return db.jobDependency.findMany({ select: { upstreamId: true, downstreamId: true, condition: true } });
}

/** Whether a run of this kind can take the fan-out scope as a parameter (one child per region or site). */
function fanOutProblem(def: { kind: string; params: unknown; name: string }, scope: "region" | "site"): string | null {
  const kind = findJobKind(def.kind);
  const parsed = kind?.params.safeParse({ ...(def.params as object), [scope]: "fan-out-check" });
  return parsed?.success ? null : `"${def.name}" (${def.kind}) cannot fan out over ${scope}: its parameters have no ${scope}`;
}

/**
 * Replaces what one definition runs after, and its fan-out, refusing (with the cycle named) a graph
 * that would not be a DAG, an unknown definition or a workflow past its size bound. Audited.
 */
export async function setJobDependencies(db: Db, input: SetDependencies) {
  return inTransaction(db, async (tx) => {
    await lockDependencyGraph(tx);
    const ids = [input.definitionId, ...input.upstream.map((u) => u.definitionId)];
    const defs = await tx.jobDefinition.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, kind: true, params: true } });
    const byId = new Map(defs.map((d) => [d.id, d]));
    const target = byId.get(input.definitionId);
    if (!target) throw notFound("Job");
    const unknown = input.upstream.find((u) => !byId.has(u.definitionId));
    if (unknown) throw new DomainError("INVALID", `Unknown upstream job "${unknown.definitionId}"`, { field: "upstream" });
    if (input.fanOut) {
      const problem = fanOutProblem(target, input.fanOut);
      if (problem) throw new DomainError("INVALID", problem, { field: "fanOut" });
    }
    const before = await loadEdges(tx);
    const proposed: Edge[] = [
      ...before.filter((e) => e.downstreamId !== input.definitionId),
      ...input.upstream.map((u) => ({ upstreamId: u.definitionId, downstreamId: input.definitionId, condition: u.condition })),
    ];
    const names = new Map(
      (
        await tx.jobDefinition.findMany({
          where: { id: { in: [...new Set(proposed.flatMap((e) => [e.upstreamId, e.downstreamId]))] } },
          select: { id: true, name: true },
        })
      ).map((d) => [d.id, d.name]),
    );
    const problem = dagProblem(proposed, input.definitionId, (id) => names.get(id) ?? id);
    if (problem) throw new DomainError("INVALID", problem, { field: "upstream" });
    const old = before.filter((e) => e.downstreamId === input.definitionId);
    await tx.jobDependency.deleteMany({ where: { downstreamId: input.definitionId } });
    if (input.upstream.length)
      await tx.jobDependency.createMany({
        data: input.upstream.map((u) => ({ upstreamId: u.definitionId, downstreamId: input.definitionId, condition: u.condition })),
      });
    const prior = await tx.jobDefinition.findUniqueOrThrow({ where: { id: input.definitionId }, select: { fanOut: true } });
    await tx.jobDefinition.update({ where: { id: input.definitionId }, data: { fanOut: input.fanOut } });
    recordChange({
      targetType: "jobDependencies",
      targetId: input.definitionId,
      before: { upstream: old.map(({ upstreamId, condition }) => ({ upstreamId, condition })), fanOut: prior.fanOut },
      after: { upstream: input.upstream, fanOut: input.fanOut },
    });
    return { definitionId: input.definitionId, upstream: input.upstream, fanOut: input.fanOut };
  });
}

/** What a definition runs after and what runs after it, with names, for its page. */
export async function getJobDependencies(db: Db, options: { definitionId: string }) {
  const def = await db.jobDefinition.findUnique({
    where: { id: options.definitionId },
    select: {
      id: true,
      fanOut: true,
      downstreamOf: { select: { condition: true, upstream: { select: { id: true, name: true } } } },
      upstreamOf: { select: { condition: true, downstream: { select: { id: true, name: true } } } },
    },
  });
  if (!def) throw notFound("Job");
  return {
    fanOut: def.fanOut,
    upstream: def.downstreamOf.map((e) => ({ ...e.upstream, condition: e.condition })),
    downstream: def.upstreamOf.map((e) => ({ ...e.downstream, condition: e.condition })),
  };
}
