"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

const optionalNumber = (v: FormDataEntryValue | null) => (v === null || v === "" ? null : Number(v));

export function RegisterSensorForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.sensors.create.mutationOptions({
      onSuccess: async (sensor) => {
        await queryClient.invalidateQueries({ queryKey: trpc.sensors.list.pathKey() });
        router.push(`/sensors/${encodeURIComponent(sensor.key)}`);
      },
    }),
  );
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? "");
    create.mutate({
      key: text("key"),
      name: text("name"),
      quantity: text("quantity"),
      unit: text("unit"),
      infraType: text("infraType"),
      region: text("region"),
      site: text("site"),
      intervalSeconds: Number(text("intervalSeconds")),
      validMin: optionalNumber(form.get("validMin")),
      validMax: optionalNumber(form.get("validMax")),
    });
  };
  return (
    <details className="panel">
      <summary>Register a sensor</summary>
      <form action={submit} className="form-row" aria-label="Register a sensor">
        {[
          ["key", "Key"],
          ["name", "Name"],
          ["quantity", "Quantity"],
          ["unit", "Unit"],
          ["infraType", "Infrastructure type"],
          ["region", "Region"],
          ["site", "Site"],
        ].map(([name, label]) => (
          <label key={name} className="field">
            {label}
            <input name={name} required={name !== "unit"} maxLength={200} />
          </label>
        ))}
        <label className="field">
          Interval (s)
          <input name="intervalSeconds" type="number" min={1} max={86400} defaultValue={60} required />
        </label>
        <label className="field">
          Valid min
          <input name="validMin" type="number" step="any" />
        </label>
        <label className="field">
          Valid max
          <input name="validMax" type="number" step="any" />
        </label>
        <button className="primary" type="submit" disabled={create.isPending}>
          Register
        </button>
      </form>
      <FormError message={create.error && errorMessage(create.error)} />
    </details>
  );
}
