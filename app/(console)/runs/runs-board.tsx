"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates, type inferParserType } from "nuqs";
import { useEffect, useState } from "react";
import { RunTable } from "@/components/jobs/run-table";
import { FormError } from "@/components/ui/form-error";
import { fromZonedInput } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { viewQuery } from "@/components/ui/url-state";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";
import { runStatusSchema, runTriggerSchema } from "@/server/runs/schemas";
import { runViewParams } from "./run-view";
import { FilterSelect } from "@/components/ui/filter-select";

type RunView = inferParserType<typeof runViewParams>;

/** The view as the API takes it: date-time inputs become instants in the user's zone; short searches wait for more text. */
function toQuery(view: RunView, zone: string) {
  return {
    definitionId: view.definitionId ?? undefined,
    kind: view.kind ?? undefined,
    status: view.status ?? undefined,
    trigger: view.trigger ?? undefined,
    from: fromZonedInput(view.from, zone) ?? undefined,
    to: fromZonedInput(view.to, zone) ?? undefined,
    search: view.search && view.search.trim().length >= 3 ? view.search.trim() : undefined,
    sort: view.sort,
    dir: view.dir,
  };
}

export function RunsBoard({ canAct }: { canAct: boolean }) {
  const trpc = useTRPC();
  const { zone } = useTimeZone();
  const queryClient = useQueryClient();
  const [view, setView] = useQueryStates(runViewParams, { history: "replace", clearOnDefault: true });
  const [searchDraft, setSearchDraft] = useState(view.search ?? "");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const jobs = useQuery(trpc.jobs.list.queryOptions());
  const kinds = useQuery(trpc.jobs.kinds.queryOptions());
  const query = toQuery(view, zone);
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions({ ...query, limit: 50 }, { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData }),
  );
  const rows = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
  useRunChanges(
    () => true,
    () => void refresh(),
    2_000,
  );

  const viewKey = JSON.stringify(view);
  // A selection belongs to the view it was made in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view changing is the trigger; its value is not read
  useEffect(() => setSelected(new Set()), [viewKey]);

  const done = (text: string) => {
    setSelected(new Set());
    setNotice(text);
    return refresh();
  };
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({
      onSuccess: (r) => done(`Cancelled ${r.cancelled.length} run(s)${r.skipped.length ? `; ${r.skipped.length} had already started or finished` : ""}.`),
    }),
  );
  const rerun = useMutation(trpc.runs.rerun.mutationOptions({ onSuccess: (r) => done(`Queued ${r.length} rerun(s).`) }));
  const set = (key: Exclude<keyof RunView, "sort" | "dir">, value: string) => void setView({ [key]: value || null });
  const toggle = (id: string) =>
    setSelected((s) => {
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
        <label className="field">
          Search
          <input
            type="search"
            placeholder="run id, job name, parameter text"
            value={searchDraft}
            onChange={(e) => setSearchDraft(e.target.value)}
            style={{ width: 260 }}
          />
        </label>
        <FilterSelect
          label="Job"
          value={view.definitionId}
          options={jobs.data?.map((j) => ({ value: j.id, label: j.name }))}
          onChange={(v) => set("definitionId", v)}
        />
        <FilterSelect label="Kind" value={view.kind} options={kinds.data?.map((k) => k.name)} onChange={(v) => set("kind", v)} />
        <FilterSelect label="Status" value={view.status} options={runStatusSchema.options} onChange={(v) => set("status", v)} />
        <FilterSelect label="Trigger" value={view.trigger} options={runTriggerSchema.options} onChange={(v) => set("trigger", v)} />
        <label className="field">
          From
          <input type="datetime-local" title={`In ${zone}`} value={view.from ?? ""} onChange={(e) => set("from", e.target.value)} />
        </label>
        <label className="field">
          To
          <input type="datetime-local" title={`In ${zone}`} value={view.to ?? ""} onChange={(e) => set("to", e.target.value)} />
        </label>
        <div className="field">
          <button type="submit">Search</button>
        </div>
      </form>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError message={error ? errorMessage(error) : null} />
      <section className="panel">
        {canAct && (
          <div className="toolbar" role="toolbar" aria-label="Bulk actions">
            <span className="muted" data-testid="selected-count">
              {selected.size} selected
            </span>
            <button type="button" disabled={!selected.size || cancel.isPending} onClick={() => cancel.mutate({ ids: [...selected] })}>
              Cancel selected
            </button>
            <button type="button" disabled={!selected.size || rerun.isPending} onClick={() => rerun.mutate({ ids: [...selected] })}>
              Rerun selected
            </button>
          </div>
        )}
        <RunTable
          runs={rows}
          selected={canAct ? selected : undefined}
          onToggle={canAct ? toggle : undefined}
          onToggleAll={(checked) => setSelected(checked ? new Set(rows.map((r) => r.id)) : new Set())}
          sort={{ id: view.sort, desc: view.dir === "desc" }}
          onSortChange={(s) => void setView({ sort: s.id as RunView["sort"], dir: s.desc ? "desc" : "asc" })}
          more={{ hasMore: runs.hasNextPage, loading: runs.isFetchingNextPage, load: () => void runs.fetchNextPage(), label: "Load more runs" }}
          csvHref={`/api/runs/export${viewQuery({ ...query, from: query.from?.toISOString(), to: query.to?.toISOString() })}`}
        />
        {rows.length === 0 && !runs.isLoading && <p className="muted">No runs match.</p>}
      </section>
    </>
  );
}
