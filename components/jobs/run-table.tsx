import Link from "next/link";
import { formatDuration, runDuration } from "./format";
import { PriorityBadge } from "./priority-badge";
import { RunStatusBadge } from "./run-status-badge";
import { Time } from "@/components/ui/time";

export interface RunRow {
  id: string;
  jobName: string | null;
  kind: string;
  priority: "P0" | "P1" | "P2" | "P3" | "P4";
  status: string;
  trigger: string;
  triggeredBy: string | null;
  queuedAt: Date | string;
  startedAt: Date | string | null;
  finishedAt: Date | string | null;
  attempts: number;
  definitionId: string | null;
  definitionVersion: number | null;
}

/** Runs, newest first; with `selected` it shows checkboxes for bulk actions. */
export function RunTable({ runs, selected, onToggle, onToggleAll, showJob = true }: {
  runs: RunRow[];
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  onToggleAll?: (checked: boolean) => void;
  showJob?: boolean;
}) {
  const selectable = Boolean(selected && onToggle);
  return (
    <table className="data" data-testid="runs-table">
      <thead>
        <tr>
          {selectable && (
            <th><input type="checkbox" aria-label="Select all runs" checked={runs.length > 0 && runs.every((r) => selected!.has(r.id))} onChange={(e) => onToggleAll?.(e.target.checked)} /></th>
          )}
          <th>Run</th>{showJob && <th>Job</th>}<th>Status</th><th>Priority</th><th>Trigger</th><th>Queued</th><th>Duration</th><th>Attempts</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid={`run-${run.id}`}>
            {selectable && <td><input type="checkbox" aria-label={`Select ${run.id}`} checked={selected!.has(run.id)} onChange={() => onToggle!(run.id)} /></td>}
            <td className="mono"><Link href={`/runs/${run.id}`}>{run.id.slice(0, 16)}…</Link></td>
            {showJob && (
              <td>
                {run.definitionId ? <Link href={`/jobs/${run.definitionId}`}>{run.jobName ?? run.kind}</Link> : (run.jobName ?? "–")}
                <div className="muted mono">{run.kind}{run.definitionVersion ? ` · v${run.definitionVersion}` : ""}</div>
              </td>
            )}
            <td><RunStatusBadge status={run.status} /></td>
            <td><PriorityBadge priority={run.priority} /></td>
            <td>{run.trigger}<div className="muted">{run.triggeredBy ?? ""}</div></td>
            <td className="muted"><Time value={run.queuedAt} relative /></td>
            <td>{formatDuration(runDuration(run))}</td>
            <td>{run.attempts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
