"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { RunTable } from "@/components/jobs/run-table";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";

export type RunFilter = Partial<Record<"definitionId" | "kind" | "status" | "trigger" | "from" | "to" | "search", string>>;

const statuses = ["queued", "running", "succeeded", "failed", "dead", "cancelled"] as const;
const triggers = ["schedule", "manual", "rerun", "replay", "event"] as const;

/** The filter as the API takes it: local datetime inputs become instants; short searches wait for more text. */
function toQuery(filter: RunFilter) {
  return {
    definitionId: filter.definitionId,
    kind: filter.kind,
    status: filter.status as (typeof statuses)[number] | undefined,
    trigger: filter.trigger as (typeof triggers)[number] | undefined,
    from: filter.from ? new Date(filter.from) : undefined,
    to: filter.to ? new Date(filter.to) : undefined,
    search: filter.search && filter.search.trim().length >= 3 ? filter.search.trim() : undefined,
    limit: 50,
  };
}

export function RunsBoard({ canAct, initialFilter }: { canAct: boolean; initialFilter: RunFilter }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<RunFilter>(initialFilter);
  const [searchDraft, setSearchDraft] = useState(initialFilter.search ?? "");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const jobs = useQuery(trpc.jobs.list.queryOptions());
  const kinds = useQuery(trpc.jobs.kinds.queryOptions());
  const runs = useInfiniteQuery(trpc.runs.list.infiniteQueryOptions(toQuery(filter), { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const rows = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
  useRunChanges(() => true, () => void refresh(), 2_000);

  useEffect(() => {
    const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as Array<[string, string]>);
    window.history.replaceState(null, "", `/runs${params.size ? `?${params}` : ""}`);
    setSelected(new Set());
  }, [filter]);

  const done = (text: string) => {
    setSelected(new Set());
    setNotice(text);
    return refresh();
  };
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: (r) => done(`Cancelled ${r.cancelled.length} run(s)${r.skipped.length ? `; ${r.skipped.length} had already started or finished` : ""}.`) }));
  const rerun = useMutation(trpc.runs.rerun.mutationOptions({ onSuccess: (r) => done(`Queued ${r.length} rerun(s).`) }));
  const set = (key: keyof RunFilter, value: string) => setFilter((f) => ({ ...f, [key]: value || undefined }));
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const error = runs.error ?? cancel.error ?? rerun.error;

  return (
    <>
      <h1>Runs</h1>
      <form
        className="panel form-row"
        role="search"
        aria-label="Filter runs"
        onSubmit={(e) => {
          e.preventDefault();
          set("search", searchDraft);
        }}
      >
        <label className="field">Search
          <input type="search" placeholder="run id, job name, parameter text" value={searchDraft} onChange={(e) => setSearchDraft(e.target.value)} style={{ width: 260 }} />
        </label>
        <label className="field">Job
          <select value={filter.definitionId ?? ""} onChange={(e) => set("definitionId", e.target.value)}>
            <option value="">any</option>
            {jobs.data?.map((j) => <option key={j.id} value={j.id}>{j.name}</option>)}
          </select>
        </label>
        <label className="field">Kind
          <select value={filter.kind ?? ""} onChange={(e) => set("kind", e.target.value)}>
            <option value="">any</option>
            {kinds.data?.map((k) => <option key={k.name}>{k.name}</option>)}
          </select>
        </label>
        <label className="field">Status
          <select value={filter.status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option>
            {statuses.map((s) => <option key={s}>{s}</option>)}
          </select>
        </label>
        <label className="field">Trigger
          <select value={filter.trigger ?? ""} onChange={(e) => set("trigger", e.target.value)}>
            <option value="">any</option>
            {triggers.map((t) => <option key={t}>{t}</option>)}
          </select>
        </label>
        <label className="field">From<input type="datetime-local" value={filter.from ?? ""} onChange={(e) => set("from", e.target.value)} /></label>
        <label className="field">To<input type="datetime-local" value={filter.to ?? ""} onChange={(e) => set("to", e.target.value)} /></label>
        <div className="field"><button type="submit">Search</button></div>
      </form>
      {notice && <p className="notice" role="status">{notice}</p>}
      <FormError message={error ? errorMessage(error) : null} />
      <section className="panel">
        {canAct && (
          <div className="toolbar" aria-label="Bulk actions">
            <span className="muted" data-testid="selected-count">{selected.size} selected</span>
            <button type="button" disabled={!selected.size || cancel.isPending} onClick={() => cancel.mutate({ ids: [...selected] })}>Cancel selected</button>
            <button type="button" disabled={!selected.size || rerun.isPending} onClick={() => rerun.mutate({ ids: [...selected] })}>Rerun selected</button>
          </div>
        )}
        <RunTable
          runs={rows}
          selected={canAct ? selected : undefined}
          onToggle={canAct ? toggle : undefined}
          onToggleAll={(checked) => setSelected(checked ? new Set(rows.map((r) => r.id)) : new Set())}
        />
        {rows.length === 0 && !runs.isLoading && <p className="muted">No runs match.</p>}
        {runs.hasNextPage && <button type="button" disabled={runs.isFetchingNextPage} onClick={() => runs.fetchNextPage()}>Load older runs</button>}
      </section>
    </>
  );
}
