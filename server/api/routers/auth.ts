import { loginInput, loginWithPassword } from "../../auth/login";
import { clearedSessionCookie, revokeSession, sessionCookie } from "../../auth/session";
import { publicProcedure, publicSelfAuditedProcedure, router, viewerProcedure } from "../trpc";

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
});
