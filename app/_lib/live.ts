"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "refused";

let socket: Socket | undefined;
function liveSocket(): Socket {
  if (!socket) {
    const s = io({ path: "/socket.io", transports: ["websocket"], reconnectionDelayMax: 5_000 });
    // The server ends a socket whose session ended or changed; try once more: a changed role
    // reconnects with its new rights, an ended session is refused (shown as "refused").
    s.on("disconnect", (reason) => {
      if (reason === "io server disconnect") setTimeout(() => s.connect(), 1_000);
    });
    socket = s;
  }
  return socket;
}

/** Connection state of the console's live channel, for the "live / reconnecting" badge. */
export function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>(() => (liveSocket().connected ? "live" : "connecting"));
  useEffect(() => {
    const s = liveSocket();
    const onConnect = () => setStatus("live");
    const onDisconnect = () => setStatus("reconnecting");
    const onError = (err: Error) => setStatus(err.message === "UNAUTHORIZED" ? "refused" : "reconnecting");
    s.on("connect", onConnect);
    s.on("disconnect", onDisconnect);
    s.on("connect_error", onError);
    if (s.connected) setStatus("live");
    return () => {
      s.off("connect", onConnect);
      s.off("disconnect", onDisconnect);
      s.off("connect_error", onError);
    };
  }, []);
  return status;
}

/**
 * Subscribes to a topic (re-subscribing after every reconnect) and calls onEvent for each event of that name.
 * onSubscribed runs once the server has joined the socket to the topic: events before that moment were
 * not delivered, so a page refetches there to close the gap between its first load and the subscription.
 */
export function useLiveEvent<T>(topic: string, event: string, onEvent: (payload: T) => void, onSubscribed?: () => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const subscribed = useRef(onSubscribed);
  subscribed.current = onSubscribed;
  useEffect(() => {
    const s = liveSocket();
    const subscribe = () => s.emit("subscribe", topic, (reply: { ok: boolean }) => reply?.ok && subscribed.current?.());
    const listener = (payload: T) => handler.current(payload);
    s.on("connect", subscribe);
    s.on(event, listener);
    if (s.connected) subscribe();
    return () => {
      s.off("connect", subscribe);
      s.off(event, listener);
    };
  }, [topic, event]);
}
