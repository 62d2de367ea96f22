"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

type Condition = "success" | "failure" | "any";
const conditionLabel: Record<Condition, string> = { success: "on success", failure: "on failure", any: "after any outcome" };

/** What this job runs after (and on which outcome), what runs after it, and its fan-out; operators edit the upstream list. */
export function DependenciesPanel({ definitionId, canEdit }: { definitionId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deps = useQuery(trpc.workflows.dependencies.queryOptions({ definitionId }));
  const jobs = useQuery({ ...trpc.jobs.list.queryOptions(), enabled: canEdit });
  const [upstreamId, setUpstreamId] = useState("");
  const [condition, setCondition] = useState<Condition>("success");
  const save = useMutation(
    trpc.workflows.setDependencies.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.workflows.dependencies.queryKey({ definitionId }) }),
    }),
  );
  const data = deps.data;
  const current = data?.upstream.map((u) => ({ definitionId: u.id, condition: u.condition })) ?? [];
  const submit = (upstream: typeof current, fanOut = data?.fanOut ?? null) => save.mutate({ definitionId, upstream, fanOut });
  return (
    <section className="panel" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">Workflow</h2>
      <FormError message={deps.error ? errorMessage(deps.error) : save.error ? errorMessage(save.error) : null} />
      {data && (
        <>
          <p className="muted">Runs after:</p>
          {data.upstream.length === 0 ? (
            <p className="muted">nothing (a run of this job begins a workflow when others depend on it)</p>
          ) : (
            <ul>
              {data.upstream.map((u) => (
                <li key={u.id} data-testid="upstream">
                  <Link href={`/jobs/${u.id}`}>{u.name}</Link> {conditionLabel[u.condition]}
                  {canEdit && (
                    <>
                      {" "}
                      <button type="button" onClick={() => submit(current.filter((c) => c.definitionId !== u.id))}>
                        Remove
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            Then: {data.downstream.length ? data.downstream.map((d) => `${d.name} (${conditionLabel[d.condition]})`).join(", ") : "nothing"}
            {data.fanOut ? ` · fans out over ${data.fanOut}` : ""}
          </p>
          {canEdit && (
            <form
              className="toolbar"
              aria-label="Add an upstream job"
              onSubmit={(e) => {
                e.preventDefault();
                if (upstreamId) submit([...current, { definitionId: upstreamId, condition }]);
              }}
            >
              <label>
                Run after
                <select value={upstreamId} onChange={(e) => setUpstreamId(e.target.value)}>
                  <option value="">choose a job…</option>
                  {(jobs.data ?? [])
                    .filter((j) => j.id !== definitionId && !current.some((c) => c.definitionId === j.id))
                    .map((j) => (
                      <option key={j.id} value={j.id}>
                        {j.name}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                Condition
                <select value={condition} onChange={(e) => setCondition(e.target.value as Condition)}>
                  {Object.entries(conditionLabel).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={save.isPending || !upstreamId}>
                Add dependency
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
