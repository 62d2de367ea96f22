import { StatusBadge } from "../ui/status-badge";
import type { QueueDepth } from "@/server/queues/get-queue-depths";

const STATES = ["waiting", "prioritized", "delayed", "active", "failed"] as const;

export function QueueDepthTable({ queues }: { queues: QueueDepth[] }) {
  return (
    <table className="data" data-testid="queue-depths">
      <thead>
        <tr>
          <th>Queue</th>
          {STATES.map((s) => (
            <th key={s}>{s}</th>
          ))}
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queue}>
            <td>{q.queue}</td>
            {STATES.map((s) => (
              <td key={s} data-state={s}>
                {q.counts[s] ?? 0}
              </td>
            ))}
            <td>
              <StatusBadge tone={q.paused ? "warn" : "ok"}>{q.paused ? "paused" : "running"}</StatusBadge>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
