import type { NotificationMessage } from "./notification-message";

const fmt = (v: number | null) => (v === null ? "–" : Number(v.toPrecision(6)).toString());
const style = { critical: "attention", warning: "warning", info: "accent" } as const;

/** A Microsoft Teams (Workflows / incoming webhook) message carrying one Adaptive Card. */
export function renderTeamsMessage(message: NotificationMessage): object {
  const facts: Array<{ title: string; value: string }> = [];
  if (message.incident) {
    facts.push(
      { title: "Sensor", value: message.incident.sensorKey },
      { title: "Where", value: [message.incident.infraType, message.incident.region, message.incident.site].filter(Boolean).join(" · ") || "–" },
    );
  }
  if (message.evidence) {
    const e = message.evidence;
    facts.push(
      { title: "Seen", value: fmt(e.observed) },
      { title: "Expected", value: `${fmt(e.expected.low)} – ${fmt(e.expected.high)}` },
      { title: "Score", value: `${fmt(e.score)} (${e.detector})` },
    );
  }
  const actions = [
    message.links.chart && { type: "Action.OpenUrl", title: "Sensor chart", url: message.links.chart },
    message.links.incident && { type: "Action.OpenUrl", title: "Incident", url: message.links.incident },
    message.links.acknowledge && { type: "Action.OpenUrl", title: "Acknowledge", url: message.links.acknowledge },
  ].filter(Boolean);
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: message.title, weight: "Bolder", size: "Medium", color: style[message.severity], wrap: true },
            { type: "TextBlock", text: message.summary, wrap: true },
            ...(facts.length ? [{ type: "FactSet", facts }] : []),
          ],
          actions,
        },
      },
    ],
  };
}
