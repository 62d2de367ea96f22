"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ReportAlertsChart } from "@/components/charts/report-alerts-chart";
import { ReportCompletenessChart } from "@/components/charts/report-completeness-chart";
import { ReportValuesChart } from "@/components/charts/report-values-chart";
import { ReadingsExportsPanel } from "./readings-exports-panel";
import { formatNumber, formatPercent } from "@/components/reports/format";
import { presetPeriod, previousPeriod, type Period, type PeriodPreset } from "@/components/reports/period";
import { ReportComparison } from "@/components/reports/report-comparison";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { reportHealth } from "@/server/reports/report-health";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";
import { fromZonedInput, toZonedInput } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";

const presets: Array<{ value: PeriodPreset; label: string }> = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "custom", label: "Custom" },
];

function exportHref(params: Record<string, string>) {
  return `/api/reports/export?${new URLSearchParams(params)}`;
}

export function ReportGroup({ infraType, region }: { infraType: string; region: string }) {
  const trpc = useTRPC();
  const { zone } = useTimeZone();
  const [preset, setPreset] = useState<PeriodPreset>("24h");
  const [period, setPeriod] = useState<Period>(() => presetPeriod("24h"));
  const [custom, setCustom] = useState({ from: toZonedInput(period.from, zone), to: toZonedInput(period.to, zone) });
  const [comparing, setComparing] = useState<{ a: Period; b: Period } | null>(null);
  const [compareA, setCompareA] = useState(() => previousPeriod(period));

  const group = { infraType, region };
  const series = useQuery(trpc.reports.series.queryOptions({ ...group, period }));
  const table = useInfiniteQuery(
    trpc.reports.table.infiniteQueryOptions({ ...group, period, limit: 50 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
  );
  const comparison = useQuery(
    trpc.reports.compare.queryOptions({ ...group, a: comparing?.a ?? period, b: comparing?.b ?? period }, { enabled: comparing !== null }),
  );

  const choosePreset = (value: PeriodPreset) => {
    setPreset(value);
    if (value !== "custom") {
      const next = presetPeriod(value);
      setPeriod(next);
      setCompareA(previousPeriod(next));
      setComparing(null);
    }
  };
  const applyCustom = () => {
    const next = { from: fromZonedInput(custom.from, zone) ?? new Date(NaN), to: fromZonedInput(custom.to, zone) ?? new Date(NaN) };
    setPeriod(next);
    setCompareA(previousPeriod(next));
    setComparing(null);
  };
  const resolution = series.data?.resolution ?? table.data?.pages[0]?.resolution ?? "5m";
  const rows = table.data?.pages.flatMap((p) => p.rows) ?? [];
  const exportParams = { resolution, infraType, region, from: period.from.toISOString(), to: period.to.toISOString() };
  const error = series.error ?? table.error ?? comparison.error;

  return (
    <>
      <p className="muted">
        <Link href="/reports">Reports</Link> / {infraType}
      </p>
      <div className="topbar">
        <h1>
          {infraType} · {region}
        </h1>
        <div className="form-row">
          <a className="button" href={exportHref({ ...exportParams, format: "csv" })} download data-testid="export-csv">
            Download CSV
          </a>
          <a className="button" href={exportHref({ ...exportParams, format: "csv", level: "sensor" })} download>
            Per-sensor CSV
          </a>
          <a className="button" href={exportHref({ ...exportParams, format: "json" })} download>
            JSON
          </a>
        </div>
      </div>
      <div className="panel form-row" role="search" aria-label="Choose period">
        <label className="field">
          Period
          <select value={preset} onChange={(e) => choosePreset(e.target.value as PeriodPreset)}>
            {presets.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {preset === "custom" && (
          <>
            <label className="field">
              From
              <input type="datetime-local" title={`In ${zone}`} value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </label>
            <label className="field">
              To
              <input type="datetime-local" title={`In ${zone}`} value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </label>
            <button type="button" className="primary field" onClick={applyCustom}>
              Apply
            </button>
          </>
        )}
        <p className="muted field" data-testid="resolution">
          {rows.length || series.data?.points.length ? `${resolution} windows` : ""}
        </p>
      </div>
      <FormError message={error && errorMessage(error)} />

      <section className="panel">
        <h2>Values (mean over min–max)</h2>
        <ReportValuesChart points={series.data?.points ?? []} resolution={resolution} units={series.data?.units} />
      </section>
      <div className="cols-2">
        <section className="panel">
          <h2>Completeness</h2>
          <ReportCompletenessChart points={series.data?.points ?? []} resolution={resolution} />
        </section>
        <section className="panel">
          <h2>Alerts</h2>
          <ReportAlertsChart points={series.data?.points ?? []} resolution={resolution} />
        </section>
      </div>

      <ReadingsExportsPanel infraType={infraType} region={region} period={period} />

      <section className="panel">
        <h2>Compare two periods</h2>
        <div className="form-row">
          <label className="field">
            A from
            <input
              type="datetime-local"
              value={toZonedInput(compareA.from, zone)}
              title={`In ${zone}`}
              onChange={(e) => setCompareA((p) => ({ ...p, from: fromZonedInput(e.target.value, zone) ?? p.from }))}
            />
          </label>
          <label className="field">
            A to
            <input
              type="datetime-local"
              value={toZonedInput(compareA.to, zone)}
              title={`In ${zone}`}
              onChange={(e) => setCompareA((p) => ({ ...p, to: fromZonedInput(e.target.value, zone) ?? p.to }))}
            />
          </label>
          <span className="field muted">B: the selected period</span>
          <button type="button" className="field" onClick={() => setComparing({ a: compareA, b: period })}>
            Compare
          </button>
        </div>
        {comparison.data && <ReportComparison {...comparison.data} />}
      </section>

      <section className="panel">
        <h2>Reports</h2>
        <table className="data" data-testid="reports-table">
          <thead>
            <tr>
              <th>Window</th>
              <th>Health</th>
              <th>Completeness</th>
              <th>Readings</th>
              <th>Mean</th>
              <th>Min</th>
              <th>Max</th>
              <th>p95</th>
              <th>Sensors ok / late / silent</th>
              <th>Alerts</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const health = reportHealth(r);
              return (
                <tr key={new Date(r.windowStart).toISOString()}>
                  <td className="mono">
                    <Time value={r.windowStart} format="minute" />
                  </td>
                  <td>
                    <StatusBadge tone={health}>{health}</StatusBadge>
                  </td>
                  <td>{formatPercent(r.completeness)}</td>
                  <td>{r.readings}</td>
                  <td>{formatNumber(r.mean)}</td>
                  <td>{formatNumber(r.min)}</td>
                  <td>{formatNumber(r.max)}</td>
                  <td>{formatNumber(r.p95)}</td>
                  <td>
                    {r.sensorsOk} / {r.sensorsLate} / {r.sensorsSilent}
                  </td>
                  <td>
                    {r.alertsCritical} critical, {r.alertsWarning} warning
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && !table.isLoading && <p className="muted">No reports in this period.</p>}
        {table.hasNextPage && (
          <button type="button" onClick={() => table.fetchNextPage()}>
            Older reports
          </button>
        )}
      </section>
    </>
  );
}
