import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

export interface Mute {
  kind: string;
  comment: string;
  endsAt: Date | string;
}

/** "silenced" (a silence) or "held" (a maintenance window, quiet hours), with what holds it and until when. */
export function MuteBadge({ mute, released = false }: { mute: Mute; released?: boolean }) {
  const label = mute.kind === "silence" ? "silenced" : "held";
  const by = mute.kind === "quiet_hours" ? "quiet hours" : mute.kind === "maintenance" ? `maintenance: ${mute.comment}` : mute.comment;
  if (released)
    return (
      <div className="muted" data-testid="mute-badge">
        {label} by {by}, released
      </div>
    );
  return (
    <div data-testid="mute-badge">
      <StatusBadge tone="warn">{label}</StatusBadge>{" "}
      <span className="muted">
        {by} · until <Time value={mute.endsAt} />
      </span>
    </div>
  );
}
