import { z } from "zod";
import { createChannel } from "../../notifications/create-channel";
import { createSilence } from "../../notifications/create-silence";
import { deleteChannel } from "../../notifications/delete-channel";
import { deleteRoute } from "../../notifications/delete-route";
import { dryRunIncident } from "../../notifications/dry-run-incident";
import { expireSilence } from "../../notifications/expire-silence";
import { listChannels } from "../../notifications/list-channels";
import { listDeliveries } from "../../notifications/list-deliveries";
import { listRoutes } from "../../notifications/list-routes";
import { listRouteMatches } from "../../notifications/list-route-matches";
import { listSilences } from "../../notifications/list-silences";
import { saveRoute } from "../../notifications/save-route";
import { sendTestNotification } from "../../notifications/send-test-notification";
import { silenceIncident } from "../../notifications/silence-incident";
import { silencedIncidents } from "../../notifications/silenced-incidents";
import { viewerProcedure } from "../trpc";
import { createChannelInput, createSilenceInput, idInput, listDeliveriesInput, saveRouteInput, silenceFromIncidentInput } from "../../notifications/schemas";
import { operatorProcedure, router, staffProcedure } from "../trpc";

export const notificationsRouter = router({
  channels: staffProcedure.query(({ ctx }) => listChannels(ctx.db)),
  createChannel: operatorProcedure.input(createChannelInput).mutation(({ ctx, input }) => createChannel(ctx.db, { input })),
  deleteChannel: operatorProcedure.input(idInput).mutation(({ ctx, input }) => deleteChannel(ctx.db, input)),
  sendTest: operatorProcedure.input(idInput).mutation(({ ctx, input }) => sendTestNotification(ctx.db, { channelId: input.id, by: ctx.user.email })),
  deliveries: staffProcedure.input(listDeliveriesInput).query(({ ctx, input }) => listDeliveries(ctx.db, input)),
  routes: staffProcedure.query(({ ctx }) => listRoutes(ctx.db)),
  saveRoute: operatorProcedure.input(saveRouteInput).mutation(({ ctx, input }) => saveRoute(ctx.db, { input })),
  deleteRoute: operatorProcedure.input(idInput).mutation(({ ctx, input }) => deleteRoute(ctx.db, input)),
  routeMatches: staffProcedure.query(({ ctx }) => listRouteMatches(ctx.db)),
  dryRun: staffProcedure.input(z.object({ incidentId: z.string().min(1).max(200) }).strict()).query(({ ctx, input }) => dryRunIncident(ctx.db, input)),
  silences: staffProcedure.query(({ ctx }) => listSilences(ctx.db)),
  createSilence: staffProcedure.input(createSilenceInput).mutation(({ ctx, input }) => createSilence(ctx.db, { input, by: ctx.user.email })),
  silenceIncident: staffProcedure.input(silenceFromIncidentInput).mutation(({ ctx, input }) => silenceIncident(ctx.db, { ...input, by: ctx.user.email })),
  silenced: viewerProcedure
    .input(z.object({ ids: z.array(z.string().min(1).max(200)).max(200) }).strict())
    .query(({ ctx, input }) => silencedIncidents(ctx.db, input)),
  expireSilence: staffProcedure.input(idInput).mutation(({ ctx, input }) => expireSilence(ctx.db, input)),
});
