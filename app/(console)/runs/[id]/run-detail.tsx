"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { formatDuration, runDuration } from "@/components/jobs/format";
import { LogViewer } from "@/components/jobs/log-viewer";
import type { RunLogLine } from "@/server/runs/job-kind";
import { PriorityBadge } from "@/components/jobs/priority-badge";
import { RunStatusBadge } from "@/components/jobs/run-status-badge";
import { LiveBadge } from "@/components/shell/live-badge";
import { FormError } from "@/components/ui/form-error";
import { useLiveStatus } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";
import { CancelRunButton } from "./cancel-run-button";
import { RerunPanel } from "./rerun-panel";
import { WorkflowPanel } from "./workflow-panel";
import { Time } from "@/components/ui/time";

interface AttemptError {
  attempt: number;
  at: string;
  message: string;
}

export function RunDetail({ id, canRerun }: { id: string; canRerun: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useLiveStatus();
  const query = useQuery(trpc.runs.get.queryOptions({ id }));
  useRunChanges(
    (c) => c.id === id,
    () => void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id }) }),
    300,
  );
  const run = query.data;
  if (!run)
    return (
      <>
        <h1>Run</h1>
        <FormError message={query.error ? errorMessage(query.error) : null} />
        {query.isLoading && <p className="muted">Loading…</p>}
      </>
    );
  const errors = run.errors as unknown as AttemptError[];
  const active = run.status === "running" || run.status === "queued";

  return (
    <>
      <div className="topbar">
        <h1 className="mono">{run.id}</h1>
        <LiveBadge status={live} />
      </div>
      <div className="cols-2">
        <section className="panel">
          <h2>Run</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <RunStatusBadge status={run.status} />
              {run.slaBreached && <span className="muted"> · started after its SLA</span>}
              {run.completionSlaBreached && (
                <span className="muted" data-testid="run-completion-sla">
                  {" "}
                  · ran past its {run.complexity} completion target
                </span>
              )}
            </dd>
            <dt>Job</dt>
            <dd>
              {run.definition ? <Link href={`/jobs/${run.definition.id}`}>{run.definition.name}</Link> : (run.jobName ?? "ad hoc")}
              {run.definitionVersion ? (
                <span className="muted">
                  {" "}
                  · version {run.definitionVersion}
                  {run.definition && run.definition.version !== run.definitionVersion ? ` (now v${run.definition.version})` : ""}
                </span>
              ) : null}
            </dd>
            <dt>Kind</dt>
            <dd className="mono">{run.kind}</dd>
            <dt>Priority</dt>
            <dd>
              <PriorityBadge priority={run.priority} />
            </dd>
            <dt>Deadline</dt>
            <dd data-testid="run-deadline">
              {run.deadlineAt ? (
                <>
                  <Time value={run.deadlineAt} />
                  {run.finishedAt && <span className="muted"> · {new Date(run.finishedAt) <= new Date(run.deadlineAt) ? "met" : "missed"}</span>}
                </>
              ) : (
                "none"
              )}
              {run.boostedTo && (
                <span data-testid="run-boosted">
                  {" "}
                  · boosted to {run.boostedTo} at <Time value={run.boostedAt} /> as its deadline neared
                </span>
              )}
            </dd>
            {run.scope && (
              <>
                <dt>Fair-share scope</dt>
                <dd className="mono" data-testid="run-scope">
                  {run.scope}
                </dd>
              </>
            )}
            <dt>Trigger</dt>
            <dd data-testid="run-trigger">
              {run.trigger}
              {run.triggeredBy ? ` by ${run.triggeredBy}` : ""}
              {run.paramsEdited ? " · parameters edited" : ""}
            </dd>
            {run.rerunOfId && (
              <>
                <dt>Rerun of</dt>
                <dd>
                  <Link className="mono" href={`/runs/${run.rerunOfId}`}>
                    {run.rerunOfId}
                  </Link>
                </dd>
              </>
            )}
            {run.replayOf && (
              <>
                <dt>Replay of</dt>
                <dd data-testid="replay-of">
                  dead letter{" "}
                  <Link className="mono" href={`/dead-letters?letter=${run.replayOf.id}`}>
                    {run.replayOf.id}
                  </Link>{" "}
                  from run{" "}
                  <Link className="mono" href={`/runs/${run.replayOf.runId}`}>
                    {run.replayOf.runId}
                  </Link>
                </dd>
              </>
            )}
            {run.deadLetter && (
              <>
                <dt>Dead letter</dt>
                <dd>
                  <Link className="mono" data-testid="dead-letter-link" href={`/dead-letters?letter=${run.deadLetter.id}`}>
                    {run.deadLetter.id}
                  </Link>
                  {run.deadLetter.replayRunId ? (
                    <>
                      {" "}
                      · replayed as{" "}
                      <Link className="mono" href={`/runs/${run.deadLetter.replayRunId}`}>
                        {run.deadLetter.replayRunId}
                      </Link>
                    </>
                  ) : null}
                </dd>
              </>
            )}
            <dt>Queued</dt>
            <dd data-testid="run-queued">
              <Time value={run.queuedAt} /> (<Time value={run.queuedAt} relative />)
            </dd>
            <dt>Started</dt>
            <dd>
              <Time value={run.startedAt} />
            </dd>
            <dt>Finished</dt>
            <dd>
              <Time value={run.finishedAt} />
            </dd>
            <dt>Duration</dt>
            <dd>
              {formatDuration(runDuration(run))}
              {active && run.startedAt ? " so far" : ""}
            </dd>
            <dt>Attempts</dt>
            <dd>{run.attempts}</dd>
            <dt>Worker</dt>
            <dd className="mono">{run.workerId ?? "–"}</dd>
            <dt>Parameters</dt>
            <dd>
              <code>{JSON.stringify(run.params)}</code>
            </dd>
            <dt>Result</dt>
            <dd>
              <code data-testid="run-result">{run.result === null ? "–" : JSON.stringify(run.result)}</code>
            </dd>
          </dl>
        </section>
        <section className="panel">
          <h2>Attempts</h2>
          {errors.length === 0 ? (
            <p className="muted">No failed attempts.</p>
          ) : (
            <table className="data" data-testid="attempts-table">
              <thead>
                <tr>
                  <th>Attempt</th>
                  <th>Failed at</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.attempt}</td>
                    <td className="muted">
                      <Time value={e.at} />
                    </td>
                    <td className="mono">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {run.version && (
            <>
              <h2 style={{ marginTop: 16 }}>Definition, version {run.version.version}</h2>
              <p className="muted">
                Changed by {run.version.changedBy ?? "–"} at <Time value={run.version.createdAt} />
              </p>
              <pre className="mono">{JSON.stringify(run.version.snapshot, null, 2)}</pre>
            </>
          )}
          {canRerun && run.status === "queued" && !run.startedAt && <CancelRunButton runId={run.id} />}
          {canRerun && (
            <>
              <h2 style={{ marginTop: 16 }}>Rerun</h2>
              <RerunPanel runId={run.id} kind={run.kind} params={run.params as Record<string, unknown>} />
            </>
          )}
          {run.reruns.length > 0 && (
            <ul>
              {run.reruns.map((r) => (
                <li key={r.id}>
                  <Link className="mono" href={`/runs/${r.id}`}>
                    {r.id}
                  </Link>{" "}
                  <RunStatusBadge status={r.status} />
                  {r.paramsEdited ? " (edited)" : ""}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {run.workflowRunId && <WorkflowPanel workflowRunId={run.workflowRunId} runId={run.id} canRetry={canRerun} />}
      <section className="panel">
        <h2>Log</h2>
        <LogViewer lines={run.logs as unknown as RunLogLine[]} tailing={active} />
      </section>
    </>
  );
}
