import type { ReactNode } from "react";
import type { ListedExport } from "@/server/exports/list-readings-exports";
import { formatBytes } from "@/components/ui/format-value";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

const statusTone: Record<string, Tone> = { queued: "neutral", running: "warn", succeeded: "ok", failed: "bad" };

/** While any export is on its way, its list polls every second; otherwise not at all. */
export const pollWhileExporting = (query: { state: { data?: ListedExport[] } }) =>
  query.state.data?.some((e) => e.status === "queued" || e.status === "running") ? 1_000 : false;

/** A user's exports: who asked when, what, progress, rows and size so far, and the file once it is built. */
export function ExportsTable({
  exports,
  selectionHeader,
  describe,
  rowTestId,
  downloadLabel,
  emptyText,
}: {
  exports: ListedExport[] | undefined;
  selectionHeader: string;
  describe: (params: unknown) => ReactNode;
  rowTestId: (id: string) => string;
  downloadLabel: string;
  emptyText: string;
}) {
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Requested</th>
          <th>{selectionHeader}</th>
          <th>Status</th>
          <th>Rows</th>
          <th>Size</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {exports?.map((e) => (
          <tr key={e.id} data-testid={rowTestId(e.id)}>
            <td className="mono">
              <Time value={e.createdAt} />
              {e.requestedBy ? <span className="muted"> · {e.requestedBy}</span> : null}
            </td>
            <td>{describe(e.params)}</td>
            <td data-testid="status">
              <StatusBadge tone={statusTone[e.status]}>{e.status === "running" ? `running ${e.progress}%` : e.status}</StatusBadge>
              {e.error && <span className="error"> {e.error}</span>}
            </td>
            <td data-testid="rows">{e.rows.toLocaleString("en")}</td>
            <td data-testid="size">{e.status === "queued" ? "" : formatBytes(e.bytes)}</td>
            <td>
              {e.status === "succeeded" && (
                <a href={`/api/exports/${e.id}`} download data-testid="download">
                  {downloadLabel}
                </a>
              )}
            </td>
          </tr>
        ))}
        {exports?.length === 0 && (
          <tr>
            <td colSpan={6} className="muted">
              {emptyText}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
