"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { CHART_MARGIN, ChartFrame, GRID_STROKE, sideLabel } from "./chart-frame";
import { reportAxisProps, reportsEmpty, reportTimeLabel, type ReportPoint } from "./report-time";

/** Alerts raised per window, by severity. */
export function ReportAlertsChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const { zone } = useTimeZone();
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), critical: p.alertsCritical, warning: p.alertsWarning }));
  const label = reportTimeLabel(resolution, zone);
  return (
    <ChartFrame testId="alerts-chart" height={220} empty={data.length === 0 ? reportsEmpty : null}>
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
        <XAxis {...reportAxisProps(label, zone)} />
        <YAxis allowDecimals={false} fontSize={12} width={56} label={sideLabel("alerts")} />
        <Tooltip labelFormatter={(v) => label.tooltip(Number(v))} formatter={(v, name) => [`${Number(v)} alert${Number(v) === 1 ? "" : "s"}`, String(name)]} />
        <Legend verticalAlign="top" height={24} />
        <Bar dataKey="critical" stackId="a" fill="#d64545" isAnimationActive={false} />
        <Bar dataKey="warning" stackId="a" fill="#d98e04" isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
