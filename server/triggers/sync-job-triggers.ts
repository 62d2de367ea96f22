import type { Tx } from "../db";
import { createJobTrigger, deleteJobTrigger, updateJobTrigger } from "./save-job-trigger";
import type { TriggerFields } from "./schemas";
import { triggerConfigEntry, triggerToFields } from "./trigger-config";

const same = (a: TriggerFields, b: TriggerFields) => JSON.stringify(triggerConfigEntry(a)) === JSON.stringify(triggerConfigEntry(b));

/**
 * Makes a definition's triggers the given set, matched by name: new ones created (an HTTP one without a
 * token: a jobs file carries none, so it answers 401 until someone rotates its token in the console),
 * changed ones updated (keeping their tokens), missing ones deleted. Each write is audited by its service.
 */
export async function syncJobTriggers(tx: Tx, options: { definitionId: string; triggers: TriggerFields[]; changedBy: string }): Promise<number> {
  const current = await tx.jobTrigger.findMany({ where: { definitionId: options.definitionId } });
  const byName = new Map(current.map((t) => [t.name, t]));
  const wanted = new Set(options.triggers.map((t) => t.name));
  let writes = 0;
  for (const row of current) {
    if (!wanted.has(row.name)) {
      await deleteJobTrigger(tx, { id: row.id });
      writes++;
    }
  }
  for (const fields of options.triggers) {
    const row = byName.get(fields.name);
    if (!row) await createJobTrigger(tx, { definitionId: options.definitionId, fields, createdBy: options.changedBy, withToken: false });
    else if (!same(triggerToFields(row), fields)) await updateJobTrigger(tx, { id: row.id, fields });
    else continue;
    writes++;
  }
  return writes;
}
