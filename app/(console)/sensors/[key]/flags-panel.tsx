"use client";

import { RangesTable } from "./ranges-table";
import { useMutation } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { fromZonedInput, toZonedInput } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";

interface Flag {
  id: string;
  from: Date | string;
  to: Date | string;
  reason: string;
  createdBy: string | null;
}

export function FlagsPanel({
  sensorKey,
  flags,
  canEdit,
  onChanged,
}: {
  sensorKey: string;
  flags: Flag[];
  canEdit: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const flag = useMutation(trpc.sensors.flagRange.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.sensors.removeFlag.mutationOptions({ onSuccess: onChanged }));
  const { zone } = useTimeZone();
  // Typed in the user's zone; a broken value goes to the server as an invalid date, which says so.
  const instant = (v: FormDataEntryValue | null) => fromZonedInput(String(v ?? ""), zone) ?? new Date(NaN);
  const submit = (form: FormData) =>
    flag.mutate({ key: sensorKey, from: instant(form.get("from")), to: instant(form.get("to")), reason: String(form.get("reason") ?? "") });
  const now = Date.now();

  return (
    <section className="panel" aria-label="Flagged ranges">
      <h2>Flagged ranges</h2>
      <p className="muted">Readings in a flagged range are left out of charts, scans and reports.</p>
      <RangesTable ranges={flags} testId="flags" onRemove={canEdit ? (id) => remove.mutate({ id }) : undefined} />
      {flags.length === 0 && <p className="muted">No flagged ranges.</p>}
      {canEdit && (
        <form action={submit} className="form-row" aria-label="Flag a range">
          <label className="field">
            From
            <input name="from" type="datetime-local" defaultValue={toZonedInput(now - 3_600_000, zone)} title={`In ${zone}`} required />
          </label>
          <label className="field">
            To
            <input name="to" type="datetime-local" defaultValue={toZonedInput(now, zone)} title={`In ${zone}`} required />
          </label>
          <label className="field">
            Reason
            <input name="reason" maxLength={500} required />
          </label>
          <button className="primary" type="submit" disabled={flag.isPending}>
            Flag range
          </button>
        </form>
      )}
      <FormError message={(flag.error ?? remove.error) && errorMessage(flag.error ?? remove.error)} />
    </section>
  );
}
