import { matchSubject, type NotificationSubject } from "./match-subject";
import type { Matchers } from "./schemas";

export interface RouteLike {
  id: string;
  position: number;
  enabled: boolean;
  matchers: Matchers;
  continue: boolean;
}

/** Routes in order, top-down: every matching route until the first one that says stop. */
export function routeSubject<R extends RouteLike>(routes: readonly R[], subject: NotificationSubject): R[] {
  const matched: R[] = [];
  for (const route of [...routes].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))) {
    if (!route.enabled || !matchSubject(route.matchers, subject)) continue;
    matched.push(route);
    if (!route.continue) break;
  }
  return matched;
}
