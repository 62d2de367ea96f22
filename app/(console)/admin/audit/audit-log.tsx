"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useQueryStates } from "nuqs";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { fromZonedInput } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { parseAsFilterText, viewQuery } from "@/components/ui/url-state";

type AuditEvent = RouterOutputs["audit"]["list"]["events"][number];

/** The trail's filter as URL parameters (from/to as the date-time inputs hold them, read in the user's zone). */
const auditViewParams = { actor: parseAsFilterText, action: parseAsFilterText, targetType: parseAsFilterText, from: parseAsFilterText, to: parseAsFilterText };
type Draft = Record<keyof typeof auditViewParams, string>;

const columns: Array<ColumnDef<AuditEvent, unknown>> = [
  {
    id: "at",
    header: "When",
    cell: ({ row }) => (
      <span className="muted">
        <Time value={row.original.at} />
      </span>
    ),
  },
  {
    id: "who",
    header: "Who",
    cell: ({ row: { original: e } }) => (
      <>
        {e.actorEmail ?? "system"} <span className="muted">{e.actorRole}</span>
      </>
    ),
  },
  { id: "action", header: "Action", cell: ({ row }) => <span className="mono">{row.original.action}</span> },
  {
    id: "target",
    header: "Target",
    cell: ({ row: { original: e } }) => (
      <span className="mono">
        {e.targetType}
        {e.targetId ? ` ${e.targetId}` : ""}
      </span>
    ),
  },
  {
    id: "change",
    header: "Change",
    cell: ({ row: { original: e } }) => (
      <span className="mono">{e.before !== null || e.after !== null ? `${JSON.stringify(e.before)} → ${JSON.stringify(e.after)}` : ""}</span>
    ),
  },
  { id: "from", header: "From", cell: ({ row }) => <span className="muted mono">{row.original.clientIp}</span> },
];

export function AuditLog() {
  const trpc = useTRPC();
  const { zone } = useTimeZone();
  const [view, setView] = useQueryStates(auditViewParams, { history: "replace" });
  const [draft, setDraft] = useState<Draft>({
    actor: view.actor ?? "",
    action: view.action ?? "",
    targetType: view.targetType ?? "",
    from: view.from ?? "",
    to: view.to ?? "",
  });
  const input = {
    actor: view.actor ?? undefined,
    action: view.action ?? undefined,
    targetType: view.targetType ?? undefined,
    from: fromZonedInput(view.from, zone) ?? undefined,
    to: fromZonedInput(view.to, zone) ?? undefined,
  };
  const events = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ ...input, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  const field = (key: keyof Draft) => ({ value: draft[key], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }) });

  return (
    <>
      <h1>Audit trail</h1>
      <form
        className="panel form-row"
        aria-label="Filter audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          void setView(Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v || null])));
        }}
      >
        <label className="field">
          Actor email
          <input {...field("actor")} />
        </label>
        <label className="field">
          Action
          <input placeholder="e.g. retention." {...field("action")} />
        </label>
        <label className="field">
          Target type
          <input {...field("targetType")} />
        </label>
        <label className="field">
          From
          <input type="datetime-local" title={`In ${zone}`} {...field("from")} />
        </label>
        <label className="field">
          To
          <input type="datetime-local" title={`In ${zone}`} {...field("to")} />
        </label>
        <button className="primary" type="submit" style={{ marginBottom: 12 }}>
          Filter
        </button>
      </form>
      <section className="panel">
        <DataTable
          rows={rows}
          columns={columns}
          rowId={(e) => String(e.id)}
          label="Audit events"
          testId="audit-table"
          more={{ hasMore: events.hasNextPage, loading: events.isFetchingNextPage, load: () => void events.fetchNextPage() }}
          csvHref={`/api/audit/export${viewQuery({ ...input, from: input.from?.toISOString(), to: input.to?.toISOString() })}`}
        />
        {rows.length === 0 && !events.isLoading && <p className="muted">No audit events match.</p>}
      </section>
    </>
  );
}
