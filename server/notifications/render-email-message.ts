import type { NotificationMessage } from "./notification-message";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const fmt = (v: number | null) => (v === null ? "–" : Number(v.toPrecision(6)).toString());

/** Subject, plain text and HTML of an email, from the same message. */
export function renderEmailMessage(message: NotificationMessage): { subject: string; text: string; html: string } {
  const rows: Array<[string, string]> = [];
  if (message.incident) {
    const i = message.incident;
    rows.push(
      ["Sensor", i.sensorKey],
      ["Where", [i.infraType, i.region, i.site].filter(Boolean).join(" · ") || "–"],
      ["Status", i.status],
      ["Opened", i.openedAt],
    );
  }
  if (message.evidence) {
    const e = message.evidence;
    rows.push(
      ["Seen", fmt(e.observed)],
      ["Expected", `${fmt(e.expected.low)} – ${fmt(e.expected.high)} (centre ${fmt(e.expected.center)})`],
      ["Score", `${fmt(e.score)} (${e.detector})`],
      ["At", e.at],
    );
  }
  const links: Array<[string, string]> = (
    [
      ["Sensor chart", message.links.chart],
      ["Incident", message.links.incident],
      ["Acknowledge", message.links.acknowledge],
    ] as Array<[string, string | null]>
  ).filter((l): l is [string, string] => l[1] !== null);
  const subject = `[${message.severity.toUpperCase()}] ${message.title}`.replace(/[\r\n]+/g, " ").slice(0, 250);
  const text = [message.summary, "", ...rows.map(([k, v]) => `${k}: ${v}`), "", ...links.map(([k, v]) => `${k}: ${v}`)].join("\n");
  const html = `<h2>${escapeHtml(message.title)}</h2><p>${escapeHtml(message.summary)}</p><table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table><p>${links.map(([k, v]) => `<a href="${escapeHtml(v)}">${escapeHtml(k)}</a>`).join(" · ")}</p>`;
  return { subject, text, html };
}
