import { z } from "zod";
import { getWorkflowRun, listWorkflowRuns } from "../../workflows/get-workflow-run";
import { retryWorkflowNode } from "../../workflows/retry-node";
import { getJobDependencies, setJobDependencies } from "../../workflows/save-dependencies";
import { listWorkflowRunsInput, retryNodeInput, setDependenciesInput, workflowRunIdInput } from "../../workflows/schemas";
import { engineerProcedure, operatorProcedure, router, staffProcedure } from "../trpc";

export const workflowsRouter = router({
  dependencies: staffProcedure
    .input(z.object({ definitionId: z.string().min(1).max(64) }).strict())
    .query(({ ctx, input }) => getJobDependencies(ctx.db, input)),
  setDependencies: operatorProcedure.input(setDependenciesInput).mutation(({ ctx, input }) => setJobDependencies(ctx.db, input)),
  list: staffProcedure.input(listWorkflowRunsInput).query(({ ctx, input }) => listWorkflowRuns(ctx.db, input)),
  get: staffProcedure.input(workflowRunIdInput).query(({ ctx, input }) => getWorkflowRun(ctx.db, input)),
  retryNode: engineerProcedure.input(retryNodeInput).mutation(({ ctx, input }) => retryWorkflowNode(ctx.db, { ...input, triggeredBy: ctx.user.email })),
});
