import { notFound } from "../../errors";
import { cancelRuns } from "../../runs/cancel-runs";
import { getRun, listRuns } from "../../runs/list-runs";
import { rerunRuns } from "../../runs/rerun-runs";
import { listRunsInput, rerunInput, runIdInput, runIdsInput } from "../../runs/schemas";
import { engineerProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

export const runsRouter = router({
  list: viewerProcedure.input(listRunsInput).query(({ ctx, input }) => listRuns(ctx.db, input)),
  get: viewerProcedure.input(runIdInput).query(async ({ ctx, input }) => (await getRun(ctx.db, input.id)) ?? Promise.reject(notFound("Run"))),
  cancel: operatorProcedure.input(runIdsInput).mutation(({ ctx, input }) => cancelRuns(ctx.db, input)),
  rerun: engineerProcedure.input(rerunInput).mutation(({ ctx, input }) => rerunRuns(ctx.db, { ...input, triggeredBy: ctx.user.email })),
});
