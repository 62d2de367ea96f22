"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { ChartEmpty } from "./chart-empty";
import { reportsEmpty, reportTimeLabel, type ReportPoint } from "./report-time";

/** Alerts raised per window, by severity. */
export function ReportAlertsChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const { zone } = useTimeZone();
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), critical: p.alertsCritical, warning: p.alertsWarning }));
  const label = reportTimeLabel(resolution, zone);
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="alerts-chart">
      {data.length === 0 ? (
        <ChartEmpty testId="alerts-chart-empty" {...reportsEmpty} />
      ) : (
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={label.tick}
              minTickGap={50}
              fontSize={12}
              label={{ value: `window start (${zone.replaceAll("_", " ")})`, position: "insideBottom", offset: -4, fontSize: 12 }}
              height={40}
            />
            <YAxis allowDecimals={false} fontSize={12} width={56} label={{ value: "alerts", angle: -90, position: "insideLeft", fontSize: 12 }} />
            <Tooltip
              labelFormatter={(v) => label.tooltip(Number(v))}
              formatter={(v, name) => [`${Number(v)} alert${Number(v) === 1 ? "" : "s"}`, String(name)]}
            />
            <Legend verticalAlign="top" height={24} />
            <Bar dataKey="critical" stackId="a" fill="#d64545" isAnimationActive={false} />
            <Bar dataKey="warning" stackId="a" fill="#d98e04" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
