import { compareReportPeriods } from "../../reports/compare-report-periods";
import { getReportSeries } from "../../reports/get-report-series";
import { getReportsOverview } from "../../reports/get-reports-overview";
import { listReports } from "../../reports/list-reports";
import { compareReportsInput, reportSeriesInput, reportsOverviewInput, reportTableInput } from "../../reports/schemas";
import { router, viewerProcedure } from "../trpc";

export const reportsRouter = router({
  overview: viewerProcedure.input(reportsOverviewInput).query(({ ctx, input }) => getReportsOverview(ctx.db, input)),
  series: viewerProcedure.input(reportSeriesInput).query(({ ctx, input }) => getReportSeries(ctx.db, input)),
  table: viewerProcedure.input(reportTableInput).query(({ ctx, input }) => listReports(ctx.db, input)),
  compare: viewerProcedure.input(compareReportsInput).query(({ ctx, input }) => compareReportPeriods(ctx.db, input)),
});
