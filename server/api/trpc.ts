import { randomUUID } from "node:crypto";
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
  /**
   * "service": the mutation is not wrapped in the audit transaction; its service opens its own short
   * transaction with its audit row (login, passwords: argon2 must run before a connection is taken).
   */
  audit?: "service" | "read-only";
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
    errorFormatter({ shape, error, path, type }) {
      const cause = error.cause;
      if (error.code === "INTERNAL_SERVER_ERROR") {
        // Internal text (Prisma messages, URLs) stays in the log; the client gets an id to quote.
        const errorId = randomUUID();
        logger.error({ event: "trpc.error", errorId, path, type, err: cause ?? error }, "procedure failed");
        return { ...shape, message: `Something went wrong on the server (error id ${errorId}).`, data: { ...shape.data, stack: undefined, errorId } };
      }
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

/** Turns domain errors into tRPC errors in one place; the error formatter logs everything else as a bug. */
const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      const retryAfter = cause.details?.retryAfterSeconds;
      if (cause.code === "RATE_LIMITED" && typeof retryAfter === "number") ctx.resHeaders?.set("retry-after", String(retryAfter));
      throw new TRPCError({ code: codeMap[cause.code], message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      const first = cause.issues[0];
      const message = first ? `${first.path.join(".") || "input"}: ${first.message}` : "Invalid input";
      throw new TRPCError({ code: "BAD_REQUEST", message, cause });
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
/** Public, and its service writes its own audit rows outside any wrapping transaction (login). */
export const publicSelfAuditedProcedure = t.procedure.meta({ access: "public", audit: "service" }).use(mapErrors);

/** A refused call is kept in the audit trail; written on its own, as nothing else of the call commits. */
async function recordDenied(ctx: Context, path: string, type: string, role: string): Promise<void> {
  try {
    await writeAuditEvent(ctx.db, {
      action: "access.denied",
      actor: ctx.user,
      clientIp: ctx.clientIp,
      input: { procedure: path, type, role },
      changes: [{ targetType: "procedure", targetId: path }],
    });
  } catch (err) {
    logger.error({ event: "audit.denied_write_failed", path, err }, "could not record a refused call");
  }
}

function procedureFor(group: RoleGroup, audit: "middleware" | NonNullable<ProcedureMeta["audit"]> = "middleware") {
  const checked = t.procedure
    .meta(audit === "middleware" ? { access: group } : { access: group, audit })
    .use(mapErrors)
    .use(async ({ ctx, next, path, type }) => {
      if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
      if (!(roleGroups[group] as readonly string[]).includes(ctx.user.role)) {
        await recordDenied(ctx, path, type, ctx.user.role);
        throw new TRPCError({ code: "FORBIDDEN", message: `This action needs one of the roles: ${roleGroups[group].join(", ")}.` });
      }
      return next({ ctx: { ...ctx, user: ctx.user } });
    });
  return audit === "middleware" ? checked.use(auditMutations) : checked;
}

/** One builder per role group, so the allowed roles are visible on each router line. */
export const viewerProcedure = procedureFor("viewer");
export const staffProcedure = procedureFor("staff");
export const operatorProcedure = procedureFor("operator");
export const engineerProcedure = procedureFor("engineer");
export const adminProcedure = procedureFor("admin");
/** Like the above, for mutations whose service writes its own audit row (password changes: argon2 first). */
export const viewerSelfAuditedProcedure = procedureFor("viewer", "service");
export const adminSelfAuditedProcedure = procedureFor("admin", "service");
/** Operator mutations whose service opens its own transaction and writes its audit rows (a jobs file: one row per definition changed). */
export const operatorSelfAuditedProcedure = procedureFor("operator", "service");
/**
 * For mutations that change nothing (file previews: a mutation only because the file is too large for
 * a query's URL), so they hold no pooled connection for the seconds a large file takes to read.
 */
export const staffReadOnlyMutationProcedure = procedureFor("staff", "read-only");
export const operatorReadOnlyMutationProcedure = procedureFor("operator", "read-only");
