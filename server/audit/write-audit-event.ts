import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import { redactSecrets } from "./redact-secrets";
import type { AuditedChange } from "./audit-scope";

/** Who acted: a signed-in user, or a named non-user actor (`cli:alice@host`) with no id or role. */
export type AuditActor = Pick<SessionUser, "email"> & Partial<Pick<SessionUser, "id" | "role">>;

export interface WriteAuditEventOptions {
  action: string;
  actor: AuditActor | null;
  clientIp?: string;
  input?: unknown;
  changes: AuditedChange[];
  /** Used as the target when no service described its change. */
  result?: unknown;
}

function fallbackTarget(action: string, result: unknown): AuditedChange[] {
  const id = typeof result === "object" && result !== null && "id" in result ? String((result as { id: unknown }).id) : undefined;
  return [{ targetType: action.split(".")[0], targetId: id }];
}

/** One row per changed target, written with the caller's db (the mutation's transaction). */
export async function writeAuditEvent(db: Db, options: WriteAuditEventOptions): Promise<void> {
  const changes = options.changes.length ? options.changes : fallbackTarget(options.action, options.result);
  const input = options.input === undefined ? undefined : (redactSecrets(options.input) as object);
  await db.auditEvent.createMany({
    data: changes.map((change) => ({
      action: options.action,
      actorId: options.actor?.id,
      actorEmail: options.actor?.email,
      actorRole: options.actor?.role,
      targetType: change.targetType,
      targetId: change.targetId,
      before: change.before === undefined ? undefined : (redactSecrets(change.before) as object),
      after: change.after === undefined ? undefined : (redactSecrets(change.after) as object),
      input,
      clientIp: options.clientIp,
    })),
  });
}
