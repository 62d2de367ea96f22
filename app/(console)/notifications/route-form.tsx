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

export function RouteForm({
  channels,
  nextPosition,
  onSaved,
}: {
  channels: Array<{ id: string; name: string }>;
  nextPosition: number;
  onSaved: () => unknown;
}) {
  const trpc = useTRPC();
  const [form, setForm] = useState({
    name: "",
    severity: "",
    region: "",
    infraType: "",
    site: "",
    sensorKey: "",
    kind: "",
    quietStart: "",
    quietEnd: "",
    timeZone: "UTC",
    escalateAfter: "",
  });
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [escalateTo, setEscalateTo] = useState<Set<string>>(new Set());
  const [cont, setCont] = useState(false);
  const save = useMutation(
    trpc.notifications.saveRoute.mutationOptions({
      onSuccess: () => {
        setForm((f) => ({ ...f, name: "" }));
        return onSaved();
      },
    }),
  );
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const toggle = (setter: typeof setPicked, id: string) =>
    setter((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate({
      name: form.name,
      position: nextPosition,
      matchers: {
        severity: form.severity ? [form.severity as "warning" | "critical"] : undefined,
        region: values(form.region),
        infraType: values(form.infraType),
        site: values(form.site),
        sensorKey: values(form.sensorKey),
        kind: values(form.kind),
      },
      channelIds: [...picked],
      continue: cont,
      quietHours: form.quietStart && form.quietEnd ? { start: form.quietStart, end: form.quietEnd, timeZone: form.timeZone } : null,
      escalateAfterMinutes: form.escalateAfter ? Number(form.escalateAfter) : null,
      escalateChannelIds: [...escalateTo],
    });
  };
  return (
    <form onSubmit={submit} aria-label="New route">
      <div className="form-row">
        <label className="field">
          Route name
          <input value={form.name} onChange={set("name")} required />
        </label>
        <label className="field">
          Severity
          <select value={form.severity} onChange={set("severity")}>
            <option value="">any</option>
            <option>critical</option>
            <option>warning</option>
          </select>
        </label>
        <label className="field">
          Regions
          <input value={form.region} onChange={set("region")} placeholder="any" />
        </label>
        <label className="field">
          Types
          <input value={form.infraType} onChange={set("infraType")} placeholder="any" />
        </label>
        <label className="field">
          Sites
          <input value={form.site} onChange={set("site")} placeholder="any" />
        </label>
        <label className="field">
          Sensors
          <input value={form.sensorKey} onChange={set("sensorKey")} placeholder="any" />
        </label>
        <label className="field">
          Kinds
          <input value={form.kind} onChange={set("kind")} placeholder="anomaly, worker_lost, …" />
        </label>
      </div>
      <fieldset className="form-row">
        <legend>Send to</legend>
        {channels.map((c) => (
          <label key={c.id}>
            <input type="checkbox" checked={picked.has(c.id)} onChange={() => toggle(setPicked, c.id)} /> {c.name}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={cont} onChange={(e) => setCont(e.target.checked)} /> continue to later routes
        </label>
      </fieldset>
      <div className="form-row">
        <label className="field">
          Quiet from
          <input type="time" value={form.quietStart} onChange={set("quietStart")} />
        </label>
        <label className="field">
          Quiet until
          <input type="time" value={form.quietEnd} onChange={set("quietEnd")} />
        </label>
        <label className="field">
          Time zone
          <input value={form.timeZone} onChange={set("timeZone")} />
        </label>
        <label className="field">
          Escalate after (min)
          <input type="number" min={1} value={form.escalateAfter} onChange={set("escalateAfter")} />
        </label>
      </div>
      {form.escalateAfter && (
        <fieldset className="form-row">
          <legend>Escalate to</legend>
          {channels.map((c) => (
            <label key={c.id}>
              <input type="checkbox" checked={escalateTo.has(c.id)} onChange={() => toggle(setEscalateTo, c.id)} /> {c.name}
            </label>
          ))}
        </fieldset>
      )}
      <button className="primary" type="submit" disabled={save.isPending}>
        Add route
      </button>
      <FormError message={save.error && errorMessage(save.error)} />
    </form>
  );
}
