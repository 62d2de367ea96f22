import { createUser } from "../../users/create-user";
import { listUsers } from "../../users/list-users";
import { createUserInput, updateUserInput } from "../../users/schemas";
import { updateUser } from "../../users/update-user";
import { adminProcedure, router } from "../trpc";

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.db, input)),
  update: adminProcedure.input(updateUserInput).mutation(({ ctx, input }) => updateUser(ctx.db, { ...input, actingUserId: ctx.user.id })),
});
