"use client";

import { flexRender, getCoreRowModel, useReactTable, type Column, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";

export interface TableSort {
  id: string;
  desc: boolean;
}

export interface DataTableProps<T> {
  rows: T[];
  /** Columns sort only where `enableSorting` is true (dates and counts set `sortDescFirst`); the server sorts. */
  columns: Array<ColumnDef<T, unknown>>;
  rowId: (row: T) => string;
  label: string;
  testId: string;
  rowTestId?: (row: T) => string;
  sort?: TableSort;
  onSortChange?: (sort: TableSort) => void;
  /** Rows the server holds for this view, when it counts them. */
  total?: number;
  /** The next server page; it loads when the reader scrolls near the end, or with the button. */
  more?: { hasMore: boolean; loading: boolean; load: () => void; label?: string };
  /** A download of the whole view (all pages) as CSV. */
  csvHref?: string;
}

const rowHeight = 45;

/**
 * A table of server-paged, server-sorted rows that renders only the rows in view, so ten thousand rows
 * scroll as smoothly as ten. The header stays put while the body scrolls.
 */
export function DataTable<T>({ rows, columns, rowId, label, testId, rowTestId, sort, onSortChange, total, more, csvHref }: DataTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting: sort ? [sort] : [] },
  });
  // Display columns have no accessor, so the table's own sort toggles do not apply: a header asks the server.
  const sortable = (column: Column<T, unknown>) => Boolean(onSortChange) && column.columnDef.enableSorting === true;
  const toggleSort = (column: Column<T, unknown>) =>
    onSortChange?.({ id: column.id, desc: sort?.id === column.id ? !sort.desc : Boolean(column.columnDef.sortDescFirst) });
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // Before the first measurement (and on the server) it renders a screenful, so the first paint has rows.
    initialRect: { width: 1200, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const lastShown = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (more?.hasMore && !more.loading && lastShown >= tableRows.length - 10) more.load();
  }, [lastShown, tableRows.length, more]);

  const width = table.getVisibleLeafColumns().length;
  return (
    <div className="data-table">
      <div className="data-table-bar">
        <span className="muted" data-testid={`${testId}-count`}>
          {total !== undefined
            ? `${rows.length.toLocaleString()} of ${total.toLocaleString()} shown`
            : `${rows.length.toLocaleString()} shown${more?.hasMore ? " (more below)" : ""}`}
        </span>
        {csvHref && (
          <a href={csvHref} download className="button">
            Download CSV
          </a>
        )}
      </div>
      {/* Focusable so the keyboard can scroll it (arrow keys, Page Down). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard (axe: scrollable-region-focusable) */}
      <div ref={scrollRef} className="data-table-scroll" tabIndex={0} role="region" aria-label={label}>
        <table className="data" data-testid={testId} aria-rowcount={total !== undefined ? total + 1 : undefined}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const content = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th key={header.id} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                      {sortable(header.column) ? (
                        <button type="button" className="sort-button" onClick={() => toggleSort(header.column)}>
                          {content}
                          <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : " ↕"}</span>
                        </button>
                      ) : (
                        content
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row of the virtualised list, nothing in it takes focus
              <tr aria-hidden="true" className="pad">
                <td colSpan={width} style={{ height: padTop }} />
              </tr>
            )}
            {items.map((item) => {
              const row = tableRows[item.index];
              return (
                <tr
                  key={row.id}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  data-testid={rowTestId?.(row.original)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              );
            })}
            {padBottom > 0 && (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row of the virtualised list, nothing in it takes focus
              <tr aria-hidden="true" className="pad">
                <td colSpan={width} style={{ height: padBottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {more?.hasMore && (
        <button type="button" disabled={more.loading} onClick={more.load}>
          {more.loading ? "Loading…" : (more.label ?? "Load more")}
        </button>
      )}
    </div>
  );
}
