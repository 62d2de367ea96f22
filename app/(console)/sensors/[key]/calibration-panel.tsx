"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";
import { fromZonedInput, toZonedInput } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";

interface Calibration {
  id: string;
  slope: number;
  offset: number;
  effectiveFrom: Date | string;
  note: string | null;
  createdBy: string | null;
}

export function CalibrationPanel({
  sensorKey,
  calibrations,
  canEdit,
  onChanged,
}: {
  sensorKey: string;
  calibrations: Calibration[];
  canEdit: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const set = useMutation(trpc.sensors.setCalibration.mutationOptions({ onSuccess: onChanged }));
  const { zone } = useTimeZone();
  const submit = (form: FormData) =>
    set.mutate({
      key: sensorKey,
      slope: Number(form.get("slope")),
      offset: Number(form.get("offset")),
      effectiveFrom: fromZonedInput(String(form.get("effectiveFrom") ?? ""), zone) ?? new Date(NaN),
      note: String(form.get("note") ?? "") || undefined,
    });

  return (
    <section className="panel" aria-label="Calibration">
      <h2>Calibration</h2>
      <p className="muted">Readers see raw × slope + offset, with the calibration in effect at each reading&apos;s time.</p>
      <table className="data" data-testid="calibrations">
        <thead>
          <tr>
            <th>From</th>
            <th>Slope</th>
            <th>Offset</th>
            <th>Note</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {calibrations.map((c) => (
            <tr key={c.id}>
              <td>
                <Time value={c.effectiveFrom} />
              </td>
              <td className="mono">{c.slope}</td>
              <td className="mono">{c.offset}</td>
              <td>{c.note}</td>
              <td className="muted">{c.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {calibrations.length === 0 && <p className="muted">Uncalibrated: readers see raw values.</p>}
      {canEdit && (
        <form action={submit} className="form-row" aria-label="Set calibration">
          <label className="field">
            Slope
            <input name="slope" type="number" step="any" defaultValue={1} required />
          </label>
          <label className="field">
            Offset
            <input name="offset" type="number" step="any" defaultValue={0} required />
          </label>
          <label className="field">
            Effective from
            <input name="effectiveFrom" type="datetime-local" defaultValue={toZonedInput(Date.now(), zone)} title={`In ${zone}`} required />
          </label>
          <label className="field">
            Note
            <input name="note" maxLength={500} />
          </label>
          <button className="primary" type="submit" disabled={set.isPending}>
            Set calibration
          </button>
        </form>
      )}
      <FormError message={set.error && errorMessage(set.error)} />
    </section>
  );
}
