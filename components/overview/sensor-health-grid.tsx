import Link from "next/link";
import type { Overview } from "@/server/overview/get-overview";

type Grid = Overview["sensors"];
const statuses = ["OK", "LATE", "SILENT"] as const;

const sensorsHref = (filter: Record<string, string>) => `/sensors?${new URLSearchParams(filter).toString()}`;

/** Region × infrastructure type; each count links to the sensor list filtered to exactly those sensors. */
export function SensorHealthGrid({ grid }: { grid: Grid }) {
  if (grid.cells.length === 0)
    return (
      <p className="muted">
        No sensors registered yet. Register one on the <Link href="/sensors">Sensors</Link> page or run <code>npm run simulate</code>.
      </p>
    );
  const byKey = new Map(grid.cells.map((c) => [`${c.region}\u0000${c.infraType}`, c]));
  const cell = (region: string, infraType: string) => byKey.get(`${region}\u0000${infraType}`);
  return (
    <div className="table-scroll">
      <table className="data sensor-grid" data-testid="sensor-health-grid">
        <caption className="muted">Sensors OK / LATE / SILENT; each number opens the filtered sensor list.</caption>
        <thead>
          <tr>
            <th scope="col">Region</th>
            {grid.infraTypes.map((t) => (
              <th scope="col" key={t}>
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.regions.map((region) => (
            <tr key={region}>
              <th scope="row">{region}</th>
              {grid.infraTypes.map((infraType) => {
                const c = cell(region, infraType);
                if (!c)
                  return (
                    <td key={infraType} className="muted">
                      —
                    </td>
                  );
                return (
                  <td key={infraType} data-testid={`grid-${region}-${infraType}`}>
                    {statuses.map((status, i) => (
                      <span key={status}>
                        {i > 0 && " / "}
                        <Link
                          href={sensorsHref({ region, infraType, status })}
                          className={`grid-count ${c.counts[status] > 0 && status !== "OK" ? (status === "SILENT" ? "bad" : "warn") : ""}`}
                          aria-label={`${c.counts[status]} ${status}, ${infraType} in ${region}`}
                        >
                          {c.counts[status]}
                        </Link>
                      </span>
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {grid.moreRegions > 0 && (
        <p className="muted">
          {grid.moreRegions} more regions with fewer late and silent sensors are not shown: see the <Link href="/sensors">full sensor list</Link>.
        </p>
      )}
    </div>
  );
}
