"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { formatBytes } from "@/components/ui/format-value";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { formatInZone } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

const statusTone: Record<string, Tone> = { queued: "neutral", running: "warn", succeeded: "ok", failed: "bad" };

function describe(params: unknown, zone: string): string {
  const p = params as { infraType?: string; region?: string; sensorKeys?: string[]; from: string; to: string };
  const set = [p.infraType, p.region, p.sensorKeys?.length ? `${p.sensorKeys.length} sensors` : undefined].filter(Boolean).join(" · ");
  return `${set}, ${formatInZone(p.from, zone, "minute")} – ${formatInZone(p.to, zone, "minute")}`;
}

/** "Download readings": asks a worker for a zip of the group's calibrated readings over the period, then lists the user's exports. */
export function ReadingsExportsPanel({ infraType, region, period }: { infraType: string; region: string; period: { from: Date; to: Date } }) {
  const trpc = useTRPC();
  const { zone } = useTimeZone();
  const exports = useQuery(
    trpc.exports.list.queryOptions(undefined, {
      // Poll every second only while an export is on its way.
      refetchInterval: (query) => (query.state.data?.some((e) => e.status === "queued" || e.status === "running") ? 1_000 : false),
    }),
  );
  const request = useMutation(trpc.exports.request.mutationOptions({ onSuccess: () => exports.refetch() }));

  return (
    <section className="panel" data-testid="readings-exports">
      <div className="topbar">
        <h2>Download readings</h2>
        <button
          type="button"
          className="primary"
          disabled={request.isPending}
          onClick={() => request.mutate({ infraType, region, from: period.from, to: period.to })}
        >
          Export readings of this period
        </button>
      </div>
      <p className="muted">A zip with one CSV per quantity (time UTC, sensor, calibrated value, unit; flagged ranges left out), built by a worker.</p>
      <FormError message={(request.error ?? exports.error) && errorMessage((request.error ?? exports.error)!)} />
      <table className="data">
        <thead>
          <tr>
            <th>Requested</th>
            <th>Selection</th>
            <th>Status</th>
            <th>Rows</th>
            <th>Size</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {exports.data?.map((e) => (
            <tr key={e.id} data-testid={`export-row-${e.id}`}>
              <td className="mono">
                <Time value={e.createdAt} />
                {e.requestedBy ? <span className="muted"> · {e.requestedBy}</span> : null}
              </td>
              <td>{describe(e.params, zone)}</td>
              <td data-testid="status">
                <StatusBadge tone={statusTone[e.status]}>{e.status === "running" ? `running ${e.progress}%` : e.status}</StatusBadge>
                {e.error && <span className="error"> {e.error}</span>}
              </td>
              <td>{e.rows}</td>
              <td>{e.status === "succeeded" ? formatBytes(e.bytes) : ""}</td>
              <td>
                {e.status === "succeeded" && (
                  <a href={`/api/exports/${e.id}`} download data-testid="download">
                    Download zip
                  </a>
                )}
              </td>
            </tr>
          ))}
          {exports.data?.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No exports yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
