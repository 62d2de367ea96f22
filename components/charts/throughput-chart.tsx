"use client";

import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { minuteAxisProps, timeAxis } from "./chart-axes";
import { CHART_MARGIN, ChartFrame, GRID_STROKE, sideLabel } from "./chart-frame";

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
    <ChartFrame testId="throughput-chart" height={260} empty={none ? { why: "No jobs finished in this hour.", todo } : null}>
      <AreaChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
        <XAxis {...minuteAxisProps(axis)} />
        <YAxis allowDecimals={false} fontSize={12} width={56} label={sideLabel("jobs / min")} />
        <Tooltip labelFormatter={(v) => axis.tooltip(String(v))} formatter={(v, name) => [jobsPerMinute(v), String(name).replace(" / min", "")]} />
        <Legend verticalAlign="top" height={24} />
        <Area type="monotone" dataKey="completed" name="completed / min" stroke="#1f9d55" fill="#dff3e7" isAnimationActive={false} />
        <Area type="monotone" dataKey="failed" name="failed / min" stroke="#d64545" fill="#fbe1e1" isAnimationActive={false} />
      </AreaChart>
    </ChartFrame>
  );
}
