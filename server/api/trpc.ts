import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { resolveSession, readSessionToken, type SessionUser } from "../auth/session";
import { roleGroups, type RoleGroup } from "../auth/roles";
import { withAuditScope } from "../audit/audit-scope";
import { writeAuditEvent } from "../audit/write-audit-event";
import { db, inTransaction, type Db } from "../db";
import { DomainError, type DomainErrorCode } from "../errors";
import { logger } from "../logger";

export interface Context {
  db: Db;
  user: SessionUser | null;
  sessionToken?: string;
  clientIp?: string;
  userAgent?: string;
  /** Response headers the fetch adapter sends back (used for Set-Cookie). */
  resHeaders?: Headers;
}

/** Header the custom server sets from the socket address; any client-sent copy is overwritten. */
export const CLIENT_IP_HEADER = "x-gristmill-client-ip";

export async function createContext(opts: { req: Request; resHeaders?: Headers }): Promise<Context> {
  const sessionToken = readSessionToken(opts.req.headers.get("cookie"));
  return {
    db,
    user: await resolveSession(db, sessionToken),
    sessionToken,
    clientIp: opts.req.headers.get(CLIENT_IP_HEADER) ?? undefined,
    userAgent: opts.req.headers.get("user-agent") ?? undefined,
    resHeaders: opts.resHeaders,
  };
}

/** Declared on every procedure: who may call it. The access test reads it. */
export interface ProcedureMeta {
  access: RoleGroup | "public";
}

const codeMap: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHORIZED: "UNAUTHORIZED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          stack: undefined,
          fieldErrors: cause instanceof ZodError ? cause.flatten().fieldErrors : undefined,
          details: cause instanceof DomainError ? cause.details : undefined,
        },
      };
    },
  });

/** Turns domain errors into tRPC errors in one place; everything else is logged as a bug. */
const mapErrors = t.middleware(async ({ next, path, type }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      throw new TRPCError({ code: codeMap[cause.code], message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      const first = cause.issues[0];
      const message = first ? `${first.path.join(".") || "input"}: ${first.message}` : "Invalid input";
      throw new TRPCError({ code: "BAD_REQUEST", message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ event: "trpc.error", path, type, err: cause ?? result.error }, "procedure failed");
    }
  }
  return result;
});

/** Carries a failed result out of the transaction so the transaction rolls back. */
class RolledBack extends Error {
  constructor(readonly result: unknown) {
    super("mutation failed; transaction rolled back");
  }
}

/**
 * Every mutation runs in one transaction with its audit row: both are written, or neither.
 * Services get the transaction as ctx.db; effects outside PostgreSQL wait for the commit (afterCommit).
 */
export const auditMutations = t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
  if (type !== "mutation") return next();
  return withAuditScope(async (scope) => {
    let result;
    try {
      result = await inTransaction(ctx.db, async (tx) => {
        const outcome = await next({ ctx: { ...ctx, db: tx } });
        if (!outcome.ok) throw new RolledBack(outcome);
        await writeAuditEvent(tx, {
          action: path,
          actor: scope.actor ?? ctx.user,
          clientIp: ctx.clientIp,
          input: await getRawInput(),
          changes: scope.changes,
          result: outcome.data,
        });
        return outcome;
      });
    } catch (err) {
      if (err instanceof RolledBack) return err.result as typeof result & object;
      throw err;
    }
    for (const effect of scope.afterCommit) {
      try {
        await effect();
      } catch (err) {
        logger.error({ event: "mutation.after_commit_failed", path, err }, "change saved, but a follow-up step failed");
        throw err;
      }
    }
    return result;
  });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.meta({ access: "public" }).use(mapErrors).use(auditMutations);

function procedureFor(group: RoleGroup) {
  return t.procedure
    .meta({ access: group })
    .use(mapErrors)
    .use(({ ctx, next }) => {
      if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
      if (!(roleGroups[group] as readonly string[]).includes(ctx.user.role)) {
        throw new TRPCError({ code: "FORBIDDEN", message: `This action needs one of the roles: ${roleGroups[group].join(", ")}.` });
      }
      return next({ ctx: { ...ctx, user: ctx.user } });
    })
    .use(auditMutations);
}

/** One builder per role group, so the allowed roles are visible on each router line. */
export const viewerProcedure = procedureFor("viewer");
export const staffProcedure = procedureFor("staff");
export const operatorProcedure = procedureFor("operator");
export const engineerProcedure = procedureFor("engineer");
export const adminProcedure = procedureFor("admin");
