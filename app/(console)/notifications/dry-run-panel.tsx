"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

/** "Who would hear about this": an open incident or operational alert through the routes as they are now. */
export function DryRunPanel({ operational }: { operational: ReadonlyArray<{ id: string; kind: string; title: string; severity: string }> }) {
  const trpc = useTRPC();
  const incidents = useQuery(trpc.alerts.list.queryOptions({ status: "open", limit: 50 }));
  const [incidentId, setIncidentId] = useState("");
  const result = useQuery({ ...trpc.notifications.dryRun.queryOptions({ incidentId }), enabled: incidentId !== "" });
  return (
    <section aria-label="Who would hear about this" data-testid="dry-run">
      <h3>Who would hear about this?</h3>
      <label className="field">
        Open incident or operational alert
        <select value={incidentId} onChange={(e) => setIncidentId(e.target.value)}>
          <option value="">choose…</option>
          {operational.length > 0 && (
            <optgroup label="Operational">
              {operational.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.kind} · {o.title} · {o.severity}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label="Anomaly incidents">
            {(incidents.data?.incidents ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.sensorKey} · {i.severity}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <FormError message={result.error && errorMessage(result.error)} />
      {result.data && (
        <ul>
          {result.data.silencedBy && (
            <li>
              {result.data.silencedBy.kind === "maintenance" ? "Held by a maintenance window" : "Silenced"} until <Time value={result.data.silencedBy.endsAt} />{" "}
              ({result.data.silencedBy.comment}): nothing is sent.
            </li>
          )}
          {result.data.routes.length === 0 && <li>No route matches: nobody hears about it.</li>}
          {result.data.routes.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong> → {r.channels.map((c) => `${c!.name} (${c!.type})`).join(", ")}
              {r.heldUntil && (
                <>
                  {" "}
                  · held by quiet hours until <Time value={r.heldUntil} />
                </>
              )}
              {r.escalation && (
                <>
                  {" "}
                  · after {r.escalation.afterMinutes} min unacknowledged → {r.escalation.channels.map((c) => c!.name).join(", ")}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
