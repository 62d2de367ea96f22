/**
 * A real SMTP server for the demo and the tests (the smtp-server package): accepts mail on loopback
 * and keeps each message as an .eml file in --dir, written whole (temp file, then rename).
 *   node --import tsx scripts/services/smtp-mailbox.ts --port 2525 --dir .data/mailbox
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg("port", "2525"));
const dir = path.resolve(arg("dir", ".data/mailbox"));
const maxBytes = 10 * 1024 * 1024;
mkdirSync(dir, { recursive: true });
let sequence = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  size: maxBytes,
  banner: "Gristmill local mailbox",
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(Object.assign(new Error("message too large"), { responseCode: 552 }));
      const name = `${Date.now()}-${process.pid}-${++sequence}`;
      // biome-ignore lint/complexity/useOptionalChain: mailFrom is `false` when absent, which `?.` does not accept
      const envelope = `X-Mailbox-Envelope: ${JSON.stringify({ from: session.envelope.mailFrom && session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address) })}\r\n`;
      writeFileSync(path.join(dir, `.${name}.tmp`), Buffer.concat([Buffer.from(envelope), ...chunks]));
      renameSync(path.join(dir, `.${name}.tmp`), path.join(dir, `${name}.eml`));
      callback();
    });
  },
});
server.on("error", (err) => process.stderr.write(`smtp mailbox: ${err.message}\n`));
server.listen(port, "127.0.0.1", () => process.stdout.write(`smtp mailbox listening on 127.0.0.1:${port}, messages in ${dir}\n`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
