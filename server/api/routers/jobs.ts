import { getJobDefinition } from "../../jobs/get-job-definition";
import { listJobKinds } from "../../catalog/list-job-kinds";
import { listJobDefinitions } from "../../jobs/list-job-definitions";
import { runJobNow } from "../../jobs/run-job-now";
import { deleteJobDefinition, saveJobDefinition, setJobDefinitionEnabled } from "../../jobs/save-job-definition";
import { createJobDefinitionInput, definitionIdInput, setEnabledInput, updateJobDefinitionInput } from "../../jobs/schemas";
import { operatorProcedure, router, staffProcedure } from "../trpc";

export const jobsRouter = router({
  list: staffProcedure.query(({ ctx }) => listJobDefinitions(ctx.db)),
  kinds: staffProcedure.query(() => listJobKinds()),
  get: staffProcedure.input(definitionIdInput).query(({ ctx, input }) => getJobDefinition(ctx.db, input)),
  create: operatorProcedure.input(createJobDefinitionInput).mutation(({ ctx, input }) => saveJobDefinition(ctx.db, { fields: input, changedBy: ctx.user.email })),
  update: operatorProcedure.input(updateJobDefinitionInput).mutation(({ ctx, input }) => saveJobDefinition(ctx.db, { id: input.id, fields: input.fields, changedBy: ctx.user.email })),
  setEnabled: operatorProcedure.input(setEnabledInput).mutation(({ ctx, input }) => setJobDefinitionEnabled(ctx.db, { ...input, changedBy: ctx.user.email })),
  delete: operatorProcedure.input(definitionIdInput).mutation(({ ctx, input }) => deleteJobDefinition(ctx.db, input)),
  runNow: operatorProcedure.input(definitionIdInput).mutation(({ ctx, input }) => runJobNow(ctx.db, { id: input.id, triggeredBy: ctx.user.email })),
});
