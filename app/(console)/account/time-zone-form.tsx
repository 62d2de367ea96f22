"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

const BROWSER = "";

/** The zone every time in the console is shown in; "browser" keeps following the browser's. */
export function TimeZoneForm({ stored }: { stored: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.auth.setTimeZone.mutationOptions({ onSuccess: () => router.refresh() }));
  const [choice, setChoice] = useState(stored ?? BROWSER);
  const zones = useMemo(() => {
    const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    return ["UTC", ...all.filter((z) => z !== "UTC"), ...(stored && !all.includes(stored) && stored !== "UTC" ? [stored] : [])];
  }, [stored]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ timeZone: choice === BROWSER ? null : choice });
  };

  return (
    <section className="panel">
      <h2>Time zone</h2>
      <p className="muted">Every time in the console is shown in this zone; hover a time to see it in UTC. Now: <Time value={Date.now()} format="minute" /></p>
      <form onSubmit={submit} aria-label="Time zone">
        <label className="field">Time zone
          <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="time-zone-select">
            <option value={BROWSER}>Follow my browser</option>
            {zones.map((z) => <option key={z} value={z}>{z.replaceAll("_", " ")}</option>)}
          </select>
        </label>
        <button className="primary" type="submit" disabled={save.isPending}>Save time zone</button>
      </form>
      <FormError message={save.error && errorMessage(save.error)} />
      {save.data && !save.isPending && <p role="status" data-testid="time-zone-saved">Times are now shown in {save.data.timeZone ?? "your browser's zone"}.</p>}
    </section>
  );
}
