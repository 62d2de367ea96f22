import { CronExpressionParser } from "cron-parser";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { createId } from "./create-id";
import type { CreateSilenceInput } from "./schemas";

/** A silence or maintenance window; alerts under it are still recorded, only their notifications wait. */
export async function createSilence(db: Db, options: { input: CreateSilenceInput; by: string }) {
  const { input } = options;
  const startsAt = input.startsAt ?? new Date();
  if (input.endsAt <= startsAt) throw new DomainError("INVALID", "a silence must end after it starts", { field: "endsAt" });
  if (input.recurrenceCron) {
    try {
      CronExpressionParser.parse(input.recurrenceCron, { tz: input.timeZone ?? "UTC" });
    } catch {
      throw new DomainError("INVALID", "not a cron expression", { field: "recurrenceCron" });
    }
  }
  const silence = await db.notificationSilence.create({
    data: {
      id: createId("nsl"),
      kind: input.kind,
      matchers: input.matchers as object,
      startsAt,
      endsAt: input.endsAt,
      recurrenceCron: input.recurrenceCron,
      durationMinutes: input.durationMinutes,
      timeZone: input.timeZone,
      pauseJobs: input.pauseJobs,
      comment: input.comment,
      createdBy: options.by,
    },
  });
  recordChange({ targetType: "notificationSilence", targetId: silence.id, after: silence });
  return silence;
}
