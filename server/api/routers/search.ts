import { consoleSearchInput } from "../../search/schemas";
import { searchConsole } from "../../search/search-console";
import { router, viewerProcedure } from "../trpc";

export const searchRouter = router({
  /** The command palette (Ctrl/Cmd-K); what it finds depends on the caller's role. */
  query: viewerProcedure.input(consoleSearchInput).query(({ ctx, input }) => searchConsole(ctx.db, ctx.user.role, input)),
});
