"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

const empty = { actor: "", action: "", targetType: "", from: "", to: "" };

export function AuditLog() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(empty);
  const [filter, setFilter] = useState(empty);
  const input = {
    actor: filter.actor || undefined,
    action: filter.action || undefined,
    targetType: filter.targetType || undefined,
    from: filter.from ? new Date(filter.from) : undefined,
    to: filter.to ? new Date(filter.to) : undefined,
    limit: 50,
  };
  const events = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const exportHref = `/api/audit/export?${new URLSearchParams(Object.entries({ ...filter, from: input.from?.toISOString() ?? "", to: input.to?.toISOString() ?? "" }).filter(([, v]) => v))}`;
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <>
      <div className="topbar">
        <h1>Audit trail</h1>
        <a className="button" href={exportHref} download>Export CSV</a>
      </div>
      <form className="panel form-row" aria-label="Filter audit trail" onSubmit={(e) => { e.preventDefault(); setFilter(draft); }}>
        <label className="field">Actor email<input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} /></label>
        <label className="field">Action<input value={draft.action} placeholder="e.g. retention." onChange={(e) => setDraft({ ...draft, action: e.target.value })} /></label>
        <label className="field">Target type<input value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })} /></label>
        <label className="field">From<input type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} /></label>
        <label className="field">To<input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} /></label>
        <button className="primary" type="submit" style={{ marginBottom: 12 }}>Filter</button>
      </form>
      <section className="panel">
        <table className="data" data-testid="audit-table">
          <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Change</th><th>From</th></tr></thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td className="muted"><Time value={e.at} /></td>
                <td>{e.actorEmail ?? "system"} <span className="muted">{e.actorRole}</span></td>
                <td className="mono">{e.action}</td>
                <td className="mono">{e.targetType}{e.targetId ? ` ${e.targetId}` : ""}</td>
                <td className="mono">{e.before !== null || e.after !== null ? `${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}` : ""}</td>
                <td className="muted mono">{e.clientIp}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {events.hasNextPage && <button type="button" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>Load more</button>}
        {rows.length === 0 && !events.isLoading && <p className="muted">No audit events match.</p>}
      </section>
    </>
  );
}
