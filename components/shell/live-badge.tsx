import type { LiveStatus } from "@/app/_lib/live";
import { StatusBadge } from "../ui/status-badge";

const labels: Record<LiveStatus, { tone: "ok" | "warn" | "bad"; text: string }> = {
  live: { tone: "ok", text: "Live" },
  connecting: { tone: "warn", text: "Connecting…" },
  reconnecting: { tone: "warn", text: "Reconnecting…" },
  refused: { tone: "bad", text: "Live updates refused: sign in again" },
};

export function LiveBadge({ status }: { status: LiveStatus }) {
  const { tone, text } = labels[status];
  return (
    <span data-testid="live-status" data-status={status}>
      <StatusBadge tone={tone}>{text}</StatusBadge>
    </span>
  );
}
