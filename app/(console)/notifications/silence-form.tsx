"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

const values = (text: string) => {
  const list = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
};

export function SilenceForm({ onSaved }: { onSaved: () => unknown }) {
  const trpc = useTRPC();
  const [form, setForm] = useState({
    kind: "silence",
    site: "",
    region: "",
    sensorKey: "",
    hours: "4",
    comment: "",
    cron: "",
    duration: "",
    timeZone: "UTC",
    pauseJobs: false,
  });
  const create = useMutation(
    trpc.notifications.createSilence.mutationOptions({
      onSuccess: () => {
        setForm((f) => ({ ...f, comment: "" }));
        return onSaved();
      },
    }),
  );
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const recurring = form.kind === "maintenance" && form.cron;
    create.mutate({
      kind: form.kind as "silence" | "maintenance",
      matchers: { site: values(form.site), region: values(form.region), sensorKey: values(form.sensorKey) },
      endsAt: new Date(Date.now() + Number(form.hours) * 3_600_000),
      recurrenceCron: recurring ? form.cron : null,
      durationMinutes: recurring ? Number(form.duration) : null,
      timeZone: recurring ? form.timeZone : null,
      pauseJobs: form.kind === "maintenance" && form.pauseJobs,
      comment: form.comment,
    });
  };
  return (
    <form onSubmit={submit} aria-label="New silence">
      <div className="form-row">
        <label className="field">
          Kind
          <select value={form.kind} onChange={set("kind")}>
            <option value="silence">silence</option>
            <option value="maintenance">maintenance window</option>
          </select>
        </label>
        <label className="field">
          Silence sites
          <input value={form.site} onChange={set("site")} />
        </label>
        <label className="field">
          Silence regions
          <input value={form.region} onChange={set("region")} />
        </label>
        <label className="field">
          Silence sensors
          <input value={form.sensorKey} onChange={set("sensorKey")} />
        </label>
        <label className="field">
          For (hours)
          <input type="number" min={0.25} step={0.25} value={form.hours} onChange={set("hours")} required />
        </label>
        <label className="field">
          Comment
          <input value={form.comment} onChange={set("comment")} required />
        </label>
      </div>
      {form.kind === "maintenance" && (
        <div className="form-row">
          <label className="field">
            Recurs (cron)
            <input value={form.cron} onChange={set("cron")} placeholder="0 2 * * 2 (optional)" />
          </label>
          <label className="field">
            Each time (min)
            <input type="number" min={1} value={form.duration} onChange={set("duration")} />
          </label>
          <label className="field">
            Time zone
            <input value={form.timeZone} onChange={set("timeZone")} />
          </label>
          <label className="field checkbox">
            <input type="checkbox" checked={form.pauseJobs} onChange={(e) => setForm((f) => ({ ...f, pauseJobs: e.target.checked }))} />
            Pause the jobs of these regions/sites/sensors while it is active
          </label>
        </div>
      )}
      <button className="primary" type="submit" disabled={create.isPending}>
        Add silence
      </button>
      <FormError message={create.error && errorMessage(create.error)} />
    </form>
  );
}
