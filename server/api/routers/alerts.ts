import { changeIncidentStatus } from "../../alerts/change-incident-status";
import { getAlertIncident, listAlertIncidents } from "../../alerts/list-alert-incidents";
import { evaluateLabelledIncidentsIn } from "../../alerts/evaluate-labelled-incidents";
import { labelIncident } from "../../alerts/label-incident";
import { incidentIdInput, labelIncidentInput, listIncidentsInput } from "../../alerts/schemas";
import { notFound } from "../../errors";
import { router, staffProcedure, viewerProcedure } from "../trpc";

export const alertsRouter = router({
  list: viewerProcedure.input(listIncidentsInput).query(({ ctx, input }) => listAlertIncidents(ctx.db, input)),
  get: viewerProcedure.input(incidentIdInput).query(async ({ ctx, input }) => (await getAlertIncident(ctx.db, input.id)) ?? Promise.reject(notFound("Alert"))),
  acknowledge: staffProcedure
    .input(incidentIdInput)
    .mutation(({ ctx, input }) => changeIncidentStatus(ctx.db, { id: input.id, action: "acknowledge", by: ctx.user.email })),
  label: staffProcedure.input(labelIncidentInput).mutation(({ ctx, input }) => labelIncident(ctx.db, { id: input.id, label: input.label, by: ctx.user.email })),
  labelStats: viewerProcedure.query(({ ctx }) => evaluateLabelledIncidentsIn(ctx.db)),
  resolve: staffProcedure
    .input(incidentIdInput)
    .mutation(({ ctx, input }) => changeIncidentStatus(ctx.db, { id: input.id, action: "resolve", by: ctx.user.email })),
});
