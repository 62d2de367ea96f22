import { StatusBadge } from "../ui/status-badge";
import type { QueueDepth } from "@/server/queues/get-queue-depths";

/** Queues with their backlog and a pause/resume switch (shown only to those who may use it). */
export function QueueControls({
  queues,
  canEdit,
  busy,
  onSetPaused,
}: {
  queues: QueueDepth[];
  canEdit: boolean;
  busy: boolean;
  onSetPaused: (queue: string, paused: boolean) => void;
}) {
  return (
    <table className="data" data-testid="queue-controls">
      <thead>
        <tr>
          <th>Queue</th>
          <th>State</th>
          <th>Waiting</th>
          <th>Delayed</th>
          <th>Active</th>
          <th>Failed</th>
          {canEdit && <th></th>}
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queue} data-testid={`queue-${q.queue}`}>
            <td className="mono">{q.queue}</td>
            <td>
              <StatusBadge tone={q.paused ? "warn" : "ok"}>{q.paused ? "paused" : "running"}</StatusBadge>
            </td>
            <td>{(q.counts.waiting ?? 0) + (q.counts.prioritized ?? 0)}</td>
            <td>{q.counts.delayed ?? 0}</td>
            <td>{q.counts.active ?? 0}</td>
            <td>{q.counts.failed ?? 0}</td>
            {canEdit && (
              <td>
                <button type="button" disabled={busy} onClick={() => onSetPaused(q.queue, !q.paused)}>
                  {q.paused ? `Resume ${q.queue}` : `Pause ${q.queue}`}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
