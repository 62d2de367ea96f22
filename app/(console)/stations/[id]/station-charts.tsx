"use client";

import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { SensorReadingsChart } from "@/components/charts/sensor-readings-chart";
import type { BrushRange } from "@/components/charts/time-brush";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { BrushFlagForm } from "../../sensors/brush-flag-form";

interface StationPoint {
  id: string;
  name: string;
  unit: string;
  sensor: { key: string; lastReadingAt: Date | string | null };
}

const spans = [
  { label: "24 h", ms: 86_400_000 },
  { label: "7 d", ms: 7 * 86_400_000 },
  { label: "30 d", ms: 30 * 86_400_000 },
  { label: "1 y", ms: 366 * 86_400_000 },
];
const SHOWN_AT_FIRST = 6;

/**
 * A station's points stacked on one time axis (speeds by height, directions, temperature…), so a fault shows
 * across them; a range brushed on any of them can be flagged on every point ticked "flag".
 */
export function StationCharts({ points, canFlag }: { points: StationPoint[]; canFlag: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [span, setSpan] = useState(() => ({ label: "7 d", to: Date.now(), ms: spans[1].ms }));
  const [shown, setShown] = useState<Set<string>>(() => new Set(points.slice(0, SHOWN_AT_FIRST).map((p) => p.id)));
  const [targets, setTargets] = useState<Set<string>>(() => new Set(points.slice(0, SHOWN_AT_FIRST).map((p) => p.id)));
  const [brushed, setBrushed] = useState<BrushRange | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const visible = points.filter((p) => shown.has(p.id));
  const from = new Date(span.to - span.ms);
  const to = new Date(span.to);
  const charts = useQueries({ queries: visible.map((p) => trpc.sensors.readings.queryOptions({ key: p.sensor.key, from, to, maxPoints: 800 })) });
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (!next.delete(id)) next.add(id);
    return next;
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sensors.readings.pathKey() });
  const error = charts.find((c) => c.error)?.error;

  return (
    <section className="panel" aria-label="Station charts">
      <h2>Charts</h2>
      <div className="form-row" role="group" aria-label="Chart span">
        {spans.map((s) => (
          <button
            key={s.label}
            type="button"
            aria-pressed={span.label === s.label}
            className={span.label === s.label ? "primary" : undefined}
            onClick={() => {
              setSpan({ label: s.label, to: Date.now(), ms: s.ms });
              setBrushed(null);
            }}
          >
            {s.label}
          </button>
        ))}
      </div>
      <table className="data" data-testid="station-chart-points">
        <thead>
          <tr>
            <th>Point</th>
            <th>Show</th>
            {canFlag && <th>Flag</th>}
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>
                <input type="checkbox" aria-label={`Show ${p.name}`} checked={shown.has(p.id)} onChange={() => setShown((s) => toggle(s, p.id))} />
              </td>
              {canFlag && (
                <td>
                  <input type="checkbox" aria-label={`Flag ${p.name}`} checked={targets.has(p.id)} onChange={() => setTargets((s) => toggle(s, p.id))} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError message={error ? errorMessage(error) : null} />
      {canFlag && (
        <BrushFlagForm
          range={brushed}
          sensorKeys={points.filter((p) => targets.has(p.id)).map((p) => p.sensor.key)}
          onClear={() => setBrushed(null)}
          onDone={async (text) => {
            setNotice(text);
            await refresh();
          }}
        />
      )}
      {visible.map((p, i) => {
        const r = charts[i]?.data;
        return (
          <div key={p.id} data-testid={`station-chart-${p.name}`}>
            <h3 className="muted">
              {p.name} ({p.unit || "no unit"})
            </h3>
            {r ? (
              <SensorReadingsChart
                testId={`point-chart-${p.name}`}
                label={`${p.name} readings`}
                readings={r.readings}
                flagged={r.flagged}
                from={r.from}
                to={r.to}
                gapMs={r.gapMs}
                unit={p.unit}
                flags={r.flags}
                alerts={[]}
                lastReadingAt={p.sensor.lastReadingAt}
                height={200}
                syncId="station"
                selection={brushed}
                onSelect={canFlag ? setBrushed : undefined}
              />
            ) : (
              <p className="muted">Loading {p.name}…</p>
            )}
          </div>
        );
      })}
    </section>
  );
}
