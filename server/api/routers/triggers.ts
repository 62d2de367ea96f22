import { describeTriggerEvents } from "../../triggers/describe-trigger-events";
import { listJobTriggers, listTriggerFirings } from "../../triggers/list-job-triggers";
import { createJobTrigger, deleteJobTrigger, rotateJobTriggerToken, setJobTriggerEnabled, updateJobTrigger } from "../../triggers/save-job-trigger";
import { createTriggerInput, listFiringsInput, listTriggersInput, setTriggerEnabledInput, triggerIdInput, updateTriggerInput } from "../../triggers/schemas";
import { operatorProcedure, router, staffProcedure } from "../trpc";

export const triggersRouter = router({
  events: staffProcedure.query(() => describeTriggerEvents()),
  list: staffProcedure.input(listTriggersInput).query(({ ctx, input }) => listJobTriggers(ctx.db, input)),
  firings: staffProcedure.input(listFiringsInput).query(({ ctx, input }) => listTriggerFirings(ctx.db, input)),
  create: operatorProcedure.input(createTriggerInput).mutation(({ ctx, input }) => createJobTrigger(ctx.db, { ...input, createdBy: ctx.user.email })),
  update: operatorProcedure.input(updateTriggerInput).mutation(({ ctx, input }) => updateJobTrigger(ctx.db, input)),
  setEnabled: operatorProcedure.input(setTriggerEnabledInput).mutation(({ ctx, input }) => setJobTriggerEnabled(ctx.db, input)),
  delete: operatorProcedure.input(triggerIdInput).mutation(({ ctx, input }) => deleteJobTrigger(ctx.db, input)),
  rotateToken: operatorProcedure.input(triggerIdInput).mutation(({ ctx, input }) => rotateJobTriggerToken(ctx.db, input)),
});
