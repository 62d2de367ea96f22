import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db";
import { env } from "../env";
import { DomainError } from "../errors";
import { logger } from "../logger";
import { redisKeyPrefix, sharedRedis } from "../redis";
import { receiveLoggerUpload } from "./receive-logger-upload";

export interface InboxPickup {
  imported: Array<{ logger: string; file: string; importId: string; status: string; alreadyImported: boolean }>;
  failed: Array<{ logger: string; file: string; error: string }>;
  /** Files still changing (younger than the settle time): left for the next round. */
  waiting: number;
  skipped?: boolean;
}

const ARCHIVE = "archive";
const FAILED = "failed";
/** Names loggers and copy tools use while a file is still being written. */
const PARTIAL = /^\.|\.(part|tmp|partial|crdownload)$|~$/i;

async function moveInto(dir: string, file: string, target: string): Promise<string> {
  await mkdir(target, { recursive: true });
  let destination = path.join(target, file);
  // A name seen before (another day's file of the same name) is kept beside it, never overwritten.
  for (
    let n = 1;
    await stat(destination).then(
      () => true,
      () => false,
    );
    n++
  )
    destination = path.join(target, `${path.parse(file).name}.${n}${path.parse(file).ext}`);
  await rename(path.join(dir, file), destination);
  return destination;
}

/**
 * One round of the inbox: every file in `<dir>/<logger serial or id>/` unchanged for the settle time
 * is imported through the upload path (same checks, same held columns) and moved to `archive/<day>/`,
 * or to `failed/` with a `.error.txt` saying why. A file is imported once: the import is recorded
 * before the move and keyed by its SHA-256, so after a crash between the two the next round finds it
 * already imported and only moves it. One worker at a time (a Redis lease).
 */
export async function pickUpInbox(
  db: Db,
  options: { dir?: string; settleSeconds?: number; unknownColumns?: "refuse" | "register"; holderId: string; now?: number },
): Promise<InboxPickup> {
  const dir = options.dir ?? env().IMPORT_INBOX_DIR;
  const result: InboxPickup = { imported: [], failed: [], waiting: 0 };
  if (!dir) return result;
  const redis = sharedRedis();
  const key = `${redisKeyPrefix()}:imports:inbox`;
  if ((await redis.set(key, options.holderId, "PX", 10 * 60_000, "NX")) !== "OK") return { ...result, skipped: true };
  try {
    const settleMs = (options.settleSeconds ?? env().IMPORT_INBOX_SETTLE_SECONDS) * 1000;
    const now = options.now ?? Date.now();
    const loggers = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && !e.name.startsWith("."));
    for (const folder of loggers) {
      const here = path.join(dir, folder.name);
      for (const entry of await readdir(here, { withFileTypes: true })) {
        if (!entry.isFile() || PARTIAL.test(entry.name) || entry.name.endsWith(".error.txt")) continue;
        const info = await stat(path.join(here, entry.name));
        if (now - info.mtimeMs < settleMs) {
          result.waiting++;
          continue;
        }
        try {
          if (info.size > env().IMPORT_MAX_BYTES)
            throw new DomainError("INVALID", `The file is ${info.size} bytes, over the limit of ${env().IMPORT_MAX_BYTES} bytes.`);
          const bytes = await readFile(path.join(here, entry.name));
          const received = await receiveLoggerUpload(db, {
            bytes,
            query: { name: entry.name.slice(0, 255), logger: folder.name },
            unknownColumns: options.unknownColumns ?? env().IMPORT_INBOX_UNKNOWN_COLUMNS,
            createdBy: "inbox",
          });
          await moveInto(here, entry.name, path.join(here, ARCHIVE, new Date(now).toISOString().slice(0, 10)));
          result.imported.push({
            logger: folder.name,
            file: entry.name,
            importId: received.id,
            status: received.status,
            alreadyImported: received.alreadyImported,
          });
          logger.info(
            { event: "imports.inbox.imported", logger: folder.name, file: entry.name, importId: received.id, alreadyImported: received.alreadyImported },
            "inbox file imported",
          );
        } catch (err) {
          // Only the file's own problems move it aside; anything else (database down) leaves it for the next round.
          if (!(err instanceof DomainError)) throw err;
          const moved = await moveInto(here, entry.name, path.join(here, FAILED));
          await writeFile(`${moved}.error.txt`, `${err.message}\n`);
          result.failed.push({ logger: folder.name, file: entry.name, error: err.message });
          logger.warn({ event: "imports.inbox.failed", logger: folder.name, file: entry.name, error: err.message }, "inbox file refused");
        }
      }
    }
    return result;
  } finally {
    await redis.eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, key, options.holderId);
  }
}
