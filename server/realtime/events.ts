import { publish, redisKeyPrefix } from "../redis";
import type { RoleGroup } from "../auth/roles";

/** Live topics a browser can subscribe to, and who may. */
export const topicAccess = {
  workers: "staff",
  telemetry: "staff",
  queues: "staff",
  runs: "staff",
  alerts: "viewer",
} as const satisfies Record<string, RoleGroup>;

export type Topic = keyof typeof topicAccess;

export interface LiveEvent<T = unknown> {
  topic: Topic;
  event: string;
  payload: T;
}

export function eventsChannel(): string {
  return `${redisKeyPrefix()}:events`;
}

/** Publishes an event for every web process to relay to its subscribed browsers. */
export async function publishEvent<T>(topic: Topic, event: string, payload: T): Promise<void> {
  const message: LiveEvent<T> = { topic, event, payload };
  await publish(eventsChannel(), JSON.stringify(message));
}
