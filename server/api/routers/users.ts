import { createUser } from "../../users/create-user";
import { listUsers } from "../../users/list-users";
import { resetPassword } from "../../users/reset-password";
import { createUserInput, resetPasswordInput, updateUserInput } from "../../users/schemas";
import { updateUser } from "../../users/update-user";
import { sessionIdFor } from "../../auth/session";
import { adminProcedure, adminSelfAuditedProcedure, router } from "../trpc";

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  create: adminProcedure.input(createUserInput).mutation(({ ctx, input }) => createUser(ctx.db, input)),
  resetPassword: adminSelfAuditedProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) =>
      resetPassword(ctx.db, { ...input, actor: ctx.user, actingSessionId: ctx.sessionToken && sessionIdFor(ctx.sessionToken), ip: ctx.clientIp }),
    ),
  update: adminProcedure.input(updateUserInput).mutation(({ ctx, input }) => updateUser(ctx.db, { ...input, actingUserId: ctx.user.id })),
});
