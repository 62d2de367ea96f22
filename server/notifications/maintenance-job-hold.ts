import type { Db } from "../db";
import { silenceActiveAt, silenceActiveUntil } from "./active-silence";
import { jobScopeKeys, type Matchers } from "./schemas";

export interface MaintenanceHold {
  windowId: string;
  comment: string;
  /** When the window's current occurrence ends: the job is due again then. */
  until: number;
}

type Scope = Partial<Record<(typeof jobScopeKeys)[number], string[]>>;

/** What a job is scoped to, from its params of the same names (region, infraType, quantity, site, sensorKey / sensorKeys). */
export function jobScope(params: unknown): Scope {
  const p = (params ?? {}) as Record<string, unknown>;
  const scope: Scope = {};
  for (const key of jobScopeKeys) {
    const value = p[key];
    if (typeof value === "string") scope[key] = [value];
  }
  if (Array.isArray(p.sensorKeys)) scope.sensorKey = [...(scope.sensorKey ?? []), ...p.sensorKeys.filter((k): k is string => typeof k === "string")];
  return scope;
}

/**
 * Whether a window holds a job of this scope: the window names at least one scope key, and the job is
 * scoped by every one it names, to one of its values (a job over the whole fleet is not the window's).
 */
export function windowHoldsScope(matchers: Matchers, scope: Scope): boolean {
  const keys = jobScopeKeys.filter((k) => (matchers[k]?.length ?? 0) > 0);
  return keys.length > 0 && keys.every((k) => (scope[k] ?? []).some((v) => matchers[k]!.includes(v)));
}

const CACHE_MS = 1_000;
let cache:
  | {
      at: number;
      windows: Array<{
        id: string;
        matchers: Matchers;
        startsAt: Date;
        endsAt: Date;
        recurrenceCron: string | null;
        durationMinutes: number | null;
        timeZone: string | null;
        comment: string;
      }>;
    }
  | undefined;

/**
 * The maintenance window that holds a job with these params now, if any: windows with "pause jobs" on,
 * read at most once a second per process (a job starts, at worst, a second into a new window).
 */
export async function maintenanceHoldFor(db: Db, options: { params: unknown; now?: number }): Promise<MaintenanceHold | null> {
  const scope = jobScope(options.params);
  // A run scoped to nothing (fleet-wide, a delivery) is never a window's: no query.
  if (Object.keys(scope).length === 0) return null;
  const now = options.now ?? Date.now();
  if (!cache || now - cache.at >= CACHE_MS || now < cache.at) {
    const rows = await db.notificationSilence.findMany({
      where: { kind: "maintenance", pauseJobs: true, startsAt: { lte: new Date(now) }, endsAt: { gt: new Date(now) } },
      orderBy: { startsAt: "asc" },
    });
    cache = { at: now, windows: rows.map((r) => ({ ...r, matchers: r.matchers as Matchers })) };
  }
  const window = cache.windows.find((w) => silenceActiveAt(w, now) && windowHoldsScope(w.matchers, scope));
  return window ? { windowId: window.id, comment: window.comment, until: silenceActiveUntil(window, now) } : null;
}
