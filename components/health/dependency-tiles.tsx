import { StatusBadge } from "../ui/status-badge";
import type { DependencyHealth } from "@/server/health/check-health";

export type DependencyTile = DependencyHealth & { name: string };

export function DependencyTiles({ dependencies }: { dependencies: DependencyTile[] }) {
  return (
    <div className="grid">
      {dependencies.map((dep) => (
        <div className="panel" key={dep.name} data-testid={`dependency-${dep.name}`}>
          <div className="topbar" style={{ marginBottom: 4 }}>
            <strong>{dep.name}</strong>
            <StatusBadge tone={dep.ok ? "ok" : "bad"}>{dep.ok ? "up" : "down"}</StatusBadge>
          </div>
          <div className="muted">{dep.ok ? (dep.detail ?? `${dep.latencyMs} ms`) : dep.error}</div>
        </div>
      ))}
    </div>
  );
}
