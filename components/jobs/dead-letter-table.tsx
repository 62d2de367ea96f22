"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable, type DataTableProps } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import type { ListedDeadLetter } from "@/server/dead-letters/list-dead-letters";
import { RunStatusBadge } from "./run-status-badge";

type Column = ColumnDef<ListedDeadLetter, unknown>;
const settled = (letter: ListedDeadLetter) => Boolean(letter.replayRun || letter.discardedAt);

/** What failed and how: the last error, and behind it the payload and every attempt's error. */
function LastError({ letter, open }: { letter: ListedDeadLetter; open: boolean }) {
  const attempts = (letter.run.errors as Array<{ attempt: number; at: string; message: string }>) ?? [];
  return (
    <>
      <span className="mono">{letter.lastError}</span>
      <details open={open}>
        <summary>payload and {attempts.length} attempt(s)</summary>
        <pre className="mono">{JSON.stringify(letter.params, null, 2)}</pre>
        <ol>
          {attempts.map((a, i) => (
            <li key={i}>
              <Time className="muted" value={a.at} /> attempt {a.attempt}: <span className="mono">{a.message}</span>
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}

function LetterState({ letter }: { letter: ListedDeadLetter }) {
  if (letter.replayRun)
    return (
      <>
        replayed as{" "}
        <Link className="mono" href={`/runs/${letter.replayRun.id}`}>
          {letter.replayRun.id.slice(0, 16)}…
        </Link>{" "}
        <RunStatusBadge status={letter.replayRun.status} />
      </>
    );
  if (letter.discardedAt)
    return (
      <>
        discarded by {letter.discardedBy}: <em>{letter.discardReason}</em>
      </>
    );
  return <>pending</>;
}

// Sortable ids are the server's sort columns (deadLetterSortSchema).
function letterColumns(openId: string | undefined): Column[] {
  return [
    {
      id: "job",
      header: "Job",
      cell: ({ row: { original: l } }) => (
        <>
          {l.jobName ?? "–"}
          <div className="muted mono">{l.kind}</div>
        </>
      ),
    },
    { id: "lastError", header: "Last error", cell: ({ row }) => <LastError letter={row.original} open={row.original.id === openId} /> },
    { id: "attempts", header: "Attempts", enableSorting: true, sortDescFirst: true, cell: ({ row }) => row.original.attempts },
    {
      id: "createdAt",
      header: "Dead since",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => (
        <span className="muted">
          <Time value={row.original.createdAt} />
        </span>
      ),
    },
    {
      id: "run",
      header: "Run",
      cell: ({ row }) => (
        <Link className="mono" href={`/runs/${row.original.runId}`}>
          {row.original.runId.slice(0, 16)}…
        </Link>
      ),
    },
    {
      id: "state",
      header: "State",
      cell: ({ row }) => (
        <span data-testid="letter-state">
          <LetterState letter={row.original} />
        </span>
      ),
    },
  ];
}

function selectColumn(selected: Set<string>, onToggle: (id: string) => void, onToggleAll: (checked: boolean) => void, letters: ListedDeadLetter[]): Column {
  const open = letters.filter((l) => !settled(l));
  return {
    id: "select",
    header: () => (
      <input
        type="checkbox"
        aria-label="Select all pending dead letters shown"
        checked={open.length > 0 && open.every((l) => selected.has(l.id))}
        onChange={(e) => onToggleAll(e.target.checked)}
      />
    ),
    cell: ({ row: { original: l } }) => (
      <input type="checkbox" aria-label={`Select dead letter ${l.id}`} checked={selected.has(l.id)} disabled={settled(l)} onChange={() => onToggle(l.id)} />
    ),
  };
}

/** Dead letters in the server's order; with `selected` it shows checkboxes for replay and discard. */
export function DeadLetterTable({
  letters,
  openId,
  selected,
  onToggle,
  onToggleAll,
  ...table
}: {
  letters: ListedDeadLetter[];
  /** The letter a link pointed at: its payload and attempts are shown unfolded. */
  openId?: string;
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  onToggleAll?: (checked: boolean) => void;
} & Pick<DataTableProps<ListedDeadLetter>, "sort" | "onSortChange" | "more" | "csvHref" | "total">) {
  const columns = [...(selected && onToggle ? [selectColumn(selected, onToggle, onToggleAll ?? (() => {}), letters)] : []), ...letterColumns(openId)];
  return (
    <DataTable
      rows={letters}
      columns={columns}
      rowId={(l) => l.id}
      rowTestId={(l) => `dead-letter-${l.id}`}
      label="Dead letters"
      testId="dead-letters-table"
      {...table}
    />
  );
}
