"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ThroughputDatum {
  minute: string;
  completed: number;
  failed: number;
}

const timeLabel = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** Jobs completed and failed per minute. */
export function ThroughputChart({ data }: { data: ThroughputDatum[] }) {
  return (
    <div style={{ width: "100%", height: 240 }} data-testid="throughput-chart">
      <ResponsiveContainer>
        <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
          <XAxis dataKey="minute" tickFormatter={timeLabel} minTickGap={40} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={48} />
          <Tooltip labelFormatter={(v) => timeLabel(String(v))} />
          <Legend />
          <Area type="monotone" dataKey="completed" name="completed / min" stroke="#1f9d55" fill="#dff3e7" isAnimationActive={false} />
          <Area type="monotone" dataKey="failed" name="failed / min" stroke="#d64545" fill="#fbe1e1" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
