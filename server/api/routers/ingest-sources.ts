import { createIngestSource } from "../../ingest/create-ingest-source";
import { listIngestSources } from "../../ingest/list-ingest-sources";
import { revokeIngestSource } from "../../ingest/revoke-ingest-source";
import { createIngestSourceInput, revokeIngestSourceInput } from "../../ingest/schemas";
import { adminProcedure, router } from "../trpc";

export const ingestSourcesRouter = router({
  list: adminProcedure.query(({ ctx }) => listIngestSources(ctx.db)),
  create: adminProcedure.input(createIngestSourceInput).mutation(({ ctx, input }) => createIngestSource(ctx.db, { ...input, createdBy: ctx.user.email })),
  revoke: adminProcedure.input(revokeIngestSourceInput).mutation(({ ctx, input }) => revokeIngestSource(ctx.db, input)),
});
