import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { env } from "@/server/env";

export interface ReceivedMail {
  file: string;
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

/** Reads back what the local SMTP server (scripts/services/smtp-mailbox.ts) received. */
export async function readMailbox(): Promise<ReceivedMail[]> {
  const dir = path.resolve(env().MAILBOX_DIR);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(path.join(dir, file));
      const mail = await simpleParser(raw);
      const envelope = JSON.parse(String(mail.headers.get("x-mailbox-envelope") ?? "{}")) as ReceivedMail["envelope"];
      return { file, envelope, mail };
    }),
  );
}

/** Waits until the mailbox holds messages matching `match`, or fails after timeoutMs. */
export async function waitForMail(match: (m: ReceivedMail) => boolean, options: { count?: number; timeoutMs?: number } = {}): Promise<ReceivedMail[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const found = (await readMailbox()).filter(match);
    if (found.length >= (options.count ?? 1)) return found;
    if (Date.now() > deadline) throw new Error(`mailbox: ${found.length} matching messages after ${options.timeoutMs ?? 20_000} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
