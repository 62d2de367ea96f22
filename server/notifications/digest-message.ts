import type { Db } from "../db";
import type { NotificationMessage } from "./notification-message";

/** One message summarising what a channel's rate limit held back. */
export async function digestMessage(db: Db, options: { digestId: string; channelName: string; publicUrl: string }): Promise<NotificationMessage> {
  const held = await db.notificationDelivery.findMany({
    where: { digestId: options.digestId },
    orderBy: { createdAt: "asc" },
    take: 500,
    select: { payload: true },
  });
  const messages = held.map((h) => h.payload as unknown as NotificationMessage);
  const critical = messages.some((m) => m.severity === "critical");
  const lines = messages.slice(0, 30).map((m) => `• ${m.title}`);
  if (messages.length > 30) lines.push(`… and ${messages.length - 30} more`);
  return {
    schema: "gristmill.alert.v1",
    event: "digest",
    createdAt: new Date().toISOString(),
    severity: critical ? "critical" : messages.length ? "warning" : "info",
    title: `${messages.length} notifications held back by the rate limit of "${options.channelName}"`,
    summary: lines.join("\n") || "nothing was held back",
    incident: null,
    evidence: null,
    operational: {
      kind: "digest",
      subject: options.channelName,
      details: { count: messages.length, events: messages.slice(0, 100).map((m) => ({ event: m.event, title: m.title, incidentId: m.incident?.id ?? null })) },
    },
    links: { console: `${options.publicUrl}/notifications`, incident: null, chart: null, acknowledge: null },
  };
}
