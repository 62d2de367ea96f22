import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import type { Role } from "../auth/roles";
import { DomainError } from "../errors";
import { previewRetentionChange } from "./preview-retention-change";
import { findRetentionClass } from "./retention-classes";
import { updateRetentionPolicyInput } from "./schemas";

export type UpdateRetentionPolicyOptions = z.input<typeof updateRetentionPolicyInput> & { actingUserId: string; actingRole: Role };

/** Sets a class's period within its allowed range; shortening must be confirmed, since the next purge removes data. */
export async function updateRetentionPolicy(db: Db, options: UpdateRetentionPolicyOptions) {
  const { dataClass, days, confirmRemoval } = updateRetentionPolicyInput.parse(options);
  const rc = findRetentionClass(dataClass);
  if (rc?.adminOnly && options.actingRole !== "ADMIN")
    throw new DomainError("FORBIDDEN", `Only an administrator may change how long the ${rc.label.toLowerCase()} is kept.`);
  const preview = await previewRetentionChange(db, { dataClass, days });
  if (preview.shortening && !confirmRemoval) {
    throw new DomainError(
      "INVALID",
      `Shortening ${preview.label} to ${days} days removes ${preview.willRemove} records at the next purge: confirm to proceed.`,
      {
        field: "confirmRemoval",
        willRemove: preview.willRemove,
      },
    );
  }
  const policy = await db.retentionPolicy.upsert({
    where: { dataClass },
    create: { dataClass, days, updatedById: options.actingUserId },
    update: { days, updatedById: options.actingUserId },
  });
  recordChange({ targetType: "retentionPolicy", targetId: dataClass, before: { days: preview.currentDays }, after: { days } });
  return { ...preview, updatedAt: policy.updatedAt };
}
