import { applyJobsConfig } from "../../jobs/apply-jobs-config";
import { exportJobsConfig } from "../../jobs/export-jobs-config";
import { getJobDefinition } from "../../jobs/get-job-definition";
import { listJobKinds } from "../../catalog/list-job-kinds";
import { listJobDefinitions } from "../../jobs/list-job-definitions";
import { runJobNow } from "../../jobs/run-job-now";
import { deleteJobDefinition, saveJobDefinition, setJobDefinitionEnabled } from "../../jobs/save-job-definition";
import { createJobDefinitionInput, definitionIdInput, jobsConfigInput, runNowInput, setEnabledInput, updateJobDefinitionInput } from "../../jobs/schemas";
import { operatorProcedure, operatorReadOnlyMutationProcedure, operatorSelfAuditedProcedure, router, staffProcedure } from "../trpc";

export const jobsRouter = router({
  list: staffProcedure.query(({ ctx }) => listJobDefinitions(ctx.db)),
  kinds: staffProcedure.query(() => listJobKinds()),
  get: staffProcedure.input(definitionIdInput).query(({ ctx, input }) => getJobDefinition(ctx.db, input)),
  create: operatorProcedure
    .input(createJobDefinitionInput)
    .mutation(({ ctx, input }) => saveJobDefinition(ctx.db, { fields: input, changedBy: ctx.user.email })),
  update: operatorProcedure
    .input(updateJobDefinitionInput)
    .mutation(({ ctx, input }) => saveJobDefinition(ctx.db, { id: input.id, fields: input.fields, changedBy: ctx.user.email })),
  setEnabled: operatorProcedure.input(setEnabledInput).mutation(({ ctx, input }) => setJobDefinitionEnabled(ctx.db, { ...input, changedBy: ctx.user.email })),
  delete: operatorProcedure.input(definitionIdInput).mutation(({ ctx, input }) => deleteJobDefinition(ctx.db, input)),
  exportConfig: staffProcedure.query(({ ctx }) => exportJobsConfig(ctx.db)),
  // A mutation only because a file is too large for a query's URL; it writes nothing.
  previewConfig: operatorReadOnlyMutationProcedure
    .input(jobsConfigInput)
    .mutation(({ ctx, input }) =>
      applyJobsConfig(ctx.db, { text: input.yaml, prune: input.prune, dryRun: true, actor: ctx.user, source: "console", clientIp: ctx.clientIp }),
    ),
  applyConfig: operatorSelfAuditedProcedure.input(jobsConfigInput).mutation(({ ctx, input }) =>
    applyJobsConfig(ctx.db, {
      text: input.yaml,
      prune: input.prune,
      dryRun: false,
      actor: ctx.user,
      source: "console",
      clientIp: ctx.clientIp,
      expectedBasis: input.basis,
    }),
  ),
  runNow: operatorProcedure
    .input(runNowInput)
    .mutation(({ ctx, input }) => runJobNow(ctx.db, { id: input.id, deadlineMs: input.deadlineMs, triggeredBy: ctx.user.email })),
});
