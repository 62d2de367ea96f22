import { alertsRouter } from "./routers/alerts";
import { auditRouter } from "./routers/audit";
import { coverageRouter } from "./routers/coverage";
import { deadLettersRouter } from "./routers/dead-letters";
import { exportsRouter } from "./routers/exports";
import { importsRouter } from "./routers/imports";
import { qcRouter } from "./routers/qc";
import { stationsRouter } from "./routers/stations";
import { overviewRouter } from "./routers/overview";
import { searchRouter } from "./routers/search";
import { notificationsRouter } from "./routers/notifications";
import { ingestSourcesRouter } from "./routers/ingest-sources";
import { jobsRouter } from "./routers/jobs";
import { queuesRouter } from "./routers/queues";
import { runsRouter } from "./routers/runs";
import { authRouter } from "./routers/auth";
import { reportsRouter } from "./routers/reports";
import { retentionRouter } from "./routers/retention";
import { sensorsRouter } from "./routers/sensors";
import { systemRouter } from "./routers/system";
import { telemetryRouter } from "./routers/telemetry";
import { triggersRouter } from "./routers/triggers";
import { workflowsRouter } from "./routers/workflows";
import { usersRouter } from "./routers/users";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  system: systemRouter,
  telemetry: telemetryRouter,
  retention: retentionRouter,
  audit: auditRouter,
  alerts: alertsRouter,
  sensors: sensorsRouter,
  jobs: jobsRouter,
  triggers: triggersRouter,
  workflows: workflowsRouter,
  runs: runsRouter,
  deadLetters: deadLettersRouter,
  queues: queuesRouter,
  ingestSources: ingestSourcesRouter,
  imports: importsRouter,
  stations: stationsRouter,
  qc: qcRouter,
  reports: reportsRouter,
  exports: exportsRouter,
  coverage: coverageRouter,
  notifications: notificationsRouter,
  overview: overviewRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
