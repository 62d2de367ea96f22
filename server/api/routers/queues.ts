import { z } from "zod";
import { setQueuePaused } from "../../queues/pause-queue";
import { operatorProcedure, router } from "../trpc";

export const queuesRouter = router({
  setPaused: operatorProcedure.input(z.object({ queue: z.string().min(1).max(64), paused: z.boolean() })).mutation(({ input }) => setQueuePaused(input)),
});
