"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC, useTRPCClient } from "@/app/_lib/trpc";

interface Pending {
  dataClass: string;
  label: string;
  days: number;
  currentDays: number;
  willRemove: number;
}

export function RetentionEditor({ canEdit, isAdmin }: { canEdit: boolean; isAdmin: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const policies = useQuery(trpc.retention.list.queryOptions());
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation(
    trpc.retention.update.mutationOptions({
      onSuccess: (result) => {
        setPending(null);
        setSaved(`${result.label}: now kept ${result.days} days.`);
        setDrafts((d) => ({ ...d, [result.dataClass]: "" }));
        return queryClient.invalidateQueries({ queryKey: trpc.retention.list.queryKey() });
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  const save = async (dataClass: string) => {
    setError(null);
    setSaved(null);
    const days = Number(drafts[dataClass]);
    try {
      const preview = await client.retention.preview.query({ dataClass, days });
      if (preview.shortening) setPending({ dataClass, label: preview.label, days, currentDays: preview.currentDays, willRemove: preview.willRemove });
      else update.mutate({ dataClass, days });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <>
      <h1>Retention</h1>
      <p className="muted">How long each class of data is kept. The daily retention purge deletes what is older, in small batches.</p>
      <FormError message={error} />
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
      {pending && (
        <div className="panel" role="dialog" aria-label="Confirm shorter retention" data-testid="confirm-retention">
          <h2>
            Shorten {pending.label} from {pending.currentDays} to {pending.days} days?
          </h2>
          <p>
            The next purge will remove <strong data-testid="will-remove">{pending.willRemove}</strong> records older than {pending.days} days. This cannot be
            undone.
          </p>
          <div className="form-row">
            <button
              className="primary danger"
              type="button"
              disabled={update.isPending}
              onClick={() => update.mutate({ dataClass: pending.dataClass, days: pending.days, confirmRemoval: true })}
            >
              Remove them and save
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <section className="panel">
        <table className="data">
          <thead>
            <tr>
              <th>Data</th>
              <th>Kept for</th>
              <th>Default</th>
              <th>Allowed</th>
              {canEdit && <th>Change</th>}
            </tr>
          </thead>
          <tbody>
            {policies.data?.map((p) => (
              <tr key={p.dataClass} data-testid={`retention-${p.dataClass}`}>
                <td>{p.label}</td>
                <td data-testid="days">{p.days} days</td>
                <td className="muted">{p.defaultDays} days</td>
                <td className="muted">
                  {p.minDays}–{p.maxDays} days
                </td>
                {canEdit && p.adminOnly && !isAdmin && <td className="muted">Administrators only</td>}
                {canEdit && (!p.adminOnly || isAdmin) && (
                  <td>
                    <div className="form-row">
                      <input
                        aria-label={`New period for ${p.label}`}
                        type="number"
                        value={drafts[p.dataClass] ?? ""}
                        placeholder={String(p.days)}
                        onChange={(e) => setDrafts({ ...drafts, [p.dataClass]: e.target.value })}
                        style={{ width: 100 }}
                      />
                      <button type="button" disabled={!drafts[p.dataClass]} onClick={() => save(p.dataClass)}>
                        Save
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
