import { listDeadLetterGroups, listDeadLetters } from "../../dead-letters/list-dead-letters";
import { discardDeadLetters, replayDeadLetters } from "../../dead-letters/replay-dead-letters";
import { deadLetterFilterInput, deadLetterSelectionInput, discardDeadLettersInput, listDeadLettersInput } from "../../dead-letters/schemas";
import { engineerProcedure, router, staffProcedure } from "../trpc";

export const deadLettersRouter = router({
  list: staffProcedure.input(listDeadLettersInput).query(({ ctx, input }) => listDeadLetters(ctx.db, input)),
  groups: staffProcedure.input(deadLetterFilterInput).query(({ ctx, input }) => listDeadLetterGroups(ctx.db, input)),
  replay: engineerProcedure
    .input(deadLetterSelectionInput)
    .mutation(({ ctx, input }) => replayDeadLetters(ctx.db, { selection: input, triggeredBy: ctx.user.email })),
  discard: engineerProcedure.input(discardDeadLettersInput).mutation(({ ctx, input }) => discardDeadLetters(ctx.db, { ...input, by: ctx.user.email })),
});
