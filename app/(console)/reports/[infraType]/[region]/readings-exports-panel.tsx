"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ExportsTable, pollWhileExporting } from "@/components/exports/exports-table";
import { FormError } from "@/components/ui/form-error";
import { formatInZone } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

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
      refetchInterval: pollWhileExporting,
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
      <ExportsTable
        exports={exports.data}
        selectionHeader="Selection"
        describe={(params) => describe(params, zone)}
        rowTestId={(id) => `export-row-${id}`}
        downloadLabel="Download zip"
        emptyText="No exports yet."
      />
    </section>
  );
}
