"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { reportTimeLabel, type ReportPoint } from "./report-time";

/** Alerts raised per window, by severity. */
export function ReportAlertsChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), critical: p.alertsCritical, warning: p.alertsWarning }));
  const label = reportTimeLabel(resolution);
  return (
    <div style={{ width: "100%", height: 200 }} data-testid="alerts-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={label} minTickGap={50} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={56} />
          <Tooltip labelFormatter={(v) => label(Number(v))} />
          <Legend />
          <Bar dataKey="critical" stackId="a" fill="#d64545" isAnimationActive={false} />
          <Bar dataKey="warning" stackId="a" fill="#d98e04" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
