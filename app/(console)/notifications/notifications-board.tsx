"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MuteBadge } from "@/components/notifications/mute-badge";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { ChannelForm } from "./channel-form";
import { DryRunPanel } from "./dry-run-panel";
import { RouteForm } from "./route-form";
import { SilenceForm } from "./silence-form";
import { Time } from "@/components/ui/time";

const list = (values?: readonly string[]) => (values?.length ? values.join(", ") : "any");
const tone = (status: string) =>
  status === "sent" ? "ok" : status === "failed" ? "bad" : status === "suppressed" || status === "held" || status === "silenced" ? "warn" : "neutral";

type RouteMatch = {
  total: number;
  incidents: Array<{ id: string; kind: string; title: string; sensorKey: string | null; severity: string; status: string; silencedBy: string | null }>;
};

function RouteMatches({ match, enabled }: { match?: RouteMatch; enabled: boolean }) {
  if (!enabled) return <span className="muted">off</span>;
  if (!match || match.total === 0) return <span className="muted">none</span>;
  return (
    <>
      <div>{match.total} open</div>
      <ul className="plain">
        {match.incidents.map((i) => (
          <li key={i.id} data-testid="route-match">
            {i.kind !== "anomaly" && (
              <>
                <span className="mono">{i.kind}</span>{" "}
              </>
            )}
            {i.kind === "anomaly" && i.sensorKey ? (
              <a href={`/sensors/${encodeURIComponent(i.sensorKey)}`} className="mono">
                {i.sensorKey}
              </a>
            ) : (
              <span>{i.title}</span>
            )}{" "}
            <StatusBadge tone={i.severity === "critical" ? "bad" : "warn"}>{i.severity}</StatusBadge>
            {i.status === "acknowledged" && <span className="muted"> acknowledged</span>}
            {i.silencedBy && (
              <>
                {" "}
                <StatusBadge tone="warn">silenced</StatusBadge> <span className="muted">{i.silencedBy}</span>
              </>
            )}
          </li>
        ))}
      </ul>
      {match.total > match.incidents.length && <div className="muted">and {match.total - match.incidents.length} more</div>}
    </>
  );
}

export function NotificationsBoard({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [historyOf, setHistoryOf] = useState<string | undefined>(undefined);
  const channels = useQuery(trpc.notifications.channels.queryOptions(undefined, { refetchInterval: 5_000 }));
  const routes = useQuery(trpc.notifications.routes.queryOptions());
  const silences = useQuery(trpc.notifications.silences.queryOptions());
  // Each route's open incidents: refetched on every incident event of the alerts topic (and now and then
  // for incidents a scan resolved, which is not announced).
  const matches = useQuery(trpc.notifications.routeMatches.queryOptions(undefined, { refetchInterval: 30_000 }));
  const refetchMatches = () => void queryClient.invalidateQueries({ queryKey: trpc.notifications.routeMatches.queryKey() });
  useLiveEvent("alerts", "alert:new", refetchMatches, refetchMatches);
  useLiveEvent("alerts", "alert:status", refetchMatches);
  const matchesOf = new Map((matches.data?.routes ?? []).map((m) => [m.routeId, m]));
  // Deliveries change as workers send them: poll while the page is open.
  const deliveries = useQuery(trpc.notifications.deliveries.queryOptions({ channelId: historyOf, limit: 50 }, { refetchInterval: 2_000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const sendTest = useMutation(trpc.notifications.sendTest.mutationOptions({ onSuccess: refresh }));
  const deleteChannel = useMutation(trpc.notifications.deleteChannel.mutationOptions({ onSuccess: refresh }));
  const deleteRoute = useMutation(trpc.notifications.deleteRoute.mutationOptions({ onSuccess: refresh }));
  const expire = useMutation(trpc.notifications.expireSilence.mutationOptions({ onSuccess: refresh }));
  const names = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  const error = sendTest.error ?? deleteChannel.error ?? deleteRoute.error ?? expire.error;

  return (
    <>
      <h1>Notifications</h1>
      <FormError message={error && errorMessage(error)} />

      <section className="panel" aria-label="Channels">
        <h2>Channels</h2>
        <table className="data" data-testid="channels-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Sends to</th>
              <th>Health</th>
              <th>Rate limit</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {(channels.data ?? []).map((c) => {
              const settings = c.settings as { to?: string[]; target?: string };
              return (
                <tr key={c.id} data-testid={`channel-${c.name}`}>
                  <td>{c.name}</td>
                  <td>{c.type}</td>
                  <td className="mono">{settings.to?.join(", ") ?? settings.target}</td>
                  <td>
                    {c.failing ? (
                      <StatusBadge tone="bad">failing</StatusBadge>
                    ) : c.lastSuccessAt ? (
                      <StatusBadge tone="ok">ok</StatusBadge>
                    ) : (
                      <StatusBadge tone="neutral">unused</StatusBadge>
                    )}
                    {c.lastError && <div className="muted">{c.lastError}</div>}
                  </td>
                  <td>{c.rateLimitPerMinute}/min</td>
                  <td>
                    <button type="button" onClick={() => setHistoryOf(historyOf === c.id ? undefined : c.id)}>
                      {historyOf === c.id ? "All history" : "History"}
                    </button>{" "}
                    {canManage && (
                      <button type="button" onClick={() => sendTest.mutate({ id: c.id })}>
                        Send test
                      </button>
                    )}{" "}
                    {canManage && (
                      <button type="button" onClick={() => deleteChannel.mutate({ id: c.id })}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {channels.data?.length === 0 && <p className="muted">No channels yet.</p>}
        {canManage && <ChannelForm onSaved={refresh} />}
      </section>

      <section className="panel" aria-label="Delivery history">
        <h2>Delivery history{historyOf ? `: ${names.get(historyOf) ?? ""}` : ""}</h2>
        <table className="data" data-testid="deliveries-table">
          <thead>
            <tr>
              <th>Queued</th>
              <th>Channel</th>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Sent</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {(deliveries.data ?? []).map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td className="muted">
                  <Time value={d.createdAt} />
                </td>
                <td>{d.channel.name}</td>
                <td className="mono">{d.event}</td>
                <td>
                  {d.status === "silenced" && d.silence ? (
                    <MuteBadge mute={d.silence} />
                  ) : d.status === "held" && d.notBefore ? (
                    <MuteBadge mute={{ kind: d.event === "digest" ? "digest" : "quiet_hours", comment: "the rate limit's digest", endsAt: d.notBefore }} />
                  ) : (
                    <StatusBadge tone={tone(d.status)}>{d.status}</StatusBadge>
                  )}
                  {d.silence && d.status !== "silenced" && <MuteBadge mute={d.silence} released />}
                </td>
                <td>{d.attempts}</td>
                <td className="muted">
                  <Time value={d.sentAt} />
                </td>
                <td className="muted">
                  {d.lastError ?? ""}
                  {d.runId && (
                    <>
                      {" "}
                      <a href={`/runs/${d.runId}`}>run</a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {deliveries.data?.length === 0 && <p className="muted">Nothing sent yet.</p>}
      </section>

      <section className="panel" aria-label="Routes">
        <h2>Routes</h2>
        <p className="muted">Evaluated top-down; a route that does not continue stops the walk.</p>
        <table className="data" data-testid="routes-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Name</th>
              <th>Matches</th>
              <th>Channels</th>
              <th>Then</th>
              <th>Quiet hours</th>
              <th>Escalation</th>
              <th>Open incidents now</th>
              {canManage && <th></th>}
            </tr>
          </thead>
          <tbody>
            {(routes.data ?? []).map((r) => {
              const m = r.matchers as Record<string, string[] | undefined>;
              const quiet = r.quietHours as { start: string; end: string; timeZone: string } | null;
              return (
                <tr key={r.id} data-testid={`route-${r.name}`}>
                  <td>{r.position}</td>
                  <td>
                    {r.name}
                    {!r.enabled && <span className="muted"> (off)</span>}
                  </td>
                  <td className="mono">
                    {Object.entries(m)
                      .filter(([, v]) => v?.length)
                      .map(([k, v]) => `${k}=${list(v)}`)
                      .join(" · ") || "everything"}
                  </td>
                  <td>{r.channelIds.map((id) => names.get(id) ?? id).join(", ")}</td>
                  <td>{r.continue ? "continue" : "stop"}</td>
                  <td>{quiet ? `${quiet.start}–${quiet.end} ${quiet.timeZone}` : "–"}</td>
                  <td>
                    {r.escalateAfterMinutes ? `after ${r.escalateAfterMinutes} min → ${r.escalateChannelIds.map((id) => names.get(id) ?? id).join(", ")}` : "–"}
                  </td>
                  <td data-testid="route-matches">
                    <RouteMatches match={matchesOf.get(r.id)} enabled={r.enabled} />
                  </td>
                  {canManage && (
                    <td>
                      <button type="button" onClick={() => deleteRoute.mutate({ id: r.id })}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {routes.data?.length === 0 && <p className="muted">No routes: nothing is sent.</p>}
        {canManage && <RouteForm channels={channels.data ?? []} nextPosition={(routes.data?.at(-1)?.position ?? -1) + 1} onSaved={refresh} />}
        <DryRunPanel operational={matches.data?.operational ?? []} />
      </section>

      <section className="panel" aria-label="Silences and maintenance windows">
        <h2>Silences and maintenance windows</h2>
        <table className="data" data-testid="silences-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Matches</th>
              <th>From</th>
              <th>Until</th>
              <th>Comment</th>
              <th>Now</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {(silences.data ?? []).map((s) => (
              <tr key={s.id} data-testid="silence-row">
                <td>
                  {s.kind}
                  {s.recurrenceCron && (
                    <div className="muted mono">
                      {s.recurrenceCron} · {s.durationMinutes} min · {s.timeZone}
                    </div>
                  )}
                  {s.pauseJobs && <div className="muted">pauses jobs</div>}
                </td>
                <td className="mono">
                  {Object.entries(s.matchers)
                    .filter(([, v]) => v?.length)
                    .map(([k, v]) => `${k}=${list(v as string[])}`)
                    .join(" · ")}
                </td>
                <td className="muted">
                  <Time value={s.startsAt} />
                </td>
                <td className="muted">
                  <Time value={s.endsAt} />
                </td>
                <td>
                  {s.comment}
                  <div className="muted">{s.createdBy}</div>
                </td>
                <td>{s.activeNow ? <StatusBadge tone="warn">muting</StatusBadge> : <StatusBadge tone="neutral">idle</StatusBadge>}</td>
                <td>
                  {new Date(s.endsAt) > new Date() && (
                    <button type="button" onClick={() => expire.mutate({ id: s.id })}>
                      End now
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <SilenceForm onSaved={refresh} />
      </section>
    </>
  );
}
