"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { DryRunSummary } from "./dry-run-summary";

export interface BackfillTarget {
  kind: "scan" | "report";
  scope: string;
  from: number;
  to: number;
  onlyStale: boolean;
}

const local = (t: number) => new Date(t).toISOString().slice(0, 16);
const parseUtc = (v: string) => Date.parse(`${v}:00Z`);

/** Dry run first, then start: the same for a "Fill" button's gaps and a hand-picked scope and range. */
export function BackfillForm({
  scopes,
  initial,
  onStarted,
}: {
  scopes: Array<{ scope: string; name: string }>;
  initial: BackfillTarget;
  onStarted: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [target, setTarget] = useState(initial);
  const [asked, setAsked] = useState<BackfillTarget | null>(initial.onlyStale ? initial : null);
  const dryRun = useQuery({
    ...trpc.coverage.dryRun.queryOptions({ ...(asked ?? initial), from: new Date((asked ?? initial).from), to: new Date((asked ?? initial).to) }),
    enabled: asked !== null,
    retry: false,
  });
  const request = useMutation(trpc.coverage.request.mutationOptions());
  const kindScope = `${target.kind}|${target.scope}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked({ ...target });
  };
  const start = async () => {
    if (!asked) return;
    const result = await request.mutateAsync({ ...asked, from: new Date(asked.from), to: new Date(asked.to) });
    setAsked(null);
    onStarted(result.backfill ? `Backfill queued (${result.chunks} ${result.chunks === 1 ? "chunk" : "chunks"}).` : "Nothing to do in this range.");
  };

  return (
    <form onSubmit={submit} data-testid="backfill-form">
      <div className="form-row">
        <label>
          Scope
          <select
            value={kindScope}
            onChange={(e) => {
              const [kind, scope] = e.target.value.split("|");
              setTarget({ ...target, kind: kind as "scan" | "report", scope });
            }}
            data-testid="backfill-scope"
          >
            {scopes.map((s) => (
              <option key={s.scope} value={`scan|${s.scope}`}>
                Scan: {s.name} ({s.scope})
              </option>
            ))}
            <option value="report|*">Reports (every group)</option>
          </select>
        </label>
        <label>
          From (UTC)
          <input
            type="datetime-local"
            value={local(target.from)}
            onChange={(e) => setTarget({ ...target, from: parseUtc(e.target.value) })}
            data-testid="backfill-from"
          />
        </label>
        <label>
          To (UTC)
          <input
            type="datetime-local"
            value={local(target.to)}
            onChange={(e) => setTarget({ ...target, to: parseUtc(e.target.value) })}
            data-testid="backfill-to"
          />
        </label>
        <label>
          <input type="checkbox" checked={target.onlyStale} onChange={(e) => setTarget({ ...target, onlyStale: e.target.checked })} /> only stale and missing
          hours
        </label>
        <button type="submit">Dry run</button>
      </div>
      {asked && dryRun.data && <DryRunSummary plan={dryRun.data} />}
      {asked && dryRun.error && <FormError message={errorMessage(dryRun.error)} />}
      {asked && dryRun.data && dryRun.data.chunks > 0 && (
        <button type="button" className="primary" onClick={() => void start().catch(() => undefined)} disabled={request.isPending} data-testid="backfill-start">
          Start backfill
        </button>
      )}
      <FormError message={request.error ? errorMessage(request.error) : null} />
    </form>
  );
}
