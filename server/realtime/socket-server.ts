import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { roleAllows } from "../auth/roles";
import { readSessionToken, resolveSession, type SessionUser } from "../auth/session";
import { db } from "../db";
import { startFleetMonitor } from "../fleet/fleet-monitor";
import { logger } from "../logger";
import { createRedis } from "../redis";
import { eventsChannel, topicAccess, type LiveEvent, type Topic } from "./events";

function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && Object.hasOwn(topicAccess, value);
}

/** socket.io on the web server's port, authenticated with the session cookie, relaying worker events by topic. */
export function attachRealtime(httpServer: HttpServer): { io: Server; close(): Promise<void> } {
  const pub = createRedis("subscriber");
  const sub = createRedis("subscriber");
  const relay = createRedis("subscriber");
  const io = new Server(httpServer, { path: "/socket.io", serveClient: false, adapter: createAdapter(pub, sub) });

  io.use(async (socket, next) => {
    const user = await resolveSession(db, readSessionToken(socket.handshake.headers.cookie)).catch(() => null);
    if (!user) return next(new Error("UNAUTHORIZED"));
    socket.data.user = user;
    next();
  });

  io.on("connection", (socket) => {
    const user = socket.data.user as SessionUser;
    socket.on("subscribe", async (topic: unknown, ack?: (reply: { ok: boolean; error?: string }) => void) => {
      if (!isTopic(topic)) return ack?.({ ok: false, error: "UNKNOWN_TOPIC" });
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
  relay.on("message", (_channel, raw: string) => {
    try {
      const message = JSON.parse(raw) as LiveEvent;
      if (isTopic(message.topic)) io.local.to(message.topic).emit(message.event, message.payload);
    } catch (err) {
      logger.warn({ event: "realtime.bad_message", err }, "ignored a malformed live event");
    }
  });

  const fleetMonitor = startFleetMonitor((topic, event, payload) => io.local.to(topic).emit(event, payload));

  return {
    io,
    async close() {
      await fleetMonitor.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      relay.disconnect();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
