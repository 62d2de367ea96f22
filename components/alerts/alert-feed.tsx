import { StatusBadge, type Tone } from "../ui/status-badge";
import { Time } from "@/components/ui/time";

export interface AlertFeedItem {
  id: string;
  severity: "critical" | "warning" | "info";
  title: string;
  sensorKey?: string;
  at: string;
}

const tone: Record<AlertFeedItem["severity"], Tone> = { critical: "bad", warning: "warn", info: "neutral" };

export function AlertFeed({ alerts }: { alerts: AlertFeedItem[] }) {
  if (alerts.length === 0) return <p className="muted">No new alerts since this page opened.</p>;
  return (
    <ul className="feed" data-testid="alert-feed">
      {alerts.map((a) => (
        <li key={a.id} data-severity={a.severity}>
          <StatusBadge tone={tone[a.severity]}>{a.severity}</StatusBadge> <strong>{a.title}</strong>
          {a.sensorKey && <span className="muted mono"> {a.sensorKey}</span>}
          <span className="muted">
            {" "}
            · <Time value={a.at} relative />
          </span>
        </li>
      ))}
    </ul>
  );
}
