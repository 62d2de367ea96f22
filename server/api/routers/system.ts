import { checkHealth } from "../../health/check-health";
import { router, viewerProcedure } from "../trpc";

export const systemRouter = router({
  health: viewerProcedure.query(() => checkHealth()),
});
