import { getOverview } from "../../overview/get-overview";
import { router, viewerProcedure } from "../trpc";

export const overviewRouter = router({
  get: viewerProcedure.query(({ ctx }) => getOverview(ctx.db, ctx.user.role)),
});
