import { AsyncLocalStorage } from "node:async_hooks";
import type { SessionUser } from "../auth/session";

export interface AuditedChange {
  targetType: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

interface AuditScope {
  changes: AuditedChange[];
  actor?: SessionUser;
  afterCommit: Array<() => Promise<unknown> | unknown>;
}

const storage = new AsyncLocalStorage<AuditScope>();

/** True inside an API mutation or a transaction opened by inTransaction. */
export function hasCommitScope(): boolean {
  return storage.getStore() !== undefined;
}

/** Runs fn with a scope in which services describe what they changed. */
export function withAuditScope<T>(fn: (scope: AuditScope) => Promise<T>): Promise<T> {
  const scope: AuditScope = { changes: [], afterCommit: [] };
  return storage.run(scope, () => fn(scope));
}

/** A service states what it changed, with before/after where it makes sense; kept in the audit row. */
export function recordChange(change: AuditedChange): void {
  storage.getStore()?.changes.push(change);
}

/** For mutations that establish who the actor is (login). */
export function identifyActor(user: SessionUser): void {
  const scope = storage.getStore();
  if (scope) scope.actor = user;
}

/**
 * Side effects outside PostgreSQL (enqueueing a job, publishing an event) must not run before the
 * change they refer to is committed; inside an API mutation they wait for the commit, elsewhere they run now.
 */
export async function afterCommit(effect: () => Promise<unknown> | unknown): Promise<void> {
  const scope = storage.getStore();
  if (scope) scope.afterCommit.push(effect);
  else await effect();
}
