import { loginInput, loginWithPassword } from "../../auth/login";
import { changePassword } from "../../auth/change-password";
import { clearedSessionCookie, revokeSession, sessionCookie, sessionIdFor } from "../../auth/session";
import { changePasswordInput } from "../../auth/schemas";
import { setTimeZone } from "../../users/set-time-zone";
import { setTimeZoneInput } from "../../users/time-zone-schema";
import { publicProcedure, publicSelfAuditedProcedure, router, viewerProcedure, viewerSelfAuditedProcedure } from "../trpc";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),
  login: publicSelfAuditedProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const { user, token, expiresAt } = await loginWithPassword(ctx.db, { ...input, ip: ctx.clientIp, userAgent: ctx.userAgent });
    ctx.resHeaders?.append("set-cookie", sessionCookie(token, expiresAt));
    return user;
  }),
  logout: viewerProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await revokeSession(ctx.db, ctx.sessionToken);
    ctx.resHeaders?.append("set-cookie", clearedSessionCookie());
    return { ok: true };
  }),
  changePassword: viewerSelfAuditedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) =>
      changePassword(ctx.db, { ...input, user: ctx.user, currentSessionId: ctx.sessionToken && sessionIdFor(ctx.sessionToken), ip: ctx.clientIp }),
    ),
  setTimeZone: viewerProcedure.input(setTimeZoneInput).mutation(({ ctx, input }) => setTimeZone(ctx.db, { ...input, userId: ctx.user.id })),
});
