"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatValue } from "@/components/ui/format-value";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { ChartEmpty } from "./chart-empty";
import { reportsEmpty, reportTimeLabel, type ReportPoint } from "./report-time";

/** Mean per window over the min–max band, in the group's unit (none when its sensors measure in several). */
export function ReportValuesChart({ points, resolution, units = [] }: { points: ReportPoint[]; resolution: string; units?: string[] }) {
  const { zone } = useTimeZone();
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), mean: p.mean, band: p.min === null || p.max === null ? null : [p.min, p.max] }));
  const label = reportTimeLabel(resolution, zone);
  const unit = units.length === 1 ? units[0] : null;
  const axisLabel = unit ? `value (${unit})` : units.length > 1 ? `value (mixed units: ${units.join(", ")})` : "value";
  return (
    <div style={{ width: "100%", height: 280 }} data-testid="values-chart">
      {data.length === 0 ? (
        <ChartEmpty testId="values-chart-empty" {...reportsEmpty} />
      ) : (
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
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
            <YAxis fontSize={12} width={72} label={{ value: axisLabel, angle: -90, position: "insideLeft", fontSize: 12 }} />
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
        </ResponsiveContainer>
      )}
    </div>
  );
}
