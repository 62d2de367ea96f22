import { StatusBadge, type Tone } from "../ui/status-badge";

const tones: Record<string, Tone> = { succeeded: "ok", running: "warn", queued: "neutral", failed: "bad", dead: "bad", cancelled: "neutral" };

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="run-status" data-status={status}>
      <StatusBadge tone={tones[status] ?? "neutral"}>{status}</StatusBadge>
    </span>
  );
}
