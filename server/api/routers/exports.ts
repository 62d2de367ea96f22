import { listReadingsExports } from "../../exports/list-readings-exports";
import { requestReadingsExport } from "../../exports/request-readings-export";
import { requestReadingsExportInput } from "../../exports/schemas";
import { router, viewerProcedure } from "../trpc";

export const exportsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listReadingsExports(ctx.db, { user: ctx.user })),
  request: viewerProcedure.input(requestReadingsExportInput).mutation(({ ctx, input }) => requestReadingsExport(ctx.db, { params: input, requestedBy: ctx.user.email })),
});
