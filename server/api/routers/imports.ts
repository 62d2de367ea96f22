import { createSensorImport } from "../../imports/create-sensor-import";
import { listSensorImports } from "../../imports/list-sensor-imports";
import { previewSensorImport } from "../../imports/preview-sensor-import";
import { createSensorImportInput, previewSensorImportInput } from "../../imports/schemas";
import { listIngestSourceNames } from "../../ingest/list-ingest-source-names";
import { router, staffProcedure, staffReadOnlyMutationProcedure } from "../trpc";

export const importsRouter = router({
  list: staffProcedure.query(({ ctx }) => listSensorImports(ctx.db)),
  sources: staffProcedure.query(({ ctx }) => listIngestSourceNames(ctx.db)),
  // A mutation only because the file travels in the body; it changes nothing.
  preview: staffReadOnlyMutationProcedure.input(previewSensorImportInput).mutation(({ ctx, input }) => previewSensorImport(ctx.db, input)),
  create: staffProcedure.input(createSensorImportInput).mutation(({ ctx, input }) => createSensorImport(ctx.db, { ...input, createdBy: ctx.user.email })),
});
