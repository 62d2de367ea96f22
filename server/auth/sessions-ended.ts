import { publish, redisKeyPrefix } from "../redis";

/** Which live connections of a user must end: all of them, one session's, or all but one session's. */
export interface SessionsEnded {
  userId: string;
  onlySessionId?: string;
  exceptSessionId?: string;
}

export function sessionsEndedChannel(): string {
  return `${redisKeyPrefix()}:sessions-ended`;
}

/** Every web process disconnects the matching sockets it holds (logout, disable, role or password change). */
export async function publishSessionsEnded(ended: SessionsEnded): Promise<void> {
  await publish(sessionsEndedChannel(), JSON.stringify(ended));
}
