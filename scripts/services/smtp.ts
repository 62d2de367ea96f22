import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDir, isLocalHost, projectRoot, spawnService, step, stopChild, waitFor, SetupError, type StartedService } from "./common";

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("220"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Finds an SMTP server at SMTP_URL, or starts the local mailbox (scripts/services/smtp-mailbox.ts) there. */
export async function ensureSmtp(smtpUrl: string, mailboxDir: string): Promise<StartedService | undefined> {
  const url = new URL(smtpUrl);
  const port = Number(url.port || 25);
  const host = url.hostname === "localhost" ? "127.0.0.1" : url.hostname;
  if (await answers(host, port)) {
    step(`SMTP: using ${url.host}`);
    return undefined;
  }
  if (!isLocalHost(url.hostname)) throw new SetupError(`No SMTP server answers at SMTP_URL=${url.protocol}//${url.host}. Start it, or fix SMTP_URL in .env.`);
  const dir = path.resolve(projectRoot, mailboxDir);
  mkdirSync(dir, { recursive: true });
  step(`SMTP: starting the local mailbox on port ${port} (messages in ${path.relative(projectRoot, dir)})`);
  const child = spawnService(`smtp-${port}`, process.execPath, [
    "--import",
    "tsx",
    path.join(projectRoot, "scripts/services/smtp-mailbox.ts"),
    "--port",
    String(port),
    "--dir",
    dir,
  ]);
  await waitFor("the local SMTP mailbox", () => answers("127.0.0.1", port));
  return { name: "smtp", stop: () => stopChild(child) };
}

/** Outside production a generated key (kept in .data/) encrypts channel secrets, so demo and tests need no set-up. */
export function ensureNotificationsKey(): void {
  if (process.env.NOTIFICATIONS_SECRET_KEY) return;
  const file = path.join(dataDir, "notifications-secret.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
    step("Notifications: generated a secret key in .data/notifications-secret.key");
  }
  process.env.NOTIFICATIONS_SECRET_KEY = readFileSync(file, "utf8").trim();
}
