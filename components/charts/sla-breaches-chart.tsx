"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { timeAxis } from "./chart-axes";
import { ChartEmpty } from "./chart-empty";

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
    <div style={{ width: "100%", height: 240 }} data-testid="sla-breaches-chart">
      {none ? (
        <ChartEmpty
          testId="sla-breaches-chart-empty"
          why="No SLA breaches in this hour."
          todo="Runs that start after their priority's target or run past their complexity's target show here."
        />
      ) : (
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
            <XAxis
              dataKey="minute"
              tickFormatter={axis.tick}
              minTickGap={40}
              fontSize={12}
              label={{ value: axis.label, position: "insideBottom", offset: -4, fontSize: 12 }}
              height={40}
            />
            <YAxis allowDecimals={false} fontSize={12} width={56} label={{ value: "runs / min", angle: -90, position: "insideLeft", fontSize: 12 }} />
            <Tooltip labelFormatter={(v) => axis.tooltip(String(v))} />
            <Legend verticalAlign="top" height={24} />
            {SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId={s.key === "start" ? "start" : "completion"} fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
