"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

export function AddLoggerForm({ stationId, onChanged }: { stationId: string; onChanged: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.stations.createLogger.mutationOptions({ onSuccess: onChanged }));
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    create.mutate({
      stationId,
      make: text("make"),
      model: text("model") || null,
      serial: text("serial"),
      timeZone: text("timeZone") || null,
      averagingSeconds: Number(text("averagingMinutes")) * 60,
      timestampsAtEnd: form.get("timestampsAtEnd") === "on",
    });
  };
  return (
    <details className="panel">
      <summary>Add a logger</summary>
      <form action={submit} className="form-row" aria-label="Add a logger">
        <label className="field">
          Make
          <input name="make" required maxLength={100} placeholder="Campbell Scientific" />
        </label>
        <label className="field">
          Model
          <input name="model" maxLength={100} placeholder="CR1000X" />
        </label>
        <label className="field">
          Serial
          <input name="serial" required maxLength={100} />
        </label>
        <label className="field">
          Logger time zone (empty: the station&apos;s)
          <input name="timeZone" maxLength={64} />
        </label>
        <label className="field">
          Averaging (min)
          <input name="averagingMinutes" type="number" min={1} max={1440} defaultValue={10} required />
        </label>
        <label className="field">
          <span>
            <input type="checkbox" name="timestampsAtEnd" /> Stamps mark the period end
          </span>
        </label>
        <button className="primary" type="submit" disabled={create.isPending}>
          Add logger
        </button>
      </form>
      <FormError message={create.error && errorMessage(create.error)} />
    </details>
  );
}
