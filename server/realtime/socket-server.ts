import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { roleAllows } from "../auth/roles";
import { readSessionToken, resolveSession, sessionIdFor, type SessionUser } from "../auth/session";
import { sessionsEndedChannel, type SessionsEnded } from "../auth/sessions-ended";
import { env } from "../env";
import { originAllowed } from "../http/origin";
import { db } from "../db";
import { logger } from "../logger";
import { createRedis } from "../redis";
import { eventsChannel, topicAccess, type LiveEvent, type Topic } from "./events";

function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && Object.hasOwn(topicAccess, value);
}

export interface RealtimeOptions {
  /** How often every socket's session is checked again (a session may end without a message, e.g. expiry). */
  recheckMs?: number;
  /** Started with the server and stopped with it, each emitting to this process's own browsers (the web process passes the fleet monitor). */
  monitors?: Array<(emitLocal: LocalEmit) => { stop(): Promise<void> }>;
}

export type LocalEmit = (topic: Topic, event: string, payload: unknown) => void;

interface SocketData {
  user: SessionUser;
  token: string;
  sessionId: string;
}

const userRoom = (userId: string) => `user:${userId}`;

/**
 * socket.io on the web server's port, authenticated with the session cookie, relaying worker events
 * by topic. The session is checked again on every subscribe and every recheckMs, and a session that
 * ends (logout, disable, role or password change: a message on Redis) disconnects its sockets here.
 */
export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions = {}): { io: Server; close(): Promise<void> } {
  const pub = createRedis("subscriber");
  const sub = createRedis("subscriber");
  const relay = createRedis("subscriber");
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    adapter: createAdapter(pub, sub),
    // A page of another site must not open the console's live channel with the user's cookie.
    allowRequest: (req, callback) => {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const allowed = originAllowed({
        origin: header("origin"),
        secFetchSite: header("sec-fetch-site"),
        publicUrl: env().PUBLIC_URL,
        production: env().NODE_ENV === "production",
      });
      callback(allowed ? null : "cross-origin handshake refused", allowed);
    },
  });

  io.use(async (socket, next) => {
    const token = readSessionToken(socket.handshake.headers.cookie);
    const user = await resolveSession(db, token).catch(() => null);
    if (!user || !token) return next(new Error("UNAUTHORIZED"));
    const data: SocketData = { user, token, sessionId: sessionIdFor(token) };
    socket.data = data;
    next();
  });

  io.on("connection", (socket) => {
    const data = socket.data as SocketData;
    void socket.join(userRoom(data.user.id));
    socket.on("subscribe", async (topic: unknown, ack?: (reply: { ok: boolean; error?: string }) => void) => {
      if (!isTopic(topic)) return ack?.({ ok: false, error: "UNKNOWN_TOPIC" });
      // The role is read again: the one at connect time may be out of date.
      const user = await resolveSession(db, data.token).catch(() => null);
      if (!user) {
        ack?.({ ok: false, error: "UNAUTHORIZED" });
        socket.disconnect(true);
        return;
      }
      if (user.role !== data.user.role) {
        socket.disconnect(true); // rooms joined under the old role go with it; the client reconnects
        return ack?.({ ok: false, error: "SESSION_CHANGED" });
      }
      if (!roleAllows(topicAccess[topic], user.role)) return ack?.({ ok: false, error: "FORBIDDEN" });
      await socket.join(topic);
      ack?.({ ok: true });
    });
    socket.on("unsubscribe", (topic: unknown) => {
      if (isTopic(topic)) void socket.leave(topic);
    });
  });

  // Every web process relays the shared channel to its own sockets only, so nothing is sent twice.
  void relay.subscribe(eventsChannel());
  relay.on("message", (channel, raw: string) => {
    try {
      if (channel === sessionsEndedChannel()) {
        void endSessions(JSON.parse(raw) as SessionsEnded).catch((err) =>
          logger.warn({ event: "realtime.end_sessions_failed", err }, "could not end live sessions"),
        );
        return;
      }
      const message = JSON.parse(raw) as LiveEvent;
      if (isTopic(message.topic)) io.local.to(message.topic).emit(message.event, message.payload);
    } catch (err) {
      logger.warn({ event: "realtime.bad_message", err }, "ignored a malformed live event");
    }
  });

  // Ended sessions, announced by whichever process ended them.
  void relay.subscribe(sessionsEndedChannel());
  const endSessions = async (ended: SessionsEnded) => {
    for (const socket of await io.local.in(userRoom(ended.userId)).fetchSockets()) {
      const { sessionId } = socket.data as SocketData;
      if (ended.onlySessionId && sessionId !== ended.onlySessionId) continue;
      if (ended.exceptSessionId && sessionId === ended.exceptSessionId) continue;
      socket.disconnect(true);
    }
  };

  // Sessions can also end silently (expiry, a row deleted by hand): every socket is checked again, one query per round.
  const recheck = async () => {
    const sockets = await io.local.fetchSockets();
    if (sockets.length === 0) return;
    const ids = [...new Set(sockets.map((s) => (s.data as SocketData).sessionId))];
    const alive = await db.session.findMany({
      where: { id: { in: ids }, expiresAt: { gt: new Date() }, user: { disabled: false } },
      select: { id: true, user: { select: { role: true } } },
    });
    const roleBySession = new Map(alive.map((s) => [s.id, s.user.role]));
    for (const socket of sockets) {
      const data = socket.data as SocketData;
      if (roleBySession.get(data.sessionId) !== data.user.role) socket.disconnect(true);
    }
  };
  const recheckMs = options.recheckMs ?? env().SESSION_RECHECK_SECONDS * 1000;
  const recheckTimer = setInterval(() => {
    recheck().catch((err) => logger.warn({ event: "realtime.recheck_failed", err }, "could not re-check live sessions"));
  }, recheckMs);
  recheckTimer.unref();

  const monitors = (options.monitors ?? []).map((start) => start((topic, event, payload) => io.local.to(topic).emit(event, payload)));

  return {
    io,
    async close() {
      clearInterval(recheckTimer);
      await Promise.all(monitors.map((m) => m.stop()));
      await new Promise<void>((resolve) => io.close(() => resolve()));
      relay.disconnect();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
