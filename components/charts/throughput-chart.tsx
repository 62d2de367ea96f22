"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { timeAxis } from "./chart-axes";
import { ChartEmpty } from "./chart-empty";

export interface ThroughputDatum {
  minute: string;
  completed: number;
  failed: number;
}

const jobsPerMinute = (v: unknown) => `${Number(v)} jobs / min`;

/** Jobs completed and failed per minute. `todo` says what to do when none finished (it differs by role). */
export function ThroughputChart({
  data,
  todo = "Start a worker (npm run worker) or check the job schedules on the Jobs page.",
}: {
  data: ThroughputDatum[];
  todo?: string;
}) {
  const { zone } = useTimeZone();
  const times = data.map((d) => Date.parse(d.minute));
  const axis = timeAxis(zone, times[0] ?? Date.now() - 3_600_000, times.at(-1) ?? Date.now());
  const none = data.every((d) => d.completed === 0 && d.failed === 0);
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="throughput-chart">
      {none ? (
        <ChartEmpty testId="throughput-chart-empty" why="No jobs finished in this hour." todo={todo} />
      ) : (
        <ResponsiveContainer>
          <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
            <XAxis
              dataKey="minute"
              tickFormatter={axis.tick}
              minTickGap={40}
              fontSize={12}
              label={{ value: axis.label, position: "insideBottom", offset: -4, fontSize: 12 }}
              height={40}
            />
            <YAxis allowDecimals={false} fontSize={12} width={56} label={{ value: "jobs / min", angle: -90, position: "insideLeft", fontSize: 12 }} />
            <Tooltip labelFormatter={(v) => axis.tooltip(String(v))} formatter={(v, name) => [jobsPerMinute(v), String(name).replace(" / min", "")]} />
            <Legend verticalAlign="top" height={24} />
            <Area type="monotone" dataKey="completed" name="completed / min" stroke="#1f9d55" fill="#dff3e7" isAnimationActive={false} />
            <Area type="monotone" dataKey="failed" name="failed / min" stroke="#d64545" fill="#fbe1e1" isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
