"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { minuteAxisProps, timeAxis } from "./chart-axes";
import { CHART_MARGIN, ChartFrame, GRID_STROKE, sideLabel } from "./chart-frame";

export interface SlaBreachDatum {
  minute: string;
  start: number;
  simple: number;
  moderate: number;
  complex: number;
}

const SERIES = [
  { key: "start", name: "started late (any priority)", color: "#7c5cd6" },
  { key: "simple", name: "simple ran > 1 s", color: "#e0a100" },
  { key: "moderate", name: "moderate ran > 30 s", color: "#d66a1f" },
  { key: "complex", name: "complex ran > 10 min", color: "#d64545" },
] as const;

/** Start-SLA breaches and completion-SLA breaches per complexity class, per minute. */
export function SlaBreachesChart({ data }: { data: SlaBreachDatum[] }) {
  const { zone } = useTimeZone();
  const times = data.map((d) => Date.parse(d.minute));
  const axis = timeAxis(zone, times[0] ?? Date.now() - 3_600_000, times.at(-1) ?? Date.now());
  const none = data.every((d) => SERIES.every((s) => d[s.key] === 0));
  return (
    <ChartFrame
      testId="sla-breaches-chart"
      height={240}
      empty={
        none
          ? {
              why: "No SLA breaches in this hour.",
              todo: "Runs that start after their priority's target or run past their complexity's target show here.",
            }
          : null
      }
    >
      <BarChart data={data} margin={CHART_MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
        <XAxis {...minuteAxisProps(axis)} />
        <YAxis allowDecimals={false} fontSize={12} width={56} label={sideLabel("runs / min")} />
        <Tooltip labelFormatter={(v) => axis.tooltip(String(v))} />
        <Legend verticalAlign="top" height={24} />
        {SERIES.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} stackId={s.key === "start" ? "start" : "completion"} fill={s.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
