"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ThroughputChart } from "@/components/charts/throughput-chart";
import { SensorHealthGrid } from "@/components/overview/sensor-health-grid";
import { LiveBadge } from "@/components/shell/live-badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { useLiveEvent, useLiveStatus } from "@/app/_lib/live";
import { useTRPC } from "@/app/_lib/trpc";
import type { Overview } from "@/server/overview/get-overview";
import { Time } from "@/components/ui/time";

/**
 * Read-only: sensor health, open alerts and the throughput of the report jobs. Built only from
 * viewer procedures (overview.get, alerts.list, telemetry.reportThroughput) and the alerts topic, so
 * no job parameters, logs, workers or queues reach a stakeholder's browser.
 */
export function StakeholderDashboard({ initial }: { initial: Overview }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useLiveStatus();
  const overview = useQuery({ ...trpc.overview.get.queryOptions(), initialData: initial, refetchInterval: 10_000 }).data;
  const incidents = useQuery(trpc.alerts.list.queryOptions({ status: "open", limit: 20 }));
  const throughput = useQuery({ ...trpc.telemetry.reportThroughput.queryOptions({ minutes: 60 }), refetchInterval: 10_000 });
  const refreshAlerts = () => void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.pathKey() });
  useLiveEvent("alerts", "alert:new", refreshAlerts, refreshAlerts);
  useLiveEvent("alerts", "alert:status", refreshAlerts);
  const points = throughput.data?.points ?? [];
  const done = points.reduce((n, p) => n + p.completed, 0);
  const failed = points.reduce((n, p) => n + p.failed, 0);
  const { totals } = overview.sensors;

  return (
    <>
      <div className="topbar">
        <h1>Live dashboard</h1>
        <LiveBadge status={status} />
      </div>
      <div className="grid" style={{ marginBottom: 16 }}>
        <div className="panel">
          <div className="muted">Sensors OK / late / silent</div>
          <div className="stat" data-testid="stakeholder-sensor-totals">
            {totals.OK} / {totals.LATE} / {totals.SILENT}
          </div>
        </div>
        <div className="panel">
          <div className="muted">Open incidents</div>
          <div className="stat" data-testid="stakeholder-open-incidents">
            {overview.incidents.critical.open + overview.incidents.warning.open}
          </div>
        </div>
        <div className="panel">
          <div className="muted">Report jobs done / failed (1 h)</div>
          <div className="stat" data-testid="report-jobs-hour">
            {throughput.data ? `${done} / ${failed}` : "…"}
          </div>
        </div>
      </div>
      <div className="cols-2">
        <section className="panel" aria-labelledby="report-throughput-heading">
          <h2 id="report-throughput-heading">Report throughput, last hour</h2>
          <ThroughputChart
            data={points}
            todo="Reports are written every 5 minutes; if none finished for a while, tell the operators that the report jobs are not running."
          />
          <p className="muted">
            Report, rollup and rebuild jobs finished per minute. The reports themselves: <Link href="/reports">report pages</Link>.
          </p>
        </section>
        <section className="panel" aria-labelledby="open-alerts-heading">
          <h2 id="open-alerts-heading">Open alerts</h2>
          {incidents.data && incidents.data.incidents.length === 0 && <p className="muted">No open incidents.</p>}
          <ul className="feed" data-testid="stakeholder-alerts">
            {incidents.data?.incidents.map((i) => (
              <li key={i.id}>
                <StatusBadge tone={i.severity === "critical" ? "bad" : "warn"}>{i.severity}</StatusBadge>{" "}
                <Link href={`/sensors/${encodeURIComponent(i.sensorKey)}`} className="mono">
                  {i.sensorKey}
                </Link>
                <span className="muted">
                  {" "}
                  · {i.detectors.join(", ")} · opened <Time value={i.openedAt} relative />
                </span>
              </li>
            ))}
          </ul>
          <p>
            <Link href="/alerts">Every incident, open or past</Link>
          </p>
        </section>
      </div>
      <section className="panel" aria-labelledby="stakeholder-grid-heading">
        <h2 id="stakeholder-grid-heading">Sensor health by region and type</h2>
        <SensorHealthGrid grid={overview.sensors} />
      </section>
    </>
  );
}
