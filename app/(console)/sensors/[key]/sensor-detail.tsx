"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { SensorReadingsChart } from "@/components/charts/sensor-readings-chart";
import { SensorStatusBadge } from "@/components/sensors/sensor-status-badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { FormError } from "@/components/ui/form-error";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import type { BrushRange } from "@/components/charts/time-brush";
import { BrushFlagForm } from "../brush-flag-form";
import { CalibrationPanel } from "./calibration-panel";
import { EditSensorForm } from "./edit-sensor-form";
import { CoveragePanel } from "./coverage-panel";
import { FlagsPanel } from "./flags-panel";
import { QcFlagsPanel } from "./qc-flags-panel";
import { formatValue as withUnit } from "@/components/ui/format-value";
import { Time } from "@/components/ui/time";

// Up to a week the chart follows the clock; longer spans are fixed when chosen (and downsampled by the server).
const windows = [
  { hours: 1, label: "1 h" },
  { hours: 6, label: "6 h" },
  { hours: 24, label: "24 h" },
  { hours: 72, label: "3 d" },
  { hours: 168, label: "7 d" },
  { hours: 720, label: "30 d" },
  { hours: 8_784, label: "1 y" },
  { hours: 43_920, label: "5 y" },
];
const LIVE_HOURS = 168;

const formatValue = (x: number) => (Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Math.round(x * 1000) / 1000));

/** Novelty's score is NuPIC's log scale of the tail probability q (score = log q / log 1e-10); other detectors' is their own statistic. */
function evidenceStrength(a: { detector: string; score: number; message: string }): string {
  if (a.detector === "novelty" && !a.message.startsWith("New range")) return `q = ${(10 ** (-10 * a.score)).toExponential(1)}`;
  return `score ${formatValue(a.score)}`;
}

export function SensorDetail({
  sensorKey,
  initial,
  canCorrect,
  canEdit,
}: {
  sensorKey: string;
  initial?: RouterOutputs["sensors"]["get"];
  canCorrect: boolean;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState(24);
  const [span, setSpan] = useState<{ from: Date; to: Date } | null>(null);
  const [raw, setRaw] = useState(false);
  const [brushed, setBrushed] = useState<BrushRange | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const chooseWindow = (h: number) => {
    setHours(h);
    setBrushed(null);
    const now = Date.now();
    setSpan(h > LIVE_HOURS ? { from: new Date(now - h * 3_600_000), to: new Date(now) } : null);
  };
  const sensor = useQuery({ ...trpc.sensors.get.queryOptions({ key: sensorKey }), initialData: initial });
  const readings = useQuery(trpc.sensors.readings.queryOptions({ key: sensorKey, ...(span ?? { hours }), raw }, { refetchInterval: span ? false : 30_000 }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.sensors.get.queryKey({ key: sensorKey }) }),
      queryClient.invalidateQueries({ queryKey: trpc.sensors.readings.pathKey() }),
    ]);

  // A new alert on this sensor shows on its chart and in its list as soon as the scan commits it.
  useLiveEvent<{ sensorKey?: string }>("alerts", "alert:new", (event) => void (event.sensorKey === sensorKey && refresh()));

  if (sensor.error) return <FormError message={errorMessage(sensor.error)} />;
  const s = sensor.data;
  if (!s) return <p className="muted">Loading…</p>;
  const r = readings.data;
  const latest = r?.readings[r.readings.length - 1];
  const alerts = s.alerts.map((a) => ({
    at: new Date(a.at).getTime(),
    severity: a.severity,
    detector: a.detector,
    expectedLow: a.expectedLow,
    expectedHigh: a.expectedHigh,
    observed: a.observed,
    evidenceFrom: new Date(a.evidenceFrom).getTime(),
    score: a.score,
    message: a.message,
  }));
  const inWindow = r ? alerts.filter((a) => a.at > r.from && a.at <= r.to) : [];

  return (
    <>
      <p className="muted">
        <Link href="/sensors">Sensors</Link> / <span className="mono">{s.key}</span>
      </p>
      <div className="topbar">
        <h1>{s.name}</h1>
        <SensorStatusBadge status={s.status} />
      </div>
      <section className="panel grid" aria-label="Metadata">
        <div>
          <div className="muted">Key</div>
          <div className="mono">{s.key}</div>
        </div>
        <div>
          <div className="muted">Quantity</div>
          <div>
            {s.quantity} ({s.unit || "no unit"})
          </div>
        </div>
        <div>
          <div className="muted">Infrastructure</div>
          <div>
            {s.infraType} · {s.region} · {s.site}
          </div>
        </div>
        <div>
          <div className="muted">Interval</div>
          <div>{s.intervalSeconds} s</div>
        </div>
        <div>
          <div className="muted">Valid range</div>
          <div>
            {s.validMin === null ? "−∞" : withUnit(s.validMin, s.unit)} … {s.validMax === null ? "+∞" : withUnit(s.validMax, s.unit)}
          </div>
        </div>
        <div>
          <div className="muted">Last reading</div>
          <div>
            <Time value={s.lastReadingAt} relative empty="never" /> · {s.state}
          </div>
        </div>
      </section>
      {canEdit && <EditSensorForm key={s.updatedAt.toString()} sensor={s} onChanged={refresh} />}
      <section className="panel">
        <div className="form-row" role="group" aria-label="Chart window">
          {windows.map((w) => (
            <button
              key={w.hours}
              type="button"
              className={w.hours === hours ? "primary" : undefined}
              aria-pressed={w.hours === hours}
              onClick={() => chooseWindow(w.hours)}
            >
              {w.label}
            </button>
          ))}
          <label>
            <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw values (no calibration, flagged readings included)
          </label>
        </div>
        <p className="muted">
          {r ? (
            <>
              <span data-testid="reading-count">{r.count.toLocaleString()}</span> readings
              {r.downsampledMs && <> · lowest and highest per {Math.round(r.downsampledMs / 60_000).toLocaleString()} min</>}
              {r.flagged.length > 0 && <> · flagged readings in red</>}
              {latest && (
                <>
                  {" "}
                  · latest <strong data-testid="latest-value">{latest.value.toLocaleString()}</strong> {s.unit}
                </>
              )}
              {inWindow.length > 0 && <> · {inWindow.length} alerts marked</>}
            </>
          ) : (
            "Loading readings…"
          )}
        </p>
        <FormError message={readings.error && errorMessage(readings.error)} />
        {r && (
          <SensorReadingsChart
            readings={r.readings}
            flagged={raw ? [] : r.flagged}
            selection={brushed}
            onSelect={canCorrect ? setBrushed : undefined}
            label={`${s.name} readings`}
            from={r.from}
            to={r.to}
            gapMs={r.gapMs}
            unit={s.unit}
            flags={raw ? [] : s.flags.map((f) => ({ from: new Date(f.from).getTime(), to: new Date(f.to).getTime() }))}
            alerts={inWindow}
            lastReadingAt={s.lastReadingAt}
          />
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {canCorrect && r && (
          <BrushFlagForm
            range={brushed}
            sensorKeys={[s.key]}
            onClear={() => setBrushed(null)}
            onDone={async (text) => {
              setNotice(text);
              await refresh();
            }}
          />
        )}
        {inWindow.length > 0 && (
          <table className="data" data-testid="alert-evidence">
            <thead>
              <tr>
                <th>When</th>
                <th>Detector</th>
                <th>Expected</th>
                <th>Observed</th>
                <th>Probability / score</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {inWindow.slice(0, 20).map((a, i) => (
                <tr key={i}>
                  <td className="muted">
                    <Time value={a.at} />
                  </td>
                  <td className="mono">{a.detector}</td>
                  <td>{a.expectedLow != null && a.expectedHigh != null ? `${formatValue(a.expectedLow)} … ${formatValue(a.expectedHigh)} ${s.unit}` : "—"}</td>
                  <td>
                    {formatValue(a.observed)} {s.unit}
                  </td>
                  <td>{evidenceStrength(a)}</td>
                  <td>{a.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="cols-2">
        <CalibrationPanel sensorKey={s.key} calibrations={s.calibrations} canEdit={canCorrect} onChanged={refresh} />
        <FlagsPanel sensorKey={s.key} flags={s.flags} canEdit={canCorrect} onChanged={refresh} />
      </div>
      <QcFlagsPanel sensorKey={s.key} canEdit={canCorrect} onChanged={refresh} />
      <CoveragePanel sensorKey={s.key} refreshKey={s.flags.length + s.calibrations.length} />
      <section className="panel">
        <h2>Alerts</h2>
        <table className="data" data-testid="sensor-incidents">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Detectors</th>
              <th>Opened</th>
              <th>Last seen</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {s.incidents.map((i) => (
              <tr key={i.id}>
                <td>
                  <StatusBadge tone={i.severity === "critical" ? "bad" : "warn"}>{i.severity}</StatusBadge>
                </td>
                <td className="mono">{i.detectors.join(", ")}</td>
                <td className="muted">
                  <Time value={i.openedAt} relative />
                </td>
                <td className="muted">
                  <Time value={i.lastSeenAt} relative />
                </td>
                <td>
                  <StatusBadge tone={i.status === "resolved" ? "ok" : i.status === "acknowledged" ? "neutral" : "bad"}>{i.status}</StatusBadge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {s.incidents.length === 0 && <p className="muted">No alerts for this sensor.</p>}
      </section>
    </>
  );
}
