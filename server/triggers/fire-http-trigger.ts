import { randomUUID } from "node:crypto";
import { writeAuditEvent } from "../audit/write-audit-event";
import { inTransaction, type Db } from "../db";
import type { JobTriggerFiring } from "../db/generated/client";
import { DomainError } from "../errors";
import { tokenMatchesHash } from "../http/bearer-token";
import { logger } from "../logger";
import { fireTrigger } from "./fire-trigger";

/** The largest body a trigger call may send. */
export const TRIGGER_MAX_BODY_BYTES = 16 * 1024;

// Compared against when the trigger does not exist, so an unknown id costs what a wrong token does.
const NO_HASH = "0".repeat(64);

export interface FireHttpTriggerOptions {
  triggerId: string;
  token: string | null;
  fields: Record<string, unknown>;
  /** At most one firing per key and trigger; absent: every call is its own. */
  idempotencyKey?: string;
  bodySha256: string;
  clientIp?: string;
}

export type FireHttpTriggerResult = { ok: false; code: "UNAUTHORIZED" | "DISABLED" } | { ok: true; firing: JobTriggerFiring; replayed: boolean };

/**
 * An HTTP trigger's call: its bearer token checked in constant time against the stored SHA-256, then one
 * firing (started, debounced, waiting, dropped or invalid) with its audit row in one transaction. The same
 * Idempotency-Key again returns the first firing; with another body it is a CONFLICT.
 */
export async function fireHttpTrigger(db: Db, options: FireHttpTriggerOptions): Promise<FireHttpTriggerResult> {
  const trigger = await db.jobTrigger.findUnique({ where: { id: options.triggerId }, include: { definition: true } });
  const hash = trigger?.event === "http" ? trigger.tokenHash : null;
  const matches = tokenMatchesHash(options.token ?? "", hash ?? NO_HASH) && options.token !== null && hash !== null;
  if (!trigger || !matches) {
    logger.warn(
      {
        event: "triggers.fire_refused",
        triggerId: options.triggerId.slice(0, 64),
        clientIp: options.clientIp,
        reason: options.token ? "wrong token" : "no token",
      },
      "trigger call refused",
    );
    return { ok: false, code: "UNAUTHORIZED" };
  }
  if (!trigger.enabled) return { ok: false, code: "DISABLED" };
  const dedupeKey = options.idempotencyKey ? `http:key:${options.idempotencyKey}` : `http:${randomUUID()}`;
  return inTransaction(db, async (tx) => {
    const { firing, replayed } = await fireTrigger(tx, {
      trigger,
      event: { kind: "http", fields: options.fields, dedupeKey, depth: 0, bodySha256: options.bodySha256 },
    });
    if (replayed) {
      if (firing.bodySha256 !== options.bodySha256)
        throw new DomainError("CONFLICT", "This Idempotency-Key was used with another body; use a new key for a new call.", { field: "Idempotency-Key" });
      return { ok: true as const, firing, replayed };
    }
    await writeAuditEvent(tx, {
      action: "triggers.fire",
      actor: { email: `trigger:${trigger.name}` },
      clientIp: options.clientIp,
      input: { fields: options.fields, idempotencyKey: options.idempotencyKey ?? null },
      changes: [
        { targetType: "jobTrigger", targetId: trigger.id, after: { firingId: firing.id, outcome: firing.outcome, runId: firing.runId, reason: firing.reason } },
      ],
    });
    return { ok: true as const, firing, replayed };
  });
}
