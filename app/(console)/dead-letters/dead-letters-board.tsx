"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useQueryStates, type inferParserType } from "nuqs";
import { useEffect, useState } from "react";
import { DeadLetterTable } from "@/components/jobs/dead-letter-table";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { viewQuery } from "@/components/ui/url-state";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";
import { DEAD_LETTER_EVENT } from "@/server/dead-letters/dead-letter-event";
import { deadLetterStateSchema } from "@/server/dead-letters/schemas";
import { letterViewParams } from "./letter-view";

type LetterView = inferParserType<typeof letterViewParams>;

/** The view as the API takes it; a link to one letter (from a run's page) shows it whatever its state. */
function toFilter(view: LetterView) {
  return {
    id: view.letter ?? undefined,
    kind: view.kind ?? undefined,
    jobName: view.jobName ?? undefined,
    errorGroup: view.errorGroup ?? undefined,
    search: view.search && view.search.trim().length >= 3 ? view.search.trim() : undefined,
    state: view.state ?? (view.letter ? "all" : "pending"),
  };
}

export function DeadLettersBoard({ canAct }: { canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useQueryStates(letterViewParams, { history: "replace", clearOnDefault: true });
  const [searchDraft, setSearchDraft] = useState(view.search ?? "");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [confirmAll, setConfirmAll] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const filter = toFilter(view);
  const groups = useQuery(trpc.deadLetters.groups.queryOptions(filter, { placeholderData: keepPreviousData }));
  const list = useInfiniteQuery(
    trpc.deadLetters.list.infiniteQueryOptions(
      { ...filter, sort: view.sort, dir: view.dir, limit: 50 },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );
  const letters = list.data?.pages.flatMap((p) => p.letters) ?? [];
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.deadLetters.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.deadLetters.groups.pathKey() }),
    ]);
  // New letters, and replays finishing, change what this page shows.
  useLiveEvent("runs", DEAD_LETTER_EVENT, () => void refresh());
  useRunChanges(
    (c) => c.status === "dead" || c.status === "succeeded",
    () => void refresh(),
    1_000,
  );

  const viewKey = JSON.stringify(view);
  // A selection belongs to the view it was made in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view changing is the trigger; its value is not read
  useEffect(() => {
    setSelected(new Set());
    setConfirmAll(false);
  }, [viewKey]);

  const done = (text: string) => {
    setSelected(new Set());
    setConfirmAll(false);
    setNotice(text);
    return refresh();
  };
  const replay = useMutation(trpc.deadLetters.replay.mutationOptions({ onSuccess: (r) => done(`Replayed ${r.replayed.length} dead letter(s).`) }));
  const discard = useMutation(
    trpc.deadLetters.discard.mutationOptions({
      onSuccess: (r) => {
        setReason("");
        return done(`Discarded ${r.discarded} dead letter(s).`);
      },
    }),
  );
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const actionable = canAct && (filter.state === "pending" || filter.state === "all");
  const error = list.error ?? groups.error ?? replay.error ?? discard.error;
  const { state, ...selection } = filter;
  const groupLabel = view.letter ? `letter ${view.letter}` : [view.jobName ?? view.kind, view.errorGroup].filter(Boolean).join(" · ");
  const showGroup = (g: { kind: string; jobName: string | null; errorGroup: string }) =>
    void setView({ letter: null, kind: g.kind, jobName: g.jobName, errorGroup: g.errorGroup });

  return (
    <>
      <h1>Dead letters</h1>
      <p className="muted">
        Runs that used up their attempts (or could never succeed), with their payload. Replay runs one again, once; discard records why it will not be.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError message={error ? errorMessage(error) : null} />
      <div className="toolbar" role="tablist" aria-label="State">
        {deadLetterStateSchema.options.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={state === s}
            className={state === s ? "primary" : undefined}
            onClick={() => void setView({ state: s === "pending" ? null : s, letter: null })}
          >
            {s}
          </button>
        ))}
      </div>
      <form
        className="panel form-row"
        role="search"
        aria-label="Filter dead letters"
        onSubmit={(e) => {
          e.preventDefault();
          void setView({ search: searchDraft.trim() || null });
        }}
      >
        <label className="field">
          Search
          <input
            type="search"
            placeholder="letter or run id, job name, error text"
            value={searchDraft}
            onChange={(e) => setSearchDraft(e.target.value)}
            style={{ width: 280 }}
          />
        </label>
        <div className="field">
          <button type="submit">Search</button>
        </div>
      </form>
      <section className="panel">
        <h2>By job and error</h2>
        <table className="data" data-testid="dead-letter-groups">
          <thead>
            <tr>
              <th>Job</th>
              <th>Error</th>
              <th>Letters</th>
              <th>Latest</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {groups.data?.map((g) => (
              <tr key={`${g.kind}|${g.jobName}|${g.errorGroup}`}>
                <td>
                  {g.jobName ?? "–"}
                  <div className="muted mono">{g.kind}</div>
                </td>
                <td className="mono">{g.errorGroup}</td>
                <td>{g.count}</td>
                <td className="muted">
                  <Time value={g.latest} relative />
                </td>
                <td>
                  <button type="button" onClick={() => showGroup(g)}>
                    Show these
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {groups.data?.length === 0 && (
          <p className="muted">
            No {state} dead letters{filter.search ? ` matching “${filter.search}”` : ""}.
          </p>
        )}
      </section>
      <section className="panel">
        <div className="topbar">
          <h2>{groupLabel ? `Letters: ${groupLabel}` : "All letters"}</h2>
          {groupLabel && (
            <button type="button" onClick={() => void setView({ letter: null, kind: null, jobName: null, errorGroup: null })}>
              Show all
            </button>
          )}
        </div>
        {actionable && (
          <div className="toolbar" role="toolbar" aria-label="Dead-letter actions">
            <span className="muted">{selected.size} selected</span>
            <button type="button" className="primary" disabled={!selected.size || replay.isPending} onClick={() => replay.mutate({ ids: [...selected] })}>
              Replay selected
            </button>
            <button type="button" disabled={!letters.length || replay.isPending} onClick={() => setConfirmAll(true)}>
              Replay all matching…
            </button>
            <input aria-label="Discard reason" placeholder="reason for discarding" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button
              type="button"
              className="danger"
              disabled={!selected.size || reason.trim().length < 3 || discard.isPending}
              onClick={() => discard.mutate({ selection: { ids: [...selected] }, reason })}
            >
              Discard selected
            </button>
          </div>
        )}
        {confirmAll && (
          <div className="panel" role="dialog" aria-label="Confirm replay all">
            <p>
              Replay every pending dead letter{groupLabel ? ` of ${groupLabel}` : ""}
              {filter.search ? ` matching “${filter.search}”` : ""} (up to 1,000)?
            </p>
            <div className="form-row">
              <button type="button" className="primary" disabled={replay.isPending} onClick={() => replay.mutate({ filter: selection })}>
                Replay them
              </button>
              <button type="button" onClick={() => setConfirmAll(false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
        <DeadLetterTable
          letters={letters}
          openId={view.letter ?? undefined}
          selected={actionable ? selected : undefined}
          onToggle={actionable ? toggle : undefined}
          onToggleAll={(checked) => setSelected(checked ? new Set(letters.filter((l) => !l.replayRun && !l.discardedAt).map((l) => l.id)) : new Set())}
          total={list.data?.pages[0]?.total ?? undefined}
          sort={{ id: view.sort, desc: view.dir === "desc" }}
          onSortChange={(s) => void setView({ sort: s.id as LetterView["sort"], dir: s.desc ? "desc" : "asc" })}
          more={{ hasMore: list.hasNextPage, loading: list.isFetchingNextPage, load: () => void list.fetchNextPage(), label: "Load more dead letters" }}
          csvHref={`/api/dead-letters/export${viewQuery({ ...filter, sort: view.sort, dir: view.dir })}`}
        />
        {letters.length === 0 && !list.isLoading && <p className="muted">No dead letters match.</p>}
      </section>
    </>
  );
}
