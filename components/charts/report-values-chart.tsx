"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatValue } from "@/components/ui/format-value";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { CHART_MARGIN, ChartFrame, GRID_STROKE, sideLabel } from "./chart-frame";
import { reportAxisProps, reportsEmpty, reportTimeLabel, type ReportPoint } from "./report-time";

/** Mean per window over the min–max band, in the group's unit (none when its sensors measure in several). */
export function ReportValuesChart({ points, resolution, units = [] }: { points: ReportPoint[]; resolution: string; units?: string[] }) {
  const { zone } = useTimeZone();
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), mean: p.mean, band: p.min === null || p.max === null ? null : [p.min, p.max] }));
  const label = reportTimeLabel(resolution, zone);
  const unit = units.length === 1 ? units[0] : null;
  const axisLabel = unit ? `value (${unit})` : units.length > 1 ? `value (mixed units: ${units.join(", ")})` : "value";
  return (
    <ChartFrame testId="values-chart" height={280} empty={data.length === 0 ? reportsEmpty : null}>
      <ComposedChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
        <XAxis {...reportAxisProps(label, zone)} />
        <YAxis fontSize={12} width={72} label={sideLabel(axisLabel)} />
        <Tooltip
          labelFormatter={(v) => label.tooltip(Number(v))}
          formatter={(v, name) => [
            Array.isArray(v) ? `${formatValue(Number(v[0]), unit)} – ${formatValue(Number(v[1]), unit)}` : formatValue(Number(v), unit),
            String(name),
          ]}
        />
        <Legend verticalAlign="top" height={24} />
        <Area dataKey="band" name="min – max" stroke="none" fill="#dbe6fa" isAnimationActive={false} />
        <Line dataKey="mean" name="mean" stroke="#2f6fdb" dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}
