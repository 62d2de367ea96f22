import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { SESSION_COOKIE } from "../auth/session";
import { db } from "../db";
import { publishEvent } from "./events";
import { attachRealtime } from "./socket-server";

describe("live channel (socket.io)", () => {
  const server = http.createServer();
  let realtime: ReturnType<typeof attachRealtime>;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    realtime = attachRealtime(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await realtime.close();
    await db.$disconnect();
  });

  function open(token?: string): Socket {
    const socket = connect(url, { transports: ["websocket"], reconnection: false, extraHeaders: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} });
    sockets.push(socket);
    return socket;
  }
  const connected = (socket: Socket) =>
    new Promise<void>((resolve, reject) => {
      if (socket.connected) return resolve();
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
  const subscribe = (socket: Socket, topic: string) => socket.emitWithAck("subscribe", topic) as Promise<{ ok: boolean; error?: string }>;

  it("refuses a connection without a session", async () => {
    await expect(connected(open())).rejects.toThrow("UNAUTHORIZED");
  });

  it("refuses a connection with a revoked or made-up session", async () => {
    await expect(connected(open("not-a-real-session-token"))).rejects.toThrow("UNAUTHORIZED");
  });

  it("refuses a topic the role may not see, and accepts one it may", async () => {
    const { token } = await createTestUser("STAKEHOLDER");
    const socket = open(token);
    await connected(socket);
    expect(await subscribe(socket, "workers")).toEqual({ ok: false, error: "FORBIDDEN" });
    expect(await subscribe(socket, "no-such-topic")).toEqual({ ok: false, error: "UNKNOWN_TOPIC" });
    expect(await subscribe(socket, "alerts")).toEqual({ ok: true });
  });

  it("relays an event published on Redis (as a worker does) to subscribed clients only", async () => {
    const operator = open((await createTestUser("OPERATOR")).token);
    const bystander = open((await createTestUser("OPERATOR")).token);
    await Promise.all([connected(operator), connected(bystander)]);
    expect(await subscribe(operator, "workers")).toEqual({ ok: true });

    let bystanderGotIt = false;
    bystander.on("test:ping", () => (bystanderGotIt = true));
    const received = new Promise((resolve) => operator.once("test:ping", resolve));
    await publishEvent("workers", "test:ping", { n: 42 });
    expect(await received).toEqual({ n: 42 });
    // The operator got it, so the relay ran; the unsubscribed socket did not.
    expect(bystanderGotIt).toBe(false);
  });
});
