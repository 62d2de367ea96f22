"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { JobDefinitionForm, type JobDefinitionInput } from "@/components/jobs/job-definition-form";
import { PriorityBadge } from "@/components/jobs/priority-badge";
import { QueueControls } from "@/components/jobs/queue-controls";
import type { QueueDepth } from "@/server/queues/get-queue-depths";
import { RunStatusBadge } from "@/components/jobs/run-status-badge";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";
import { JobsConfigPanel } from "./jobs-config-panel";
import { Time } from "@/components/ui/time";

type Editing = { mode: "create" } | { mode: "edit"; id: string } | null;

export function JobsBoard({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const jobs = useQuery(trpc.jobs.list.queryOptions());
  const kinds = useQuery(trpc.jobs.kinds.queryOptions());
  const queues = useQuery(trpc.queues.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [confirmDelete, setConfirmDelete] = useState<{ id: string; name: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
  const ids = new Set(jobs.data?.map((j) => j.id));
  useRunChanges(
    (c) => c.definitionId !== null && ids.has(c.definitionId),
    () => void refresh(),
    1_000,
  );
  useLiveEvent<QueueDepth[]>("queues", "queues:depth", (depths) => queryClient.setQueryData(trpc.queues.list.queryKey(), depths as never));

  const onError = (err: unknown) => {
    setNotice(null);
    setFormError(errorMessage(err));
  };
  const saved = (what: string) => () => {
    setEditing(null);
    setFormError(null);
    setNotice(what);
    return refresh();
  };
  const create = useMutation(trpc.jobs.create.mutationOptions({ onSuccess: (d) => saved(`Created ${d.name}.`)(), onError }));
  const update = useMutation(trpc.jobs.update.mutationOptions({ onSuccess: (d) => saved(`Saved ${d.name} (version ${d.version}).`)(), onError }));
  const setEnabled = useMutation(
    trpc.jobs.setEnabled.mutationOptions({ onSuccess: (d) => saved(`${d.name} ${d.enabled ? "resumed" : "paused"}.`)(), onError }),
  );
  const remove = useMutation(
    trpc.jobs.delete.mutationOptions({
      onSuccess: () => {
        setConfirmDelete(null);
        return saved("Job deleted.")();
      },
      onError,
    }),
  );
  const runNow = useMutation(trpc.jobs.runNow.mutationOptions({ onSuccess: (run) => saved(`Queued run ${run.id}.`)(), onError }));
  const pauseQueue = useMutation(
    trpc.queues.setPaused.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.queues.list.queryKey() }), onError }),
  );
  const editingJob = editing?.mode === "edit" ? jobs.data?.find((j) => j.id === editing.id) : undefined;

  const submit = (fields: JobDefinitionInput) => {
    setFormError(null);
    if (editing?.mode === "edit") update.mutate({ id: editing.id, fields });
    else create.mutate(fields);
  };

  return (
    <>
      <div className="topbar">
        <h1>Jobs</h1>
        {canEdit && !editing && (
          <button
            className="primary"
            type="button"
            onClick={() => {
              setFormError(null);
              setEditing({ mode: "create" });
            }}
          >
            New job
          </button>
        )}
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {!editing && <FormError message={formError} />}
      {editing && kinds.data && (
        <JobDefinitionForm
          key={editing.mode === "edit" ? editing.id : "new"}
          kinds={kinds.data}
          initial={editingJob}
          error={formError}
          busy={create.isPending || update.isPending}
          onSubmit={submit}
          onCancel={() => {
            setEditing(null);
            setFormError(null);
          }}
        />
      )}
      {confirmDelete && (
        <div className="panel" role="dialog" aria-label="Confirm delete">
          <h2>Delete {confirmDelete.name}?</h2>
          <p>Its schedule stops now. Its past runs stay in the run history.</p>
          <div className="form-row">
            <button className="primary danger" type="button" disabled={remove.isPending} onClick={() => remove.mutate({ id: confirmDelete.id })}>
              Delete job
            </button>
            <button type="button" onClick={() => setConfirmDelete(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <section className="panel">
        <table className="data" data-testid="jobs-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Priority</th>
              <th>Complexity</th>
              <th>Schedule</th>
              <th>Next run</th>
              <th>Last run</th>
              <th>State</th>
              {canEdit && <th></th>}
            </tr>
          </thead>
          <tbody>
            {jobs.data?.map((job) => (
              <tr key={job.id} data-testid={`job-${job.name}`}>
                <td>
                  <Link href={`/jobs/${job.id}`}>{job.name}</Link>
                </td>
                <td className="mono">{job.kind}</td>
                <td>
                  <PriorityBadge priority={job.priority} />
                </td>
                <td>{job.complexity}</td>
                <td>{job.schedule.words}</td>
                <td className="muted">
                  <Time value={job.schedule.nextRunAt} relative />
                </td>
                <td>
                  {job.lastRun ? (
                    <>
                      <RunStatusBadge status={job.lastRun.status} /> <Time className="muted" value={job.lastRun.queuedAt} relative />
                    </>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td data-testid="job-state">
                  <StatusBadge tone={job.enabled ? "ok" : "warn"}>{job.enabled ? "enabled" : "paused"}</StatusBadge>
                </td>
                {canEdit && (
                  <td>
                    <div className="toolbar">
                      <button type="button" disabled={runNow.isPending} onClick={() => runNow.mutate({ id: job.id })}>
                        Run now
                      </button>
                      <button type="button" onClick={() => setEnabled.mutate({ id: job.id, enabled: !job.enabled })}>
                        {job.enabled ? "Pause" : "Resume"}
                      </button>
                      <button
                        type="button"
                        onClick={() => {
                          setFormError(null);
                          setEditing({ mode: "edit", id: job.id });
                        }}
                      >
                        Edit
                      </button>
                      <button type="button" className="danger" onClick={() => setConfirmDelete({ id: job.id, name: job.name })}>
                        Delete
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {jobs.data?.length === 0 && <p className="muted">No jobs defined yet.</p>}
        {jobs.error && <FormError message={errorMessage(jobs.error)} />}
      </section>
      <JobsConfigPanel
        canEdit={canEdit}
        onApplied={(message) => {
          setFormError(null);
          setNotice(message);
          void refresh();
        }}
      />
      <section className="panel">
        <h2>Queues</h2>
        <QueueControls
          queues={queues.data ?? []}
          canEdit={canEdit}
          busy={pauseQueue.isPending}
          onSetPaused={(queue, paused) => pauseQueue.mutate({ queue, paused })}
        />
      </section>
    </>
  );
}
