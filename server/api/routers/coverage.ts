import { cancelBackfill } from "../../coverage/cancel-backfill";
import { confirmBackfill } from "../../coverage/confirm-backfill";
import { getCoverageOverview } from "../../coverage/get-coverage-overview";
import { getSensorCoverage } from "../../coverage/get-sensor-coverage";
import { listBackfills } from "../../coverage/list-backfills";
import { planBackfill } from "../../coverage/plan-backfill";
import { requestBackfill } from "../../coverage/request-backfill";
import { backfillIdInput, backfillRequestInput, coverageOverviewInput, sensorCoverageInput } from "../../coverage/schemas";
import { router, staffProcedure, viewerProcedure } from "../trpc";

const range = (input: { from: Date; to: Date }) => ({ from: input.from.getTime(), to: input.to.getTime() });

export const coverageRouter = router({
  overview: viewerProcedure.input(coverageOverviewInput).query(({ ctx, input }) => getCoverageOverview(ctx.db, range(input))),
  sensor: viewerProcedure.input(sensorCoverageInput).query(({ ctx, input }) => getSensorCoverage(ctx.db, input)),
  backfills: staffProcedure.query(({ ctx }) => listBackfills(ctx.db)),
  dryRun: staffProcedure.input(backfillRequestInput).query(async ({ ctx, input }) => {
    const { params: _params, ...plan } = await planBackfill(ctx.db, { ...input, ...range(input) });
    return { ...plan, chunks: plan.chunks.length };
  }),
  request: staffProcedure.input(backfillRequestInput).mutation(async ({ ctx, input }) => {
    const { backfill, plan } = await requestBackfill(ctx.db, { ...input, ...range(input), trigger: "manual", requestedBy: ctx.user.email });
    return { backfill, chunks: plan.chunks.length };
  }),
  confirm: staffProcedure.input(backfillIdInput).mutation(({ ctx, input }) => confirmBackfill(ctx.db, { id: input.id, by: ctx.user.email })),
  cancel: staffProcedure.input(backfillIdInput).mutation(({ ctx, input }) => cancelBackfill(ctx.db, input)),
});
