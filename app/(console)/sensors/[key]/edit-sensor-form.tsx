"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

interface EditableSensor {
  key: string;
  name: string;
  intervalSeconds: number;
  validMin: number | null;
  validMax: number | null;
  state: "active" | "pending" | "retired";
}

const optionalNumber = (v: FormDataEntryValue | null) => (v === null || v === "" ? null : Number(v));

export function EditSensorForm({ sensor, onChanged }: { sensor: EditableSensor; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.sensors.update.mutationOptions({ onSuccess: onChanged }));
  const submit = (form: FormData) =>
    update.mutate({
      key: sensor.key,
      name: String(form.get("name")),
      intervalSeconds: Number(form.get("intervalSeconds")),
      validMin: optionalNumber(form.get("validMin")),
      validMax: optionalNumber(form.get("validMax")),
      state: String(form.get("state")) as EditableSensor["state"],
    });
  return (
    <details className="panel">
      <summary>Edit sensor</summary>
      <form action={submit} className="form-row" aria-label="Edit sensor">
        <label className="field">
          Name
          <input name="name" defaultValue={sensor.name} required maxLength={200} />
        </label>
        <label className="field">
          Interval (s)
          <input name="intervalSeconds" type="number" min={1} max={86400} defaultValue={sensor.intervalSeconds} required />
        </label>
        <label className="field">
          Valid min
          <input name="validMin" type="number" step="any" defaultValue={sensor.validMin ?? ""} />
        </label>
        <label className="field">
          Valid max
          <input name="validMax" type="number" step="any" defaultValue={sensor.validMax ?? ""} />
        </label>
        <label className="field">
          State
          <select name="state" defaultValue={sensor.state}>
            <option>active</option>
            <option>pending</option>
            <option>retired</option>
          </select>
        </label>
        <button className="primary" type="submit" disabled={update.isPending}>
          Save
        </button>
      </form>
      <FormError message={update.error && errorMessage(update.error)} />
    </details>
  );
}
