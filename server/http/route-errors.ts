import { randomUUID } from "node:crypto";
import { logger } from "../logger";

/**
 * Wraps a route handler so an unexpected error answers 500 with an id that is in the log, and never
 * with the error's own text (Prisma messages, internal URLs).
 */
export function guardRoute<A extends unknown[]>(name: string, handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      const errorId = randomUUID();
      logger.error({ event: "route.error", route: name, errorId, err }, "route handler failed");
      return Response.json({ error: { message: `Something went wrong on the server (error id ${errorId}).`, errorId } }, { status: 500 });
    }
  };
}
