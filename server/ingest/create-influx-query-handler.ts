import { db as sharedDb, type Db } from "../db";
import { BodyTooLargeError, readRequestBody } from "../http/read-request-body";
import { authenticateIngestSource } from "./authenticate-ingest-source";
import { influxCompatHeaders } from "./influx-compat-version";
import { readIngestToken } from "./read-ingest-token";

const MAX_QUERY_BYTES = 16 * 1024;

type StatementResult = { statement_id: number; series?: Array<{ name: string; columns: string[]; values: string[][] }> };

/**
 * `/query` for what clients and agents send around a write: `CREATE DATABASE` (Telegraf, node-influx)
 * and `SHOW DATABASES` answered as harmless no-ops for a source's token; any other statement is
 * refused, as readings are read through Gristmill, not this API.
 */
export function createInfluxQueryHandler(options: { db?: Db } = {}): (request: Request) => Promise<Response> {
  return async (request) => {
    const answer = (status: number, body: unknown) => Response.json(body, { status, headers: influxCompatHeaders });
    const source = await authenticateIngestSource(options.db ?? sharedDb, { token: readIngestToken(request) });
    if (!source) return answer(401, { error: "authorization failed" });
    const url = new URL(request.url);
    let q = url.searchParams.get("q") ?? "";
    if (!q && request.method === "POST") {
      let body: string;
      try {
        body = await readRequestBody(request, { maxBytes: MAX_QUERY_BYTES });
      } catch (err) {
        if (err instanceof BodyTooLargeError) return answer(413, { error: "query too large" });
        return answer(400, { error: "unreadable body" });
      }
      q = new URLSearchParams(body).get("q") ?? "";
    }
    if (!q.trim()) return answer(400, { error: 'missing required parameter "q"' });
    if (q.length > MAX_QUERY_BYTES) return answer(413, { error: "query too large" });
    const database = url.searchParams.get("db") || "gristmill";
    const results: StatementResult[] = [];
    const statements = q
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const [statement_id, statement] of statements.entries()) {
      if (/^CREATE\s+DATABASE\s+("([^"\\]|\\.)+"|\w+)(\s+WITH\b.*)?$/is.test(statement)) results.push({ statement_id });
      else if (/^SHOW\s+DATABASES$/i.test(statement)) results.push({ statement_id, series: [{ name: "databases", columns: ["name"], values: [[database]] }] });
      else
        return answer(400, { error: "Gristmill's InfluxDB-compatible API answers only CREATE DATABASE and SHOW DATABASES here; read readings in Gristmill" });
    }
    return answer(200, { results });
  };
}
