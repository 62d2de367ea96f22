import { createLogger } from "../../stations/create-logger";
import { createStation } from "../../stations/create-station";
import { exportStationTask43 } from "../../stations/export-station-task43";
import { getStation } from "../../stations/get-station";
import { importStationTask43 } from "../../stations/import-station-task43";
import { importLoggerFile } from "../../stations/import-logger-file";
import { listStations } from "../../stations/list-stations";
import { previewLoggerFile } from "../../stations/preview-logger-file";
import {
  createLoggerInput,
  createStationInput,
  decideLoggerColumnsInput,
  importIdInput,
  loggerFileInput,
  setPointConfigInput,
  stationIdInput,
  stationRecoveryInput,
} from "../../stations/schemas";
import { replaceFileConflicts } from "../../stations/replace-file-conflicts";
import { setPointConfig } from "../../stations/set-point-config";
import { settleLoggerColumns } from "../../stations/settle-logger-columns";
import { stationRecovery } from "../../stations/station-recovery";
import { importTask43Input } from "../../stations/task43-schema";
import { operatorProcedure, router, staffProcedure, staffReadOnlyMutationProcedure, viewerProcedure } from "../trpc";

export const stationsRouter = router({
  list: viewerProcedure.query(({ ctx }) => listStations(ctx.db)),
  get: viewerProcedure.input(stationIdInput).query(({ ctx, input }) => getStation(ctx.db, input)),
  recovery: viewerProcedure.input(stationRecoveryInput).query(({ ctx, input }) => stationRecovery(ctx.db, input)),
  create: operatorProcedure.input(createStationInput).mutation(({ ctx, input }) => createStation(ctx.db, { ...input, createdBy: ctx.user.email })),
  createLogger: operatorProcedure.input(createLoggerInput).mutation(({ ctx, input }) => createLogger(ctx.db, input)),
  // A mutation only because the file travels in the body; it changes nothing.
  previewFile: staffReadOnlyMutationProcedure.input(loggerFileInput).mutation(({ ctx, input }) => previewLoggerFile(ctx.db, input)),
  importFile: staffProcedure.input(loggerFileInput).mutation(({ ctx, input }) => importLoggerFile(ctx.db, { ...input, createdBy: ctx.user.email })),
  replaceConflicts: staffProcedure.input(importIdInput).mutation(({ ctx, input }) => replaceFileConflicts(ctx.db, { ...input, createdBy: ctx.user.email })),
  setPointConfig: staffProcedure.input(setPointConfigInput).mutation(({ ctx, input }) => setPointConfig(ctx.db, { ...input, by: ctx.user.email })),
  exportTask43: viewerProcedure
    .input(stationIdInput)
    .query(({ ctx, input }) => exportStationTask43(ctx.db, { id: input.id, author: ctx.user.name || ctx.user.email })),
  // Without apply it only previews; with it, one transaction.
  importTask43: operatorProcedure.input(importTask43Input).mutation(({ ctx, input }) => importStationTask43(ctx.db, { ...input, by: ctx.user.email })),
  decideColumns: staffProcedure
    .input(decideLoggerColumnsInput)
    .mutation(({ ctx, input }) => settleLoggerColumns(ctx.db, { ...input, createdBy: ctx.user.email })),
});
