import { severityColour, type NotificationMessage } from "./notification-message";

const fmt = (v: number | null) => (v === null ? "–" : Number(v.toPrecision(6)).toString());

/** A Slack incoming-webhook body: a coloured attachment of blocks (sensor, evidence, links). */
export function renderSlackMessage(message: NotificationMessage): object {
  const fields: Array<{ type: "mrkdwn"; text: string }> = [];
  if (message.incident) {
    const i = message.incident;
    fields.push(
      { type: "mrkdwn", text: `*Sensor*\n\`${i.sensorKey}\`` },
      { type: "mrkdwn", text: `*Where*\n${[i.infraType, i.region, i.site].filter(Boolean).join(" · ") || "–"}` },
    );
  }
  if (message.evidence) {
    const e = message.evidence;
    fields.push(
      { type: "mrkdwn", text: `*Seen*\n${fmt(e.observed)}` },
      { type: "mrkdwn", text: `*Expected*\n${fmt(e.expected.low)} – ${fmt(e.expected.high)}` },
      { type: "mrkdwn", text: `*Score*\n${fmt(e.score)} (${e.detector})` },
    );
  }
  const buttons = [
    message.links.chart && { type: "button", text: { type: "plain_text", text: "Sensor chart" }, url: message.links.chart },
    message.links.incident && { type: "button", text: { type: "plain_text", text: "Incident" }, url: message.links.incident },
    message.links.acknowledge && { type: "button", style: "primary", text: { type: "plain_text", text: "Acknowledge" }, url: message.links.acknowledge },
  ].filter(Boolean);
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
    { type: "section", text: { type: "mrkdwn", text: message.summary.slice(0, 2_900) } },
  ];
  if (fields.length) blocks.push({ type: "section", fields: fields.slice(0, 10) });
  if (buttons.length) blocks.push({ type: "actions", elements: buttons });
  return { text: message.title, attachments: [{ color: severityColour[message.severity], blocks }] };
}
