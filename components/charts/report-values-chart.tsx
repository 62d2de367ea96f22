"use client";

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { reportTimeLabel, type ReportPoint } from "./report-time";

/** Mean per window over the min–max band. */
export function ReportValuesChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), mean: p.mean, band: p.min === null || p.max === null ? null : [p.min, p.max] }));
  const label = reportTimeLabel(resolution);
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="values-chart">
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={label} minTickGap={50} fontSize={12} />
          <YAxis fontSize={12} width={56} />
          <Tooltip labelFormatter={(v) => label(Number(v))} />
          <Area dataKey="band" name="min – max" stroke="none" fill="#dbe6fa" isAnimationActive={false} />
          <Line dataKey="mean" name="mean" stroke="#2f6fdb" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
