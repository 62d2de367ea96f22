import { compareReportPeriods } from "../../reports/compare-report-periods";
import { getReportSeries } from "../../reports/get-report-series";
import { getReportsOverview } from "../../reports/get-reports-overview";
import { listReports } from "../../reports/list-reports";
import { compareReportsInput, reportSeriesInput, reportsOverviewInput, reportTableInput } from "../../reports/schemas";
import { router, viewerProcedure } from "../trpc";
import { readFromReplica } from "../../read-replica/read-from-replica";

export const reportsRouter = router({
  overview: viewerProcedure.input(reportsOverviewInput).query(({ input }) => readFromReplica((replica) => getReportsOverview(replica, input))),
  series: viewerProcedure.input(reportSeriesInput).query(({ input }) => readFromReplica((replica) => getReportSeries(replica, input))),
  table: viewerProcedure.input(reportTableInput).query(({ input }) => readFromReplica((replica) => listReports(replica, input))),
  compare: viewerProcedure.input(compareReportsInput).query(({ input }) => readFromReplica((replica) => compareReportPeriods(replica, input))),
});
