import Link from "next/link";
import { RunStatusBadge } from "./run-status-badge";
import { Time } from "@/components/ui/time";

export interface DeadLetterView {
  id: string;
  runId: string;
  jobName: string | null;
  kind: string;
  params: unknown;
  lastError: string;
  attempts: number;
  createdAt: Date | string;
  replayRun: { id: string; status: string } | null;
  discardedAt: Date | string | null;
  discardedBy: string | null;
  discardReason: string | null;
  run: { errors: unknown };
}

/** One dead letter: what failed and how, its payload and every attempt's error, and what became of it. */
export function DeadLetterRow({ letter, selected, onToggle, open }: { letter: DeadLetterView; selected?: boolean; onToggle?: () => void; open?: boolean }) {
  const attempts = (letter.run.errors as Array<{ attempt: number; at: string; message: string }>) ?? [];
  return (
    <tr data-testid={`dead-letter-${letter.id}`} className={open ? "focused" : undefined}>
      {onToggle && <td><input type="checkbox" aria-label={`Select dead letter ${letter.id}`} checked={selected} disabled={Boolean(letter.replayRun || letter.discardedAt)} onChange={onToggle} /></td>}
      <td>{letter.jobName ?? "–"}<div className="muted mono">{letter.kind}</div></td>
      <td>
        <span className="mono">{letter.lastError}</span>
        <details open={open}>
          <summary>payload and {attempts.length} attempt(s)</summary>
          <pre className="mono">{JSON.stringify(letter.params, null, 2)}</pre>
          <ol>{attempts.map((a, i) => <li key={i}><Time className="muted" value={a.at} /> attempt {a.attempt}: <span className="mono">{a.message}</span></li>)}</ol>
        </details>
      </td>
      <td>{letter.attempts}</td>
      <td className="muted"><Time value={letter.createdAt} /></td>
      <td><Link className="mono" href={`/runs/${letter.runId}`}>{letter.runId.slice(0, 16)}…</Link></td>
      <td data-testid="letter-state">
        {letter.replayRun ? (
          <>replayed as <Link className="mono" href={`/runs/${letter.replayRun.id}`}>{letter.replayRun.id.slice(0, 16)}…</Link> <RunStatusBadge status={letter.replayRun.status} /></>
        ) : letter.discardedAt ? (
          <>discarded by {letter.discardedBy}: <em>{letter.discardReason}</em></>
        ) : (
          "pending"
        )}
      </td>
    </tr>
  );
}
