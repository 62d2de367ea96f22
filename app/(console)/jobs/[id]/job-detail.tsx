"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { PriorityBadge } from "@/components/jobs/priority-badge";
import { RunTable } from "@/components/jobs/run-table";
import { LiveBadge } from "@/components/shell/live-badge";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { useLiveStatus } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";
import { Time } from "@/components/ui/time";
import { TriggersPanel } from "./triggers-panel";
import { DependenciesPanel } from "./dependencies-panel";

export function JobDetail({ id, canEdit }: { id: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useLiveStatus();
  const job = useQuery(trpc.jobs.get.queryOptions({ id }));
  const runs = useInfiniteQuery(trpc.runs.list.infiniteQueryOptions({ definitionId: id, limit: 25 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() }),
    ]);
  useRunChanges(
    (c) => c.definitionId === id,
    () => void refresh(),
  );
  const runNow = useMutation(trpc.jobs.runNow.mutationOptions({ onSuccess: refresh }));
  const setEnabled = useMutation(trpc.jobs.setEnabled.mutationOptions({ onSuccess: refresh }));
  const error = job.error ?? runNow.error ?? setEnabled.error;
  const def = job.data;

  return (
    <>
      <div className="topbar">
        <h1>{def?.name ?? "Job"}</h1>
        <LiveBadge status={live} />
      </div>
      <p>
        <Link href="/jobs">← All jobs</Link>
      </p>
      <FormError message={error ? errorMessage(error) : null} />
      {def && (
        <div className="cols-2">
          <section className="panel">
            <h2>Definition (version {def.version})</h2>
            <dl className="facts">
              <dt>Kind</dt>
              <dd className="mono">{def.kind}</dd>
              <dt>Priority</dt>
              <dd>
                <PriorityBadge priority={def.priority} />
              </dd>
              <dt>Complexity</dt>
              <dd>{def.complexity}</dd>
              <dt>Schedule</dt>
              <dd>{def.schedule.words}</dd>
              <dt>Next run</dt>
              <dd>
                <Time value={def.schedule.nextRunAt} relative />
              </dd>
              <dt>State</dt>
              <dd>
                <StatusBadge tone={def.enabled ? "ok" : "warn"}>{def.enabled ? "enabled" : "paused"}</StatusBadge>
              </dd>
              <dt>Timeout</dt>
              <dd>{def.timeoutMs / 1000} s</dd>
              <dt>Max attempts</dt>
              <dd>{def.maxAttempts ?? "class default"}</dd>
              <dt>Fair-share weight</dt>
              <dd data-testid="job-scope-weight">{def.scopeWeight}</dd>
              <dt>Deadline</dt>
              <dd data-testid="job-deadline">{def.deadlineMs ? `${def.deadlineMs / 1000} s after queued` : "none"}</dd>
              <dt>Parameters</dt>
              <dd>
                <code>{JSON.stringify(def.params)}</code>
              </dd>
            </dl>
            {canEdit && (
              <div className="toolbar" style={{ marginTop: 12 }}>
                <button type="button" className="primary" disabled={runNow.isPending} onClick={() => runNow.mutate({ id })}>
                  Run now
                </button>
                <button type="button" onClick={() => setEnabled.mutate({ id, enabled: !def.enabled })}>
                  {def.enabled ? "Pause" : "Resume"}
                </button>
              </div>
            )}
          </section>
          <section className="panel">
            <h2>Version history</h2>
            <table className="data" data-testid="versions-table">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Changed by</th>
                  <th>When</th>
                  <th>Snapshot</th>
                </tr>
              </thead>
              <tbody>
                {def.versions.map((v) => (
                  <tr key={v.version}>
                    <td>v{v.version}</td>
                    <td>{v.changedBy ?? "–"}</td>
                    <td className="muted">
                      <Time value={v.createdAt} />
                    </td>
                    <td>
                      <details>
                        <summary>show</summary>
                        <pre className="mono">{JSON.stringify(v.snapshot, null, 2)}</pre>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
      {def && <TriggersPanel definitionId={id} canEdit={canEdit} />}
      {def && <DependenciesPanel definitionId={id} canEdit={canEdit} />}
      <section className="panel">
        <h2>Runs</h2>
        <RunTable
          runs={runs.data?.pages.flatMap((p) => p.runs) ?? []}
          showJob={false}
          more={{ hasMore: runs.hasNextPage, loading: runs.isFetchingNextPage, load: () => void runs.fetchNextPage(), label: "Load older runs" }}
          csvHref={`/api/runs/export?definitionId=${encodeURIComponent(id)}`}
        />
        {runs.data?.pages[0]?.runs.length === 0 && <p className="muted">No runs yet.</p>}
      </section>
    </>
  );
}
