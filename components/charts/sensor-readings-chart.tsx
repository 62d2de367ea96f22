"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Time } from "@/components/ui/time";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { timeAxis, valueWithUnit } from "./chart-axes";
import { ChartEmpty } from "./chart-empty";
import { keyboardBrushStep, rangeBetween, type BrushRange, type KeyboardBrush } from "./time-brush";

export interface ChartReading {
  time: number;
  value: number;
}

export interface ChartRange {
  from: number;
  to: number;
}

export interface ChartAlert {
  at: number;
  severity: string;
  detector: string;
  /** The detector's evidence: the band it expected over the evidence window, and what it saw. */
  expectedLow?: number | null;
  expectedHigh?: number | null;
  observed?: number;
  evidenceFrom?: number;
}

/** A null between two readings further apart than gapMs, so the line breaks where readings are missing. */
function withGaps(
  readings: ChartReading[],
  gapMs: number,
  field: "value" | "flagged",
): Array<{ time: number; value?: number | null; flagged?: number | null }> {
  const out: Array<{ time: number; value?: number | null; flagged?: number | null }> = [];
  readings.forEach((r, i) => {
    if (i > 0 && r.time - readings[i - 1].time > gapMs) out.push({ time: readings[i - 1].time + 1, [field]: null });
    out.push({ time: r.time, [field]: r.value });
  });
  return out;
}

/** The kept and the flagged readings as one series of rows, each line broken where the other holds the time. */
function chartRows(readings: ChartReading[], flagged: ChartReading[], gapMs: number) {
  if (flagged.length === 0) return withGaps(readings, gapMs, "value");
  return [...withGaps(readings, gapMs, "value"), ...withGaps(flagged, gapMs, "flagged")].sort((a, b) => a.time - b.time);
}

/** The chart's brush: drag with the mouse, or focus the chart and use the arrow keys (Shift extends). */
function useTimeBrush(from: number, to: number, selection: BrushRange | null | undefined, onSelect: ((range: BrushRange | null) => void) | undefined) {
  const dragStart = useRef<number | null>(null);
  const [dragging, setDragging] = useState<BrushRange | null>(null);
  const [keys, setKeys] = useState<KeyboardBrush>({ cursor: from, anchor: null });
  const timeOf = (state: unknown) => {
    const label = (state as { activeLabel?: number | string } | null)?.activeLabel;
    return label === undefined || label === null || label === "" ? null : Number(label);
  };
  if (!onSelect) return { handlers: {}, dragging: null, cursor: null, onKeyDown: undefined };
  return {
    dragging,
    cursor: keys.anchor !== null || keys.cursor !== from ? keys.cursor : null,
    handlers: {
      onMouseDown: (state: unknown) => {
        const t = timeOf(state);
        dragStart.current = t;
        setDragging(null);
      },
      onMouseMove: (state: unknown) => {
        const t = timeOf(state);
        if (dragStart.current !== null && t !== null) setDragging(rangeBetween(dragStart.current, t));
      },
      onMouseUp: (state: unknown) => {
        const t = timeOf(state);
        const range = dragStart.current !== null && t !== null ? rangeBetween(dragStart.current, t) : dragging;
        dragStart.current = null;
        setDragging(null);
        if (range) onSelect(range);
      },
    },
    onKeyDown: (e: KeyboardEvent) => {
      // The span moves (live windows, a new preset) and a range is cleared by the form: start again from what is shown.
      const cursor = keys.cursor < from || keys.cursor > to ? from : keys.cursor;
      const step = keyboardBrushStep({ cursor, anchor: selection ? keys.anchor : null }, e.key, e.shiftKey, { from, to });
      if (!step) return;
      e.preventDefault();
      setKeys(step.state);
      if (step.range !== undefined) onSelect(step.range);
    },
  };
}

/** Where an alert's expected band is drawn: its evidence window, at least 3 % of the chart wide, ending at the alert. */
function bandStart(a: ChartAlert, from: number, to: number): number {
  return Math.max(from, Math.min(a.evidenceFrom ?? a.at, a.at - 0.03 * (to - from)));
}

/** A sensor's readings over a window, flagged ranges shaded, alerts marked as vertical lines with their expected band and observed value. */
export function SensorReadingsChart({
  readings,
  flagged = [],
  from,
  to,
  gapMs,
  unit,
  flags,
  alerts,
  lastReadingAt,
  selection,
  onSelect,
  label = "Readings chart",
  height = 320,
  syncId,
  testId = "sensor-chart",
}: {
  readings: ChartReading[];
  /** Flagged readings, calibrated: drawn in red where the kept line breaks. */
  flagged?: ChartReading[];
  from: number;
  to: number;
  gapMs: number;
  unit: string;
  flags: ChartRange[];
  alerts: ChartAlert[];
  lastReadingAt?: Date | string | null;
  /** The brushed range, shown shaded; with onSelect the chart can be brushed by mouse and keyboard. */
  selection?: BrushRange | null;
  onSelect?: (range: BrushRange | null) => void;
  label?: string;
  height?: number;
  /** Charts with one syncId share their tooltip position (a station's stacked points). */
  syncId?: string;
  testId?: string;
}) {
  const { zone } = useTimeZone();
  const axis = timeAxis(zone, from, to);
  const last = lastReadingAt ? new Date(lastReadingAt).getTime() : null;
  const brush = useTimeBrush(from, to, selection, onSelect);
  const shown = brush.dragging ?? selection ?? null;
  return (
    <div
      style={{ width: "100%", height }}
      data-testid={testId}
      data-points={readings.length}
      data-flagged-points={flagged.length}
      data-selection={shown ? `${shown.from}-${shown.to}` : undefined}
      {...(onSelect
        ? {
            tabIndex: 0,
            role: "group",
            "aria-label": `${label}: drag across it, or use the arrow keys with Shift, to choose a time range; Escape lets go`,
            onKeyDown: brush.onKeyDown,
            className: "brushable",
          }
        : {})}
    >
      {readings.length === 0 && flagged.length === 0 ? (
        <ChartEmpty
          testId="sensor-chart-empty"
          why={
            last === null ? (
              "No readings in this range: the sensor has never reported."
            ) : last < from ? (
              <>
                No readings in this range: the sensor has been silent since <Time value={last} /> (<Time value={last} relative />
                ).
              </>
            ) : (
              "No readings in this range, though the sensor reported since: they may all be flagged or outside its valid range."
            )
          }
          todo={
            last !== null && last < from
              ? "Widen the range to see its last readings, or check the logger and its connection."
              : "Check the logger's configuration and the sensor's valid range, or show raw values."
          }
        />
      ) : (
        <>
          <ul className="chart-legend" aria-label="Legend">
            <li>
              <span className="swatch" style={{ background: "#2563eb" }} /> reading ({unit || "no unit"})
            </li>
            {flags.length > 0 && (
              <li>
                <span className="swatch" style={{ background: "#f3c7c7" }} /> flagged range
              </li>
            )}
            {flagged.length > 0 && (
              <li>
                <span className="swatch" style={{ background: "#d64545" }} /> flagged reading (left out of reports and exports)
              </li>
            )}
            {onSelect && <li className="muted">drag to choose a range</li>}
            {alerts.length > 0 && (
              <li>
                <span className="swatch" style={{ background: "#d69e2e" }} /> alert, with the band it expected (green) and what it saw (dot)
              </li>
            )}
          </ul>
          <ResponsiveContainer height={height - 30}>
            <LineChart data={chartRows(readings, flagged, gapMs)} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} syncId={syncId} {...brush.handlers}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e9ef" />
              <XAxis
                dataKey="time"
                type="number"
                domain={[from, to]}
                ticks={Array.from({ length: 7 }, (_, i) => from + ((to - from) * i) / 6)}
                tickFormatter={axis.tick}
                fontSize={12}
                label={{ value: axis.label, position: "insideBottom", offset: -4, fontSize: 12 }}
                height={44}
              />
              <YAxis fontSize={12} width={84} domain={["auto", "auto"]} unit={unit ? ` ${unit}` : undefined} />
              <Tooltip
                labelFormatter={(v) => axis.tooltip(Number(v))}
                formatter={(v, name) => [valueWithUnit(unit)(v), name === "flagged" ? "flagged reading" : "reading"]}
              />
              {flags.map((f, i) => (
                <ReferenceArea
                  key={`flag-${i}`}
                  x1={Math.max(f.from, from)}
                  x2={Math.min(f.to, to)}
                  fill="#d64545"
                  fillOpacity={0.12}
                  ifOverflow="hidden"
                  label={{ value: "flagged", position: "insideTop", fontSize: 11 }}
                />
              ))}
              {alerts.map((a, i) => (
                <ReferenceLine
                  key={`alert-${i}`}
                  x={a.at}
                  stroke={a.severity === "critical" ? "#d64545" : "#d69e2e"}
                  strokeDasharray="4 2"
                  ifOverflow="hidden"
                />
              ))}
              {alerts.map((a, i) =>
                a.expectedLow != null && a.expectedHigh != null ? (
                  <ReferenceArea
                    key={`band-${i}`}
                    className="alert-band"
                    x1={bandStart(a, from, to)}
                    x2={a.at}
                    y1={a.expectedLow}
                    y2={a.expectedHigh}
                    fill="#16a34a"
                    fillOpacity={0.15}
                    stroke="#16a34a"
                    strokeOpacity={0.5}
                    ifOverflow="extendDomain"
                  />
                ) : null,
              )}
              {alerts.map((a, i) =>
                a.observed !== undefined ? (
                  <ReferenceDot
                    key={`observed-${i}`}
                    className="alert-observed"
                    x={a.at}
                    y={a.observed}
                    r={4}
                    fill={a.severity === "critical" ? "#d64545" : "#d69e2e"}
                    stroke="none"
                    ifOverflow="extendDomain"
                  />
                ) : null,
              )}
              <Line type="linear" dataKey="value" stroke="#2563eb" dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls={false} />
              {flagged.length > 0 && (
                <Line type="linear" dataKey="flagged" stroke="#d64545" dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls={false} />
              )}
              {shown && (
                <ReferenceArea
                  className="brush-selection"
                  x1={shown.from}
                  x2={shown.to}
                  fill="#2563eb"
                  fillOpacity={0.15}
                  stroke="#2563eb"
                  strokeOpacity={0.6}
                  ifOverflow="hidden"
                />
              )}
              {brush.cursor !== null && <ReferenceLine x={brush.cursor} stroke="#1e3a8a" strokeWidth={1} ifOverflow="hidden" />}
            </LineChart>
          </ResponsiveContainer>
        </>
      )}
    </div>
  );
}
