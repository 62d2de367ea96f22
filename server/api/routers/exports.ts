import { listReadingsExports, listStationExports } from "../../exports/list-readings-exports";
import { requestReadingsExport } from "../../exports/request-readings-export";
import { requestStationExport } from "../../exports/request-station-export";
import { requestReadingsExportInput } from "../../exports/schemas";
import { requestStationExportInput, stationExportsListInput } from "../../exports/station-export-schemas";
import { router, viewerProcedure } from "../trpc";

export const exportsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listReadingsExports(ctx.db, { user: ctx.user })),
  request: viewerProcedure
    .input(requestReadingsExportInput)
    .mutation(({ ctx, input }) => requestReadingsExport(ctx.db, { params: input, requestedBy: ctx.user.email })),
  listStation: viewerProcedure
    .input(stationExportsListInput)
    .query(({ ctx, input }) => listStationExports(ctx.db, { user: ctx.user, stationId: input.stationId })),
  requestStation: viewerProcedure
    .input(requestStationExportInput)
    .mutation(({ ctx, input }) => requestStationExport(ctx.db, { params: input, requestedBy: ctx.user.email })),
});
