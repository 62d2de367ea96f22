"use client";

import { useMutation } from "@tanstack/react-query";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { DryRunSummary, formatDuration, type DryRun } from "./dry-run-summary";
import { Time } from "@/components/ui/time";

const tone: Record<string, Tone> = { awaiting_confirmation: "warn", queued: "neutral", running: "warn", succeeded: "ok", failed: "bad", cancelled: "neutral" };

export interface BackfillRow {
  id: string;
  kind: "scan" | "report";
  scope: string;
  from: Date | string;
  to: Date | string;
  status: string;
  trigger: string;
  chunksDone: number;
  chunksTotal: number;
  readings: number;
  alerts: number;
  readingsPerSecond: number | null;
  etaSeconds: number | null;
  dryRun: unknown;
  error: string | null;
}

/** Backfills with their progress; large automatic ones wait here for confirmation, with their dry run. */
export function BackfillsTable({ rows, canFill, onChanged }: { rows: BackfillRow[]; canFill: boolean; onChanged: () => void }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.coverage.confirm.mutationOptions({ onSuccess: onChanged }));
  const cancel = useMutation(trpc.coverage.cancel.mutationOptions({ onSuccess: onChanged }));
  return (
    <>
      <FormError message={confirm.error ? errorMessage(confirm.error) : cancel.error ? errorMessage(cancel.error) : null} />
      <table className="data" data-testid="backfills-table">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Scope</th>
            <th>Range</th>
            <th>Status</th>
            <th>Chunks</th>
            <th>Readings</th>
            <th>Readings/s</th>
            <th>ETA</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.id} data-testid={`backfill-${b.id}`}>
              <td>
                {b.kind === "scan" ? "anomaly-backfill" : "report-rebuild"}
                <div className="muted">{b.trigger}</div>
              </td>
              <td>{b.scope}</td>
              <td className="muted">
                <Time value={b.from} format="minute" /> – <Time value={b.to} format="minute" />
              </td>
              <td data-testid="backfill-status">
                <StatusBadge tone={tone[b.status] ?? "neutral"}>{b.status.replace("_", " ")}</StatusBadge>
                {b.status === "awaiting_confirmation" && (
                  <DryRunSummary plan={{ ...(b.dryRun as DryRun), from: new Date(b.from).getTime(), to: new Date(b.to).getTime() }} />
                )}
                {b.error && <div className="error">{b.error}</div>}
              </td>
              <td data-testid="backfill-chunks">
                {b.chunksDone} / {b.chunksTotal}
              </td>
              <td>
                {b.readings.toLocaleString("en")}
                {b.kind === "scan" && <div className="muted">{b.alerts} alerts</div>}
              </td>
              <td>{b.readingsPerSecond?.toLocaleString("en") ?? "—"}</td>
              <td>{b.etaSeconds === null ? "—" : formatDuration(b.etaSeconds)}</td>
              <td>
                {canFill && b.status === "awaiting_confirmation" && (
                  <button type="button" onClick={() => confirm.mutate({ id: b.id })}>
                    Confirm
                  </button>
                )}
                {canFill && ["awaiting_confirmation", "queued", "running"].includes(b.status) && (
                  <button type="button" onClick={() => cancel.mutate({ id: b.id })}>
                    Cancel
                  </button>
                )}
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                No backfills yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
