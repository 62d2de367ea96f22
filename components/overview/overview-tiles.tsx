import Link from "next/link";
import { formatAge } from "@/components/sensors/format-age";
import { Time } from "@/components/ui/time";
import type { Overview } from "@/server/overview/get-overview";

type Tone = "ok" | "warn" | "bad";

/** A tile's text (its link's name) avoids the nav's labels ("Sensors", "Runs", "Reports", …), so a link found by name stays unique. */
function Tile({ href, title, tone, testId, children }: { href: string; title: string; tone: Tone; testId: string; children: React.ReactNode }) {
  return (
    <Link href={href} className={`panel tile tile-${tone}`} data-testid={testId} data-tone={tone}>
      <div className="muted">{title}</div>
      {children}
    </Link>
  );
}

const HOUR = 3_600_000;

/** The Overview's tiles: each answers one "is anything wrong?" and links to the page that explains it. */
export function OverviewTiles({ overview, isStaff, workersRunning }: { overview: Overview; isStaff: boolean; workersRunning: number }) {
  const { incidents, sensors, scans, jobs, workers, reports } = overview;
  const worstLag = scans.reduce<number | null>((worst, s) => (s.lagMs === null ? worst : Math.max(worst ?? 0, s.lagMs)), null);
  const neverRan = scans.filter((s) => s.lagMs === null).length;
  const breaches = jobs.slaBreaches.reduce((n, b) => n + b.count, 0);
  const newest = [...reports].sort((a, b) => b.windowEnd.localeCompare(a.windowEnd))[0];
  return (
    <div className="grid" style={{ marginBottom: 16 }}>
      <Tile href="/alerts" title="Open incidents" testId="tile-incidents" tone={incidents.critical.open ? "bad" : incidents.warning.open ? "warn" : "ok"}>
        <div className="stat">{incidents.critical.open + incidents.warning.open}</div>
        <div data-testid="incidents-by-severity">
          {incidents.critical.open} critical · {incidents.warning.open} warning
        </div>
        <div className="muted">{incidents.critical.acknowledged + incidents.warning.acknowledged} acknowledged</div>
      </Tile>
      <Tile href="/sensors" title="Sensor health" testId="tile-sensors" tone={sensors.totals.SILENT ? "bad" : sensors.totals.LATE ? "warn" : "ok"}>
        <div className="stat">{sensors.totals.OK + sensors.totals.LATE + sensors.totals.SILENT}</div>
        <div>
          {sensors.totals.OK} OK · {sensors.totals.LATE} late · {sensors.totals.SILENT} silent
        </div>
      </Tile>
      <Tile
        href="/coverage"
        title="Scan freshness (watermark lag)"
        testId="tile-scans"
        tone={worstLag === null ? "warn" : worstLag > HOUR ? "bad" : worstLag > 15 * 60_000 ? "warn" : "ok"}
      >
        <div className="stat">{scans.length === 0 ? "no scans" : worstLag === null ? "not run" : `${formatAge(worstLag)} behind`}</div>
        <ul className="plain" data-testid="scan-lags">
          {scans.slice(0, 4).map((s) => (
            <li key={s.scope}>
              {s.name}: {s.lagMs === null ? "never ran" : formatAge(s.lagMs)}
              {s.readingsUnavailableSince ? " (readings unavailable)" : ""}
            </li>
          ))}
          {scans.length > 4 && (
            <li className="muted">
              and {scans.length - 4} more{neverRan ? `, ${neverRan} never ran` : ""}
            </li>
          )}
        </ul>
      </Tile>
      <Tile
        href={isStaff ? "/runs?status=failed" : "/dashboard"}
        title="Work queued in the last hour"
        testId="tile-jobs"
        tone={jobs.failed || breaches ? "warn" : "ok"}
      >
        <div className="stat">{jobs.total} executions</div>
        <div>
          {jobs.failed} failed · {breaches} SLA breaches
        </div>
        {breaches > 0 && (
          <div className="muted" data-testid="sla-by-priority">
            {jobs.slaBreaches.map((b) => `${b.priority}: ${b.count}`).join(" · ")}
          </div>
        )}
      </Tile>
      {isStaff && (
        <Tile href="/dead-letters" title="Dead-letter queue" testId="tile-dead-letters" tone={jobs.deadLettersWaiting ? "bad" : "ok"}>
          <div className="stat">{jobs.deadLettersWaiting}</div>
          <div className="muted">waiting to be replayed or discarded</div>
        </Tile>
      )}
      <Tile href="/dashboard" title="Worker fleet" testId="tile-workers" tone={workersRunning === 0 ? "bad" : workers.lost ? "warn" : "ok"}>
        <div className="stat" data-testid="workers-running-count">
          {workersRunning} running
        </div>
        <div className="muted">
          {workers.lost ? `${workers.lost} lost in the last hour` : workersRunning === 0 ? "start one with npm run worker" : "all heartbeating"}
        </div>
      </Tile>
      <Tile href="/reports" title="Newest report period" testId="tile-reports" tone={newest ? "ok" : "warn"}>
        <div className="stat">{newest ? newest.resolution : "none yet"}</div>
        <div className="muted">
          {newest ? (
            <>
              <Time value={newest.windowStart} format="minute" /> – <Time value={newest.windowEnd} format="minute" />
            </>
          ) : (
            "appears after the first report job"
          )}
        </div>
      </Tile>
    </div>
  );
}
