import { getQueueDepths } from "../../queues/get-queue-depths";
import { setQueuePaused } from "../../queues/pause-queue";
import { setQueuePausedInput } from "../../queues/schemas";
import { operatorProcedure, router, staffProcedure } from "../trpc";

export const queuesRouter = router({
  list: staffProcedure.query(() => getQueueDepths()),
  setPaused: operatorProcedure.input(setQueuePausedInput).mutation(({ input }) => setQueuePaused(input)),
});
