"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { useHydrated } from "@/components/ui/use-hydrated";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

const BROWSER = "";
// Browsers' ICU still lists some zones under their old IANA names; offer the names people know (both work).
const currentNames: Record<string, string> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Europe/Kiev": "Europe/Kyiv",
  "Africa/Asmera": "Africa/Asmara",
  "America/Godthab": "America/Nuuk",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Pacific/Truk": "Pacific/Chuuk",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Enderbury": "Pacific/Kanton",
};

const withStored = (zones: string[], stored: string | null) => (stored && !zones.includes(stored) ? [...zones, stored] : zones);

/** The zone every time in the console is shown in; "browser" keeps following the browser's. */
export function TimeZoneForm({ stored }: { stored: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.auth.setTimeZone.mutationOptions({ onSuccess: () => router.refresh() }));
  const [choice, setChoice] = useState(stored ?? BROWSER);
  // A choice made before hydration would be reset to the server-rendered one and the old zone saved.
  const hydrated = useHydrated();
  // The browser's own list, filled in after hydration: the server's ICU lists other zones, and the two must not differ on first paint.
  const [zones, setZones] = useState<string[]>(() => withStored(["UTC"], stored));
  useEffect(() => {
    const all = (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []).map((z) => currentNames[z] ?? z).sort();
    setZones(withStored(["UTC", ...all.filter((z) => z !== "UTC")], stored));
  }, [stored]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ timeZone: choice === BROWSER ? null : choice });
  };

  return (
    <section className="panel">
      <h2>Time zone</h2>
      <p className="muted">
        Every time in the console is shown in this zone; hover a time to see it in UTC. Now: <Time value={Date.now()} format="minute" />
      </p>
      <form onSubmit={submit} aria-label="Time zone">
        <label className="field">
          Time zone
          <select value={choice} disabled={!hydrated} onChange={(e) => setChoice(e.target.value)} data-testid="time-zone-select">
            <option value={BROWSER}>Follow my browser</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" type="submit" disabled={!hydrated || save.isPending}>
          Save time zone
        </button>
      </form>
      <FormError message={save.error && errorMessage(save.error)} />
      {save.data && !save.isPending && (
        <p role="status" data-testid="time-zone-saved">
          Times are now shown in {save.data.timeZone ?? "your browser's zone"}.
        </p>
      )}
    </section>
  );
}
