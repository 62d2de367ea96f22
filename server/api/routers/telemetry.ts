import { listWorkers } from "../../fleet/list-workers";
import { getQueueDepths } from "../../queues/get-queue-depths";
import { getJobThroughput, getReportThroughput } from "../../telemetry/get-job-throughput";
import { getSlaBreaches } from "../../telemetry/get-sla-breaches";
import { throughputInput } from "../../telemetry/schemas";
import { router, staffProcedure, viewerProcedure } from "../trpc";

export const telemetryRouter = router({
  workers: staffProcedure.query(() => listWorkers()),
  queueDepths: staffProcedure.query(() => getQueueDepths()),
  throughput: staffProcedure.input(throughputInput).query(({ ctx, input }) => getJobThroughput(ctx.db, input)),
  slaBreaches: staffProcedure.input(throughputInput).query(({ ctx, input }) => getSlaBreaches(ctx.db, input)),
  reportThroughput: viewerProcedure.input(throughputInput).query(({ ctx, input }) => getReportThroughput(ctx.db, input)),
});
