import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const tones: Record<string, Tone> = { OK: "ok", LATE: "warn", SILENT: "bad" };

export function SensorStatusBadge({ status }: { status: string }) {
  return <StatusBadge tone={tones[status] ?? "neutral"}>{status}</StatusBadge>;
}
