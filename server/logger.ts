import pino from "pino";
import { env } from "./env";

// Secrets never reach a log line, whatever object a caller passes in.
const redactPaths = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "cookie",
  "*.cookie",
  "authorization",
  "*.authorization",
  "headers.cookie",
  "headers.authorization",
  "req.headers.cookie",
  "req.headers.authorization",
];

const globalForLogger = globalThis as unknown as { gristmillLogger?: pino.Logger };

export const logger: pino.Logger =
  globalForLogger.gristmillLogger ??
  (globalForLogger.gristmillLogger = pino({
    level: env().LOG_LEVEL,
    base: { service: "gristmill", pid: process.pid },
    redact: { paths: redactPaths, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  }));
