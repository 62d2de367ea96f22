import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import { SESSION_COOKIE, createSession, resolveSession, type SessionUser } from "../auth/session";
import { db } from "../db";
import { env } from "../env";
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

  it("refuses a handshake from another site's page, accepts the console's own origin", async () => {
    const { token } = await createTestUser("OPERATOR");
    const from = (origin: string) => {
      const socket = connect(url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: `${SESSION_COOKIE}=${token}`, origin } });
      sockets.push(socket);
      return socket;
    };
    await expect(connected(from("https://evil.example"))).rejects.toThrow();
    await connected(from(new URL(env().PUBLIC_URL).origin));
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

describe("live sessions end with the session, in every web process", () => {
  // Two web processes' worth of socket.io, each with its own Redis subscriptions, re-checking too
  // rarely to matter here (so only the Redis message can end their sockets); a third re-checks often.
  const servers = [http.createServer(), http.createServer(), http.createServer()];
  let realtimes: Array<ReturnType<typeof attachRealtime>>;
  let urls: string[];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    realtimes = servers.map((s, i) => attachRealtime(s, { recheckMs: i === 2 ? 300 : 600_000 }));
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
    urls = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(realtimes.map((r) => r.close()));
  });

  async function openOn(server: number, token: string): Promise<Socket> {
    const socket = connect(urls[server], { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  }
  const subscribe = (socket: Socket, topic: string) => socket.emitWithAck("subscribe", topic) as Promise<{ ok: boolean; error?: string }>;
  const serverDisconnect = (socket: Socket) => new Promise<string>((resolve) => socket.once("disconnect", resolve));
  const callerAs = (user: SessionUser, token?: string) => createCaller({ db, user, sessionToken: token, resHeaders: new Headers() });

  it("logout disconnects that session's sockets on every process, and only those", async () => {
    const { user, token } = await createTestUser("OPERATOR");
    const other = await createSession(db, { userId: user.id });
    const [a, b, c] = [await openOn(0, token), await openOn(1, token), await openOn(1, other.token)];
    expect(await subscribe(b, "workers")).toEqual({ ok: true });
    const gone = Promise.all([serverDisconnect(a), serverDisconnect(b)]);
    await callerAs(user, token).auth.logout();
    expect(await gone).toEqual(["io server disconnect", "io server disconnect"]);
    expect(c.connected).toBe(true);
  });

  it("disabling a user disconnects all their sockets", async () => {
    const admin = await createTestUser("ADMIN");
    const { user, token } = await createTestUser("ENGINEER");
    const socket = await openOn(1, token);
    const gone = serverDisconnect(socket);
    await callerAs(admin.user).users.update({ id: user.id, disabled: true });
    expect(await gone).toBe("io server disconnect");
    await expect(openOn(0, token)).rejects.toThrow("UNAUTHORIZED");
  });

  it("a demoted user is disconnected and then refused the staff topic", async () => {
    const admin = await createTestUser("ADMIN");
    const { user, token } = await createTestUser("OPERATOR");
    const socket = await openOn(0, token);
    expect(await subscribe(socket, "runs")).toEqual({ ok: true });
    const gone = serverDisconnect(socket);
    await callerAs(admin.user).users.update({ id: user.id, role: "STAKEHOLDER" });
    expect(await gone).toBe("io server disconnect");
    const again = await openOn(0, token);
    expect(await subscribe(again, "runs")).toEqual({ ok: false, error: "FORBIDDEN" });
  });

  it("a password change ends the user's other sessions and their sockets, not the current one", async () => {
    const { user, token } = await createTestUser("ENGINEER");
    const other = await createSession(db, { userId: user.id });
    const mine = await openOn(0, token);
    const theirs = await openOn(1, other.token);
    const gone = serverDisconnect(theirs);
    const result = await callerAs(user, token).auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "a brand new password" });
    expect(result.endedSessions).toBe(1);
    expect(await gone).toBe("io server disconnect");
    expect(mine.connected).toBe(true);
    expect(await resolveSession(db, other.token)).toBeNull();
    expect(await resolveSession(db, token)).not.toBeNull();
  });

  it("an admin's password reset ends every session of the user", async () => {
    const admin = await createTestUser("ADMIN");
    const { user, token } = await createTestUser("STAKEHOLDER");
    const socket = await openOn(1, token);
    const gone = serverDisconnect(socket);
    await callerAs(admin.user, admin.token).users.resetPassword({ id: user.id, password: "reset by the admin" });
    expect(await gone).toBe("io server disconnect");
    expect(await resolveSession(db, token)).toBeNull();
    expect(await resolveSession(db, admin.token)).not.toBeNull();
  });

  it("re-checks the session on subscribe: a session deleted behind its back is refused", async () => {
    const { user, token } = await createTestUser("OPERATOR");
    const socket = await openOn(0, token);
    await db.session.deleteMany({ where: { userId: user.id } }); // no message published
    const gone = serverDisconnect(socket);
    expect(await subscribe(socket, "workers")).toEqual({ ok: false, error: "UNAUTHORIZED" });
    expect(await gone).toBe("io server disconnect");
  });

  it("re-checks every socket periodically: an expired session is disconnected without any subscribe", async () => {
    const { user, token } = await createTestUser("OPERATOR");
    const socket = await openOn(2, token);
    const gone = serverDisconnect(socket);
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await gone).toBe("io server disconnect");
  });
});

afterAll(() => db.$disconnect());
