"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ExportsTable, pollWhileExporting } from "@/components/exports/exports-table";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

const formatLabel: Record<string, string> = { "windographer-txt": "Windographer text", csv: "CSV", long: "Long CSV" };
const DAY_MS = 24 * 60 * 60_000;
const utcDay = (d: Date) => d.toISOString().slice(0, 10);

function describe(params: unknown): string {
  const p = params as { format: string; from: string; to: string; delimiter?: string; decimal?: string; values: string; flagged: string };
  const csv = p.format === "csv" ? ` (${p.delimiter ?? ","} ${p.decimal ?? "."})` : "";
  return `${formatLabel[p.format] ?? p.format}${csv}, ${p.values}, flagged ${p.flagged}; ${p.from.slice(0, 10)} – ${utcDay(new Date(new Date(p.to).getTime() - 1))}`;
}

/** "Export readings": one file of the station's points (one column each) over whole UTC days, built by a worker; rows and size grow as it goes. */
export function StationExportsPanel({ stationId }: { stationId: string }) {
  const trpc = useTRPC();
  const [format, setFormat] = useState<"windographer-txt" | "csv" | "long">("windographer-txt");
  const today = utcDay(new Date());
  const exports = useQuery(
    trpc.exports.listStation.queryOptions(
      { stationId },
      {
        refetchInterval: pollWhileExporting,
      },
    ),
  );
  const request = useMutation(trpc.exports.requestStation.mutationOptions({ onSuccess: () => exports.refetch() }));

  const submit = (form: FormData) => {
    const fromDay = String(form.get("from"));
    const toDay = String(form.get("to"));
    const csv = format === "csv" ? { delimiter: form.get("delimiter") as "," | ";" | "tab", decimal: form.get("decimal") as "." | "," } : {};
    request.mutate({
      stationId,
      format,
      ...csv,
      from: new Date(`${fromDay}T00:00:00Z`),
      // The last day is included: the period ends at the next midnight.
      to: new Date(new Date(`${toDay}T00:00:00Z`).getTime() + DAY_MS),
      values: form.get("values") as "raw" | "calibrated",
      flagged: form.get("flagged") as "remove" | "blank" | "flag-column",
    });
  };

  return (
    <section className="panel" data-testid="station-exports">
      <h2>Export readings</h2>
      <p className="muted">One file with a column per measurement point, timestamps (UTC, start of each period) first; built by a worker, any period.</p>
      <form action={submit} className="form-row" aria-label="Export this station's readings">
        <label className="field">
          From (UTC day)
          <input name="from" type="date" required defaultValue={utcDay(new Date(Date.now() - 365 * DAY_MS))} />
        </label>
        <label className="field">
          To (UTC day, included)
          <input name="to" type="date" required defaultValue={today} />
        </label>
        <label className="field">
          Format
          <select name="format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            <option value="windographer-txt">Windographer text (tab, header block)</option>
            <option value="csv">CSV, one column per point</option>
            <option value="long">Long CSV (one reading per line, for code)</option>
          </select>
        </label>
        {format === "csv" && (
          <>
            <label className="field">
              Delimiter
              <select name="delimiter" defaultValue=",">
                <option value=",">comma ,</option>
                <option value=";">semicolon ;</option>
                <option value="tab">tab</option>
              </select>
            </label>
            <label className="field">
              Decimal separator
              <select name="decimal" defaultValue=".">
                <option value=".">point .</option>
                <option value=",">comma ,</option>
              </select>
            </label>
          </>
        )}
        <label className="field">
          Values
          <select name="values" defaultValue="calibrated">
            <option value="calibrated">calibrated</option>
            <option value="raw">raw</option>
          </select>
        </label>
        <label className="field">
          Flagged readings
          <select name="flagged" defaultValue="remove">
            <option value="remove">removed</option>
            <option value="blank">blank</option>
            <option value="flag-column">kept, with a flag column per point</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={request.isPending}>
          Export
        </button>
      </form>
      <FormError message={(request.error ?? exports.error) && errorMessage((request.error ?? exports.error)!)} />
      <ExportsTable
        exports={exports.data}
        selectionHeader="File"
        describe={describe}
        rowTestId={(id) => `station-export-${id}`}
        downloadLabel="Download"
        emptyText="No exports of this station yet."
      />
    </section>
  );
}
