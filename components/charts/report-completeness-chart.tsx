"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { ChartEmpty } from "./chart-empty";
import { reportsEmpty, reportTimeLabel, type ReportPoint } from "./report-time";

/** Share of expected readings received per window. */
export function ReportCompletenessChart({ points, resolution }: { points: ReportPoint[]; resolution: string }) {
  const { zone } = useTimeZone();
  const data = points.map((p) => ({
    t: new Date(p.windowStart).getTime(),
    completeness: p.completeness === null ? null : Math.round(p.completeness * 1000) / 10,
  }));
  const label = reportTimeLabel(resolution, zone);
  return (
    <div style={{ width: "100%", height: 220 }} data-testid="completeness-chart">
      {data.length === 0 ? (
        <ChartEmpty testId="completeness-chart-empty" {...reportsEmpty} />
      ) : (
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
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
            <YAxis domain={[0, 100]} unit=" %" fontSize={12} width={56} label={{ value: "received", angle: -90, position: "insideLeft", fontSize: 12 }} />
            <Tooltip labelFormatter={(v) => label.tooltip(Number(v))} formatter={(v) => [`${Number(v)} % of expected readings`, "completeness"]} />
            <Legend verticalAlign="top" height={24} />
            <Line dataKey="completeness" name="completeness %" stroke="#1f9d55" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
