"use client";

import { RangesTable } from "./ranges-table";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

/** A site rule's flags are named by the rule ("rule icing"), not its id. */
const testLabel = (f: { test: string | null; params: unknown }) =>
  f.test?.startsWith("rule:") ? `rule ${String((f.params as { rule?: unknown } | null)?.rule ?? f.test.slice(5))}` : (f.test ?? "");

/** The sensor's automatic QC flags (test, version, parameters) and its manual "good" verdicts, which win over them. */
export function QcFlagsPanel({ sensorKey, canEdit, onChanged }: { sensorKey: string; canEdit: boolean; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flags = useQuery(trpc.qc.autoFlags.queryOptions({ key: sensorKey, limit: 200 }));
  const changed = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.qc.autoFlags.queryKey({ key: sensorKey, limit: 200 }) }), onChanged()]);
  const takeBack = useMutation(trpc.sensors.removeFlag.mutationOptions({ onSuccess: changed }));
  const removeOverride = useMutation(trpc.qc.removeOverride.mutationOptions({ onSuccess: changed }));
  const data = flags.data;

  return (
    <section className="panel" aria-label="Quality-control flags">
      <h2>Quality-control flags</h2>
      <p className="muted">
        Set by the QC tests configured for this quantity and point (see <a href="/qc">Quality control</a>) and by its station's site rules; their readings are
        left out like manually flagged ones. Taking one back marks its range good: QC does not flag it again until that verdict is removed.
      </p>
      {data && data.counts.length > 0 && <p data-testid="qc-counts">{data.counts.map((c) => `${c.test} ${c.severity}: ${c.count}`).join(" · ")}</p>}
      <table className="data" data-testid="qc-flags">
        <thead>
          <tr>
            <th>Test</th>
            <th>Severity</th>
            <th>From</th>
            <th>To</th>
            <th>Parameters</th>
            {canEdit && <th></th>}
          </tr>
        </thead>
        <tbody>
          {data?.flags.map((f) => (
            <tr key={f.id}>
              <td className="mono">
                {testLabel(f)} v{f.testVersion}
              </td>
              <td>{f.severity}</td>
              <td>
                <Time value={f.from} />
              </td>
              <td>
                <Time value={f.to} />
              </td>
              <td className="mono">{JSON.stringify(f.params)}</td>
              {canEdit && (
                <td>
                  <button type="button" onClick={() => takeBack.mutate({ id: f.id })} aria-label={`Take back ${testLabel(f)} flag`}>
                    Take back
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.flags.length === 0 && <p className="muted">No QC flags.</p>}
      {data?.nextCursor && <p className="muted">Showing the newest 200.</p>}
      <h3>Marked good by hand</h3>
      <RangesTable ranges={data?.overrides ?? []} testId="qc-overrides" onRemove={canEdit ? (id) => removeOverride.mutate({ id }) : undefined} />
      <FormError message={(flags.error ?? takeBack.error ?? removeOverride.error) && errorMessage(flags.error ?? takeBack.error ?? removeOverride.error)} />
    </section>
  );
}
