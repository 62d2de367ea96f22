"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { BrushRange } from "@/components/charts/time-brush";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

/**
 * What to do with a range brushed on one or several points' charts: flag it with a reason, or take the
 * flags there back (people's flags are cut, QC's get a "good" verdict). The points are the caller's.
 */
export function BrushFlagForm({
  range,
  sensorKeys,
  onDone,
  onClear,
}: {
  range: BrushRange | null;
  sensorKeys: string[];
  onDone: (text: string) => Promise<unknown>;
  onClear: () => void;
}) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const finish = (text: string) => {
    setReason("");
    onClear();
    return onDone(text);
  };
  const flag = useMutation(trpc.sensors.flagPoints.mutationOptions({ onSuccess: (r) => finish(`Flagged the range on ${r.flagged.length} point(s).`) }));
  const unflag = useMutation(
    trpc.sensors.unflagPoints.mutationOptions({
      onSuccess: (r) => finish(`Took back ${r.manualFlagsCut} flag(s) and ${r.autoFlagsCut} QC flag(s) in the range.`),
    }),
  );
  if (!range)
    return (
      <p className="muted" data-testid="brush-hint">
        Drag across a chart (or focus it and use Shift with the arrow keys) to choose a range to flag or unflag.
      </p>
    );
  const input = { keys: sensorKeys, from: new Date(range.from), to: new Date(range.to), reason };
  const busy = flag.isPending || unflag.isPending;
  return (
    <form
      className="panel form-row"
      aria-label="Flag the chosen range"
      data-testid="brush-form"
      onSubmit={(e) => {
        e.preventDefault();
        flag.mutate(input);
      }}
    >
      <span data-testid="brush-range">
        <Time value={range.from} /> – <Time value={range.to} /> on {sensorKeys.length} point(s)
      </span>
      <label className="field">
        Reason
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. icing, maintenance" />
      </label>
      <button type="submit" className="primary" disabled={busy || !reason.trim() || sensorKeys.length === 0}>
        Flag range
      </button>
      <button type="button" disabled={busy || !reason.trim() || sensorKeys.length === 0} onClick={() => unflag.mutate(input)}>
        Unflag range
      </button>
      <button type="button" onClick={onClear}>
        Clear
      </button>
      <FormError message={(flag.error ?? unflag.error) && errorMessage(flag.error ?? unflag.error)} />
    </form>
  );
}
