"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

function recoveryClass(percent: number): string {
  return percent >= 90 ? "badge ok" : percent >= 50 ? "badge warn" : "badge bad";
}

/** Data recovery rate (%) per point per UTC day: records present / records the averaging period allows. */
export function RecoveryTable({ stationId, refreshKey }: { stationId: string; refreshKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const recovery = useQuery(trpc.stations.recovery.queryOptions({ id: stationId, days: 14 }));
  // A file finishing changes the figures: read them again whenever an import's status moves.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey changing (an import moved) is the trigger
  useEffect(
    () => void queryClient.invalidateQueries({ queryKey: trpc.stations.recovery.queryKey({ id: stationId, days: 14 }) }),
    [refreshKey, stationId, queryClient, trpc],
  );
  const r = recovery.data;
  return (
    <section className="panel">
      <h2>Data recovery by day</h2>
      <FormError message={recovery.error && errorMessage(recovery.error)} />
      {r && r.points.length === 0 && <p className="muted">No readings yet.</p>}
      {r && r.points.length > 0 && (
        <div style={{ overflowX: "auto" }}>
          <table className="data" data-testid="station-recovery">
            <thead>
              <tr>
                <th>Point</th>
                <th>Period</th>
                {r.days.map((d) => (
                  <th key={d}>{d.slice(5)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.points.map((p) => (
                <tr key={p.pointId} data-testid={`recovery-${p.name}`}>
                  <td>{p.name}</td>
                  <td data-testid="recovery-total">{p.percent}%</td>
                  {p.days.map((d, i) => (
                    <td key={r.days[i]} data-testid={`recovery-${r.days[i]}`} title={`${d.count} of ${p.expectedPerDay} records`}>
                      {d.count ? <span className={recoveryClass(d.percent)}>{d.percent}%</span> : <span className="muted">0%</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
