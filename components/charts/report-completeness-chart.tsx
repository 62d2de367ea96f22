"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { reportTimeLabel, type ReportPoint } from "./report-time";

/** Share of expected readings received per window. */
export function ReportCompletenessChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const data = points.map((p) => ({ t: new Date(p.windowStart).getTime(), completeness: p.completeness === null ? null : Math.round(p.completeness * 1000) / 10 }));
  const label = reportTimeLabel(resolution);
  return (
    <div style={{ width: "100%", height: 200 }} data-testid="completeness-chart">
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={label} minTickGap={50} fontSize={12} />
          <YAxis domain={[0, 100]} unit=" %" fontSize={12} width={56} />
          <Tooltip labelFormatter={(v) => label(Number(v))} />
          <Line dataKey="completeness" name="completeness %" stroke="#1f9d55" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
