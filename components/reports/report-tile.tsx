import Link from "next/link";
import type { ReportTile as ReportTileData } from "@/server/reports/get-reports-overview";
import { formatPercent } from "./format";

/** One (type, region) group's latest report, coloured by its health; links to the group's page. */
export function ReportTile({ tile }: { tile: ReportTileData }) {
  const href = `/reports/${encodeURIComponent(tile.infraType)}/${encodeURIComponent(tile.region)}`;
  return (
    <Link href={href} className={`panel tile tile-${tile.health}`} data-testid={`tile-${tile.infraType}-${tile.region}`} data-health={tile.health}>
      <div className="muted">{tile.infraType}</div>
      <h2>{tile.region}</h2>
      <div className="stat" data-testid="completeness">
        {formatPercent(tile.completeness)}
      </div>
      <div className="muted">
        complete · {tile.sensorCount} sensors ({tile.sensorsOk} ok, {tile.sensorsLate} late, {tile.sensorsSilent} silent)
      </div>
      <div data-testid="alerts">
        <span className={`badge ${tile.alertsCritical ? "bad" : ""}`}>{tile.alertsCritical} critical</span>{" "}
        <span className={`badge ${tile.alertsWarning ? "warn" : ""}`}>{tile.alertsWarning} warning</span>
      </div>
    </Link>
  );
}
