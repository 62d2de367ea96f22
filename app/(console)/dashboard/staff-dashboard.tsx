"use client";

import { AlertFeed } from "@/components/alerts/alert-feed";
import { SlaBreachesChart } from "@/components/charts/sla-breaches-chart";
import { ThroughputChart } from "@/components/charts/throughput-chart";
import { QueueDepthTable } from "@/components/health/queue-depth-table";
import { WorkerTable } from "@/components/health/worker-table";
import { LiveBadge } from "@/components/shell/live-badge";
import { useLiveStatus } from "@/app/_lib/live";
import { useLiveDashboard } from "./use-live-dashboard";

const ms = (v: number | null) => (v === null ? "–" : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);

export function StaffDashboard() {
  const status = useLiveStatus();
  const live = useLiveDashboard();
  const stale = status !== "live" ? "stale" : "";
  const completed = live.series.reduce((n, s) => n + s.completed, 0);
  const failed = live.series.reduce((n, s) => n + s.failed, 0);
  const slaBreaches = live.series.reduce((n, s) => n + s.slaBreaches, 0);
  const completionBreaches = live.completionClasses.reduce((n, c) => n + c.breached, 0);

  return (
    <>
      <div className="topbar">
        <h1>Live dashboard</h1>
        <LiveBadge status={status} />
      </div>
      <div className={`grid ${stale}`} style={{ marginBottom: 16 }}>
        <div className="panel">
          <div className="muted">Workers running</div>
          <div className="stat" data-testid="workers-running">
            {live.workers.filter((w) => w.status === "running").length}
          </div>
        </div>
        <div className="panel">
          <div className="muted">Jobs done this minute</div>
          <div className="stat" data-testid="jobs-this-minute">
            {live.finishedThisMinute}
          </div>
        </div>
        <div className="panel">
          <div className="muted">Completed / failed (1 h)</div>
          <div className="stat">
            {completed} / {failed}
          </div>
        </div>
        <div className="panel">
          <div className="muted">Failure rate (1 h)</div>
          <div className="stat">{completed + failed ? `${((failed / (completed + failed)) * 100).toFixed(1)}%` : "–"}</div>
        </div>
        <div className="panel">
          <div className="muted">SLA breaches (1 h)</div>
          <div className="stat" data-testid="sla-breaches">
            {slaBreaches}
          </div>
        </div>
        <div className="panel">
          <div className="muted">Completion SLA breaches (1 h)</div>
          <div className="stat" data-testid="completion-sla-breaches">
            {completionBreaches}
          </div>
        </div>
      </div>
      <div className={`cols-2 ${stale}`}>
        <section className="panel">
          <h2>Throughput, last hour</h2>
          <ThroughputChart data={live.throughput} />
        </section>
        <section className="panel">
          <h2>Alerts</h2>
          <AlertFeed alerts={live.alerts} />
        </section>
      </div>
      <section className={`panel ${stale}`}>
        <h2>SLA breaches, last hour</h2>
        <SlaBreachesChart data={live.slaBreaches} />
        <table className="data" data-testid="completion-sla-table">
          <thead>
            <tr>
              <th>Complexity</th>
              <th>Completion target</th>
              <th>Runs ended</th>
              <th>Breached</th>
            </tr>
          </thead>
          <tbody>
            {live.completionClasses.map((c) => (
              <tr key={c.complexity}>
                <td>{c.complexity}</td>
                <td>{ms(c.targetMs)}</td>
                <td>{c.ended}</td>
                <td>{c.breached}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className={`panel ${stale}`}>
        <h2>Workers</h2>
        <WorkerTable workers={live.workers} />
        {live.recovered.length > 0 && (
          <p className="muted" data-testid="recovered-jobs">
            Recovered from lost workers: {live.recovered.map((r) => `${r.queue}#${r.jobId}`).join(", ")}
          </p>
        )}
      </section>
      <section className={`panel ${stale}`}>
        <h2>Queues</h2>
        <QueueDepthTable queues={live.depths} />
      </section>
      <section className={`panel ${stale}`}>
        <h2>Latency by queue, priority and kind (1 h)</h2>
        <table className="data" data-testid="latency-table">
          <thead>
            <tr>
              <th>Queue</th>
              <th>Priority</th>
              <th>Kind</th>
              <th>Done</th>
              <th>Failed</th>
              <th>Wait p50 / p95 / p99</th>
              <th>Run p50 / p95 / p99</th>
              <th>Records</th>
            </tr>
          </thead>
          <tbody>
            {live.series.map((s) => (
              <tr key={`${s.queue}|${s.priority}|${s.kind}`}>
                <td>{s.queue}</td>
                <td>{s.priority}</td>
                <td>{s.kind}</td>
                <td>{s.completed}</td>
                <td>{s.failed}</td>
                <td>
                  {ms(s.wait.p50)} / {ms(s.wait.p95)} / {ms(s.wait.p99)}
                </td>
                <td>
                  {ms(s.run.p50)} / {ms(s.run.p95)} / {ms(s.run.p99)}
                </td>
                <td>{s.records}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
