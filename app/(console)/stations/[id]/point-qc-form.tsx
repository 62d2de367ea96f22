"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { parseJson } from "../../qc/parse-json";

/** A point's own QC test settings, over its quantity's default (merged test by test, parameter by parameter). */
export function PointQcForm({ points }: { points: Array<{ id: string; name: string }> }) {
  const trpc = useTRPC();
  const [pointId, setPointId] = useState(points[0]?.id ?? "");
  const [text, setText] = useState("{}");
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useMutation(trpc.qc.setPointConfig.mutationOptions());
  const submit = () => {
    setLocalError(null);
    save.reset();
    const parsed = parseJson(text);
    if (parsed.error) return setLocalError(parsed.error);
    save.mutate({ pointId, tests: parsed.value as never });
  };
  const name = points.find((p) => p.id === pointId)?.name;
  return (
    <details style={{ marginTop: 12 }}>
      <summary>Set a point&apos;s QC tests</summary>
      <form action={submit} className="form-row" aria-label="Set a point's QC tests">
        <label className="field">
          Point
          <select value={pointId} onChange={(e) => setPointId(e.target.value)}>
            {points.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Tests (JSON, e.g. {`{"gross_range": {"params": {"failMax": 40}}}`})
          <textarea rows={4} cols={60} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={save.isPending}>
          Save point tests
        </button>
      </form>
      {save.data && (
        <p className="notice" role="status">
          Saved {name}&apos;s tests; its last year is being re-evaluated. The Quality control page lists every point&apos;s settings.
        </p>
      )}
      <FormError message={localError ?? (save.error ? errorMessage(save.error) : null)} />
    </details>
  );
}
