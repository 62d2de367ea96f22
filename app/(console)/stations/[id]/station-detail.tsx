"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { StationExportsPanel } from "./station-exports-panel";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { AddLoggerForm } from "./add-logger-form";
import { LoggerPanel } from "./logger-panel";
import { PointsTable } from "./points-table";
import { QcRulesPanel } from "./qc-rules-panel";
import { StationCharts } from "./station-charts";
import { RecoveryTable } from "./recovery-table";
import { Task43Download } from "./task43-download";

/** A station: its loggers (each with a file upload that asks for a mapping only once), points and files. */
export function StationDetail({ stationId, canUpload, canEdit, maxBytes }: { stationId: string; canUpload: boolean; canEdit: boolean; maxBytes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const station = useQuery(
    trpc.stations.get.queryOptions(
      { id: stationId },
      {
        // While a file is on its way the list follows its status.
        refetchInterval: (q) => (q.state.data?.loggers.some((l) => l.imports.some((i) => i.status === "queued" || i.status === "running")) ? 1_500 : false),
      },
    ),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.stations.get.queryKey({ id: stationId }) });
  if (station.error) return <FormError message={errorMessage(station.error)} />;
  const s = station.data;
  if (!s) return <p className="muted">Loading…</p>;
  return (
    <>
      <p className="muted">
        <Link href="/stations">Stations</Link> / {s.name}
      </p>
      <div className="topbar">
        <h1>{s.name}</h1>
        <Task43Download stationId={s.id} slug={s.slug} />
      </div>
      <section className="panel grid" aria-label="Station">
        <div>
          <div className="muted">Type</div>
          <div>{s.type}</div>
        </div>
        <div>
          <div className="muted">Position</div>
          <div>
            {s.latitude ?? "—"}, {s.longitude ?? "—"}
            {s.elevationM !== null ? ` · ${s.elevationM} m` : ""}
          </div>
        </div>
        <div>
          <div className="muted">Time zone</div>
          <div>{s.timeZone}</div>
        </div>
        <div>
          <div className="muted">Region</div>
          <div>{s.region}</div>
        </div>
      </section>
      {s.loggers.map((logger) => (
        <LoggerPanel key={logger.id} logger={logger} retentionDays={s.fileRetention.days} canUpload={canUpload} maxBytes={maxBytes} onChanged={refresh} />
      ))}
      {s.loggers.length === 0 && <p className="muted">No loggers yet{canEdit ? ": add one to import its files." : "."}</p>}
      {canEdit && <AddLoggerForm stationId={s.id} onChanged={refresh} />}
      <PointsTable points={s.points} canConfigure={canUpload} onChanged={refresh} />
      {s.points.length > 0 && <StationCharts points={s.points} canFlag={canUpload} />}
      {s.points.length > 0 && <QcRulesPanel stationId={s.id} points={s.points.map((p) => p.name)} canEdit={canUpload} />}
      {s.points.length > 0 && <StationExportsPanel stationId={s.id} />}
      <RecoveryTable stationId={s.id} refreshKey={s.loggers.flatMap((l) => l.imports.map((i) => i.status)).join()} />
    </>
  );
}
