"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable, type DataTableProps } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { formatDuration, runDuration } from "./format";
import type { RunListRow } from "@/server/runs/list-runs";
import { PriorityBadge } from "./priority-badge";
import { RunStatusBadge } from "./run-status-badge";

type Column = ColumnDef<RunListRow, unknown>;

const jobColumn: Column = {
  id: "job",
  header: "Job",
  cell: ({ row: { original: run } }) => (
    <>
      {run.definitionId ? <Link href={`/jobs/${run.definitionId}`}>{run.jobName ?? run.kind}</Link> : (run.jobName ?? "–")}
      <div className="muted mono">
        {run.kind}
        {run.definitionVersion ? ` · v${run.definitionVersion}` : ""}
      </div>
    </>
  ),
};

// Sortable ids are the server's sort columns (runSortSchema).
const runColumns: Column[] = [
  {
    id: "id",
    header: "Run",
    cell: ({ row }) => (
      <Link href={`/runs/${row.original.id}`} className="mono">
        {row.original.id.slice(0, 16)}…
      </Link>
    ),
  },
  { id: "status", header: "Status", cell: ({ row }) => <RunStatusBadge status={row.original.status} /> },
  { id: "priority", header: "Priority", cell: ({ row }) => <PriorityBadge priority={row.original.priority} /> },
  {
    id: "trigger",
    header: "Trigger",
    cell: ({ row }) => (
      <>
        {row.original.trigger}
        <div className="muted">{row.original.triggeredBy ?? ""}</div>
      </>
    ),
  },
  {
    id: "queuedAt",
    header: "Queued",
    enableSorting: true,
    sortDescFirst: true,
    cell: ({ row }) => (
      <span className="muted">
        <Time value={row.original.queuedAt} relative />
      </span>
    ),
  },
  {
    id: "startedAt",
    header: "Started",
    enableSorting: true,
    sortDescFirst: true,
    cell: ({ row }) => (
      <span className="muted">
        <Time value={row.original.startedAt} />
      </span>
    ),
  },
  {
    id: "finishedAt",
    header: "Finished",
    enableSorting: true,
    sortDescFirst: true,
    cell: ({ row }) => (
      <span className="muted">
        <Time value={row.original.finishedAt} />
      </span>
    ),
  },
  { id: "duration", header: "Duration", cell: ({ row }) => formatDuration(runDuration(row.original)) },
  { id: "attempts", header: "Attempts", enableSorting: true, sortDescFirst: true, cell: ({ row }) => row.original.attempts },
];

function selectColumn(selected: Set<string>, onToggle: (id: string) => void, onToggleAll: (checked: boolean) => void, runs: RunListRow[]): Column {
  return {
    id: "select",
    header: () => (
      <input
        type="checkbox"
        aria-label="Select all runs"
        checked={runs.length > 0 && runs.every((r) => selected.has(r.id))}
        onChange={(e) => onToggleAll(e.target.checked)}
      />
    ),
    cell: ({ row }) => (
      <input type="checkbox" aria-label={`Select ${row.original.id}`} checked={selected.has(row.original.id)} onChange={() => onToggle(row.original.id)} />
    ),
  };
}

/** Runs in the server's order; with `selected` it shows checkboxes for bulk actions. */
export function RunTable({
  runs,
  selected,
  onToggle,
  onToggleAll,
  showJob = true,
  ...table
}: {
  runs: RunListRow[];
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  onToggleAll?: (checked: boolean) => void;
  showJob?: boolean;
} & Pick<DataTableProps<RunListRow>, "sort" | "onSortChange" | "more" | "csvHref">) {
  const columns = [
    ...(selected && onToggle ? [selectColumn(selected, onToggle, onToggleAll ?? (() => {}), runs)] : []),
    runColumns[0],
    ...(showJob ? [jobColumn] : []),
    ...runColumns.slice(1),
  ];
  return <DataTable rows={runs} columns={columns} rowId={(r) => r.id} rowTestId={(r) => `run-${r.id}`} label="Runs" testId="runs-table" {...table} />;
}
