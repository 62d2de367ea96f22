import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";
import { runPolicyOf } from "../queues/run-policy";
import { deadLetterWhere } from "./list-dead-letters";
import { deadLetterSelectionInput } from "./schemas";

async function selectLetters(db: Db, selection: z.infer<typeof deadLetterSelectionInput>) {
  const where = "ids" in selection ? { id: { in: selection.ids } } : deadLetterWhere({ ...selection.filter, state: "pending" });
  return db.deadLetter.findMany({ where, include: { run: { include: { definition: true } } }, take: 1_000 });
}

/** Runs dead letters again, once each: a letter already replayed or discarded is refused. */
export async function replayDeadLetters(db: Db, options: { selection: z.input<typeof deadLetterSelectionInput>; triggeredBy: string }) {
  const letters = await selectLetters(db, deadLetterSelectionInput.parse(options.selection));
  const done = letters.filter((l) => l.replayRunId || l.discardedAt);
  if (done.length)
    throw new DomainError("CONFLICT", `Already ${done[0].replayRunId ? "replayed" : "discarded"}: ${done.map((l) => l.id).join(", ")}`, {
      ids: done.map((l) => l.id),
    });
  const replayed = [];
  for (const letter of letters) {
    const def = letter.run.definition;
    const run = await enqueueRun(db, {
      kind: letter.kind,
      params: letter.params as Record<string, unknown>,
      priority: letter.run.priority,
      ...runPolicyOf(letter.run),
      trigger: "replay",
      triggeredBy: options.triggeredBy,
      definitionId: letter.definitionId ?? undefined,
      definitionVersion: def?.version,
      jobName: letter.jobName ?? letter.run.jobName ?? undefined,
    });
    // The conditional update is the guard against two replays racing: only one can claim the letter.
    const claimed = await db.deadLetter.updateMany({
      where: { id: letter.id, replayRunId: null, discardedAt: null },
      data: { replayRunId: run.id, replayedAt: new Date(), replayedBy: options.triggeredBy },
    });
    if (claimed.count !== 1) throw new DomainError("CONFLICT", `Dead letter ${letter.id} was replayed meanwhile.`);
    replayed.push({ deadLetterId: letter.id, runId: run.id });
  }
  recordChange({ targetType: "deadLetter", targetId: letters.map((l) => l.id).join(","), after: { replayed } });
  return { replayed };
}

export async function discardDeadLetters(db: Db, options: { selection: z.input<typeof deadLetterSelectionInput>; reason: string; by: string }) {
  const letters = await selectLetters(db, deadLetterSelectionInput.parse(options.selection));
  const ids = letters.filter((l) => !l.replayRunId && !l.discardedAt).map((l) => l.id);
  await db.deadLetter.updateMany({ where: { id: { in: ids } }, data: { discardedAt: new Date(), discardedBy: options.by, discardReason: options.reason } });
  recordChange({ targetType: "deadLetter", targetId: ids.join(","), after: { discarded: ids.length, reason: options.reason } });
  return { discarded: ids.length };
}
