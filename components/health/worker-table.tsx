import { StatusBadge } from "../ui/status-badge";
import { Time } from "../ui/time";
import type { WorkerState } from "@/server/fleet/list-workers";

const tone = { running: "ok", stopping: "warn", lost: "bad" } as const;

export function WorkerTable({ workers }: { workers: WorkerState[] }) {
  if (workers.length === 0)
    return (
      <p className="muted">
        No worker has reported yet. Start one with <code>npm run worker</code>.
      </p>
    );
  return (
    <table className="data" data-testid="worker-table">
      <thead>
        <tr>
          <th>Worker</th>
          <th>Status</th>
          <th>Queues</th>
          <th>In flight</th>
          <th>CPU</th>
          <th>Memory</th>
          <th>Uptime</th>
          <th>Last heartbeat</th>
          <th>Version</th>
        </tr>
      </thead>
      <tbody>
        {workers.map((w) => (
          <tr key={w.id}>
            <td className="mono">
              {w.host} · pid {w.pid}
            </td>
            <td>
              <StatusBadge tone={tone[w.status]}>{w.status}</StatusBadge>
            </td>
            <td>{w.queues.join(", ")}</td>
            <td>
              {w.inFlight} / {w.concurrency}
            </td>
            <td>{w.cpuPercent} %</td>
            <td>{w.rssMb} MB</td>
            <td>{Math.floor(w.uptimeSeconds / 60)} min</td>
            <td>
              <Time value={w.at} relative />
            </td>
            <td>{w.version}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
