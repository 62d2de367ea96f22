import { env } from "../env";
import { readingColumnsOf, type ReadingColumns } from "../readings/reading-columns";
import { runInWorkerThread } from "../worker-threads/run-in-worker-thread";
import { mapPointsToReadings } from "./map-points-to-readings";
import { LineProtocolError, parseLineProtocol } from "./parse-line-protocol";
import type { LineProtocolTaskInput, LineProtocolTaskResult } from "./parse-line-protocol-task";

/**
 * A body's readings, as columns: parsed on the main thread when small, on a worker thread from
 * PARSE_OFF_THREAD_CHARS up (100,000 points take most of a second to parse), so the console and
 * the other writers are served meanwhile. A malformed line throws LineProtocolError either way.
 */
export async function readLineProtocolReadings(options: { body: string; unitNs: bigint; nowNs: bigint; offThreadFromChars?: number }): Promise<ReadingColumns> {
  const config = env();
  const limits = { maxLineChars: config.INGEST_MAX_LINE_CHARS, maxFieldValueChars: config.INGEST_MAX_FIELD_VALUE_CHARS };
  if (options.body.length < (options.offThreadFromChars ?? config.PARSE_OFF_THREAD_CHARS)) {
    return readingColumnsOf(mapPointsToReadings(parseLineProtocol(options.body, limits), options));
  }
  const payload: LineProtocolTaskInput = { body: options.body, unitNs: options.unitNs, nowNs: options.nowNs, limits };
  const result = await runInWorkerThread<LineProtocolTaskResult>({
    file: "server/ingest/parse-line-protocol-task.ts",
    name: "parseLineProtocolReadings",
    payload,
  });
  if (!result.ok) throw new LineProtocolError(result.line, result.reason, result.text);
  return result.readings;
}
