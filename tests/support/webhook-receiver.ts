import { createServer, type IncomingMessage, type Server } from "node:http";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  id: string;
  verified: boolean;
  body: unknown;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in order (retries included). */
  requests: ReceivedWebhook[];
  /** Messages taken once each: verified, deduplicated by webhook-id, as a receiver following the spec would. */
  accepted: ReceivedWebhook[];
  setSecret(secret: string): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => resolve(body));
  });

/**
 * A real HTTP receiver on loopback that verifies Standard Webhooks signatures with the package's own
 * verify(). `answer(n)` decides the status of the n-th request (1-based): a number, or "hang" to never answer.
 */
export async function startWebhookReceiver(options: { answer?: (n: number) => number | "hang" } = {}): Promise<WebhookReceiver> {
  let secret: string | undefined;
  const requests: ReceivedWebhook[] = [];
  const accepted: ReceivedWebhook[] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let verified = false;
    let body: unknown = raw;
    try {
      body = secret ? new Webhook(secret).verify(raw, headers) : JSON.parse(raw);
      verified = Boolean(secret);
    } catch {
      verified = false;
    }
    const received = { id: headers["webhook-id"] ?? "", verified, body, at: Date.now() };
    requests.push(received);
    const status = options.answer?.(requests.length) ?? 200;
    if (status === "hang") return; // the sender's connection stays open until it gives up or dies
    if (status >= 200 && status < 300 && (verified || !secret) && !accepted.some((a) => a.id && a.id === received.id)) accepted.push(received);
    res.writeHead(secret && !verified ? 401 : status, { "content-type": "text/plain" }).end(status >= 500 ? "planned failure" : "ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    accepted,
    setSecret: (s) => (secret = s),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
