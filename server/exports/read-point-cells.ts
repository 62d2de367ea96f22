import type { Reading } from "../anomaly/detectors/detector";
import { applySensorCorrections, type SensorCorrections } from "../readings/apply-sensor-corrections";
import { calibrate, calibrationAt } from "../readings/calibration";
import type { ExportCell, WideRowCells } from "./export-cell";

export type TimedCell = { time: number } & ExportCell;

/**
 * One point's raw readings as export cells. Whether a reading is flagged is decided by
 * applySensorCorrections itself (what it leaves out), so the export leaves out exactly what reports
 * and charts do, whatever flags the loader comes to return. Calibrated values are the ones it gives;
 * a flagged reading kept for its flag column is calibrated by the same rule.
 */
export function pointCells(raw: readonly Reading[], corrections: SensorCorrections | undefined, values: "raw" | "calibrated"): TimedCell[] {
  if (!corrections) return raw.map((r) => ({ time: r.time, value: r.value, flagged: false }));
  const kept = new Map(applySensorCorrections(raw, corrections).map((r) => [r.time, r.value]));
  return raw.map((r) => {
    const calibrated = kept.get(r.time);
    const flagged = calibrated === undefined;
    if (values === "raw") return { time: r.time, value: r.value, flagged };
    return { time: r.time, value: flagged ? calibrate(r.value, calibrationAt(corrections.calibrations, r.time)) : calibrated, flagged };
  });
}

/** Every point's cells of one time span, gathered by time step (column order = points order). */
export function wideCells(cellsByPoint: ReadonlyArray<readonly TimedCell[]>): Map<number, WideRowCells> {
  const rows = new Map<number, Array<ExportCell | undefined>>();
  cellsByPoint.forEach((cells, column) => {
    for (const cell of cells) {
      let row = rows.get(cell.time);
      if (!row) rows.set(cell.time, (row = new Array(cellsByPoint.length).fill(undefined)));
      row[column] = { value: cell.value, flagged: cell.flagged };
    }
  });
  return rows;
}
