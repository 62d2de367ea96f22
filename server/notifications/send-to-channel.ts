import { UnrecoverableError } from "bullmq";
import nodemailer, { type Transporter } from "nodemailer";
import { Webhook } from "standardwebhooks";
import { env } from "../env";
import type { NotificationMessage } from "./notification-message";
import { renderEmailMessage } from "./render-email-message";
import { renderSlackMessage } from "./render-slack-message";
import { renderTeamsMessage } from "./render-teams-message";
import type { ChannelSecret, ChannelType } from "./schemas";

export interface ChannelTarget {
  type: ChannelType;
  settings: { to?: string[] };
  secret: ChannelSecret;
}

export interface SendOptions {
  /** The delivery id: webhook-id and Message-ID, the same on every retry so receivers can dedupe. */
  messageId: string;
  message: NotificationMessage;
  signal?: AbortSignal;
}

const TIMEOUT_MS = 10_000;
let transport: Transporter | undefined;
const smtp = () => {
  if (transport) return transport;
  const url = new URL(env().SMTP_URL);
  transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  return transport;
};

async function postJson(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "user-agent": "Gristmill-Notifications/1", ...headers },
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    redirect: "error",
  });
  const text = (await response.text().catch(() => "")).slice(0, 200);
  if (response.ok) return `HTTP ${response.status}`;
  const detail = `receiver answered HTTP ${response.status}${text ? `: ${text}` : ""}`;
  // A refusal the receiver will repeat (bad URL, wrong auth) goes straight to the dead letters.
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new UnrecoverableError(detail);
  throw new Error(detail);
}

/** How each channel type sends the message. */
const senders: Record<ChannelType, (target: ChannelTarget, options: SendOptions) => Promise<string>> = {
  async webhook(target, { messageId, message, signal }) {
    const body = JSON.stringify(message);
    const timestamp = new Date();
    const signature = new Webhook(target.secret.signingSecret!).sign(messageId, timestamp, body);
    return postJson(
      target.secret.url!,
      body,
      { "webhook-id": messageId, "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "webhook-signature": signature },
      signal,
    );
  },
  slack: (target, { message, signal }) => postJson(target.secret.url!, JSON.stringify(renderSlackMessage(message)), {}, signal),
  teams: (target, { message, signal }) => postJson(target.secret.url!, JSON.stringify(renderTeamsMessage(message)), {}, signal),
  async email(target, { messageId, message }) {
    const { subject, text, html } = renderEmailMessage(message);
    const info = await smtp().sendMail({
      from: env().NOTIFY_EMAIL_FROM,
      to: target.settings.to ?? [],
      subject,
      text,
      html,
      messageId: `<${messageId}@gristmill.notifications>`,
      headers: { "X-Gristmill-Delivery": messageId, "X-Gristmill-Event": message.event },
    });
    if (info.rejected?.length && !info.accepted?.length) throw new Error(`SMTP server refused every recipient`);
    return `SMTP ${info.response}`.slice(0, 200);
  },
};

/** Sends one message; resolves with the receiver's answer, throws when it was not taken. */
export function sendToChannel(target: ChannelTarget, options: SendOptions): Promise<string> {
  return senders[target.type](target, options);
}
