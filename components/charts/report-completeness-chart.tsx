"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { CHART_MARGIN, ChartFrame, GRID_STROKE, sideLabel } from "./chart-frame";
import { reportAxisProps, reportsEmpty, reportTimeLabel, type ReportPoint } from "./report-time";

/** Share of expected readings received per window. */
export function ReportCompletenessChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const { zone } = useTimeZone();
  const data = points.map((p) => ({
    t: new Date(p.windowStart).getTime(),
    completeness: p.completeness === null ? null : Math.round(p.completeness * 1000) / 10,
  }));
  const label = reportTimeLabel(resolution, zone);
  return (
    <ChartFrame testId="completeness-chart" height={220} empty={data.length === 0 ? reportsEmpty : null}>
      <LineChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
        <XAxis {...reportAxisProps(label, zone)} />
        <YAxis domain={[0, 100]} unit=" %" fontSize={12} width={56} label={sideLabel("received")} />
        <Tooltip labelFormatter={(v) => label.tooltip(Number(v))} formatter={(v) => [`${Number(v)} % of expected readings`, "completeness"]} />
        <Legend verticalAlign="top" height={24} />
        <Line dataKey="completeness" name="completeness %" stroke="#1f9d55" dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}
