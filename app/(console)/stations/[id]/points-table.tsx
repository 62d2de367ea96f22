"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { PointQcForm } from "./point-qc-form";
import type { Station } from "./station-types";
import { Time } from "@/components/ui/time";
import { formatValue } from "@/components/ui/format-value";

// A configuration's dates are calendar days as the station file gives them (UTC midnights), not instants to shift into a zone.
const utcDate = (at: Date | string) => new Date(at).toISOString().slice(0, 10);

/** A station's measurement points with their newest configuration version, and a form to add one. */
export function PointsTable({ points, canConfigure, onChanged }: { points: Station["points"]; canConfigure: boolean; onChanged: () => void }) {
  return (
    <section className="panel">
      <h2>Measurement points</h2>
      <table className="data" data-testid="station-points">
        <thead>
          <tr>
            <th>Point</th>
            <th>Quantity</th>
            <th>Height</th>
            <th>Orientation</th>
            <th>Statistic</th>
            <th>Unit</th>
            <th>Latest</th>
            <th>Configuration (newest of versions)</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id} data-testid={`point-${p.name}`}>
              <td>
                <Link href={`/sensors/${encodeURIComponent(p.sensor.key)}`}>{p.name}</Link>
              </td>
              <td>{p.quantity}</td>
              <td>{p.heightM !== null ? `${p.heightM} m` : "—"}</td>
              <td>{p.orientation ?? "—"}</td>
              <td>{p.statistic}</td>
              <td>{p.unit}</td>
              <td className="muted">
                {formatValue(p.sensor.lastValue, p.unit)}
                {p.sensor.lastReadingAt ? (
                  <>
                    {" "}
                    · <Time value={p.sensor.lastReadingAt} relative />
                  </>
                ) : (
                  ""
                )}
              </td>
              <td data-testid="point-config">
                {p.configs[0] ? (
                  <>
                    from {utcDate(p.configs[0].dateFrom)}
                    {p.configs[0].dateTo ? ` to ${utcDate(p.configs[0].dateTo)}` : ""}
                    {p.configs[0].sensorSerial ? ` · sensor ${p.configs[0].sensorSerial}` : ""}
                    {p.configs[0].certificate ? ` · certificate ${p.configs[0].certificate}` : ""}
                    {p.configs[0].calibrationSlope !== null ? ` · calibration ${p.configs[0].calibrationSlope} / ${p.configs[0].calibrationOffset}` : ""}
                    <span className="muted">
                      {" "}
                      ({p.configs.length} version{p.configs.length > 1 ? "s" : ""})
                    </span>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
          {points.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                No points yet: import a logger&apos;s first file.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {canConfigure && points.length > 0 && <PointConfigForm points={points} onChanged={onChanged} />}
      {canConfigure && points.length > 0 && <PointQcForm points={points} />}
    </section>
  );
}

const numberOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));
const dateOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : new Date(`${v}T00:00:00Z`));

/** A new dated version of a point's configuration: mounting, logger programming, calibration certificate. */
function PointConfigForm({ points, onChanged }: { points: Station["points"]; onChanged: () => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.stations.setPointConfig.mutationOptions({ onSuccess: onChanged }));
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    save.mutate({
      pointId: String(form.get("pointId")),
      dateFrom: dateOrNull(form.get("dateFrom"))!,
      dateTo: dateOrNull(form.get("dateTo")),
      heightM: numberOrNull(form.get("heightM")),
      orientation: text("orientation"),
      sensorSerial: text("sensorSerial"),
      loggerSlope: numberOrNull(form.get("loggerSlope")) ?? 1,
      loggerOffset: numberOrNull(form.get("loggerOffset")) ?? 0,
      sensitivity: numberOrNull(form.get("sensitivity")),
      calibrationSlope: numberOrNull(form.get("calibrationSlope")),
      calibrationOffset: numberOrNull(form.get("calibrationOffset")),
      calibrationDate: dateOrNull(form.get("calibrationDate")),
      certificate: text("certificate"),
      notes: text("notes"),
    });
  };
  return (
    <details style={{ marginTop: 12 }}>
      <summary>Add a configuration version</summary>
      <form action={submit} className="form-row" aria-label="Add a configuration version">
        <label className="field">
          Point
          <select name="pointId">
            {points.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Valid from (UTC)
          <input name="dateFrom" type="date" required />
        </label>
        <label className="field">
          Valid to
          <input name="dateTo" type="date" />
        </label>
        <label className="field">
          Height (m)
          <input name="heightM" type="number" step="any" />
        </label>
        <label className="field">
          Orientation
          <input name="orientation" maxLength={10} size={4} />
        </label>
        <label className="field">
          Sensor serial
          <input name="sensorSerial" maxLength={100} />
        </label>
        <label className="field">
          Logger slope
          <input name="loggerSlope" type="number" step="any" defaultValue={1} />
        </label>
        <label className="field">
          Logger offset
          <input name="loggerOffset" type="number" step="any" defaultValue={0} />
        </label>
        <label className="field">
          Sensitivity
          <input name="sensitivity" type="number" step="any" />
        </label>
        <label className="field">
          Calibration slope
          <input name="calibrationSlope" type="number" step="any" />
        </label>
        <label className="field">
          Calibration offset
          <input name="calibrationOffset" type="number" step="any" />
        </label>
        <label className="field">
          Calibration date
          <input name="calibrationDate" type="date" />
        </label>
        <label className="field">
          Certificate
          <input name="certificate" maxLength={200} />
        </label>
        <label className="field">
          Notes
          <input name="notes" maxLength={1000} />
        </label>
        <button className="primary" type="submit" disabled={save.isPending}>
          Save version
        </button>
      </form>
      {save.isSuccess && (
        <p className="notice" role="status">
          Saved
          {save.data.correction
            ? `: readings from then on are corrected × ${save.data.correction.slope.toFixed(4)} + ${save.data.correction.offset.toFixed(4)}`
            : ""}
          .
        </p>
      )}
      <FormError message={save.error && errorMessage(save.error)} />
    </details>
  );
}
