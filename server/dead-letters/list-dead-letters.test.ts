import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportDeadLetters } from "@/app/api/dead-letters/export/route";
import { createTestUser } from "@/tests/support/users";
import { SESSION_COOKIE } from "../auth/session";
import { db } from "../db";
import { listDeadLetterGroups, listDeadLetters } from "./list-dead-letters";

const tag = `dl${randomUUID().slice(0, 8)}`;
const base = Date.parse("2031-07-01T12:00:00.000Z");
// 130 letters: three pages of 50, attempts tied in groups of 13, so paging must break ties on the id.
const letters = Array.from({ length: 130 }, (_, i) => ({
  id: `dl_${tag}_${String(i).padStart(3, "0")}`,
  runId: `run_${tag}_${String(i).padStart(3, "0")}`,
  jobName: `${tag} ${i % 2 ? "import" : "report"}`,
  kind: i % 2 ? "import-file" : "report",
  params: { file: i === 7 ? '=HYPERLINK("x")' : `f${i}.csv` },
  lastError: i % 5 === 0 ? `logger ${tag}-timeout after 30 s` : "parse error",
  errorGroup: i % 5 === 0 ? "timeout" : "parse",
  attempts: 1 + (i % 10),
  createdAt: new Date(base - i * 60_000),
  ...(i === 3 ? { discardedAt: new Date(base), discardedBy: "eng@x", discardReason: "retired" } : {}),
}));

async function everyPage(options: Parameters<typeof listDeadLetters>[1]) {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDeadLetters(db, { ...options, cursor, limit: 50 });
    ids.push(...page.letters.map((l) => l.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

describe("the dead-letter table's listing", () => {
  let cookie: string;
  let viewerCookie: string;
  beforeAll(async () => {
    await db.jobRun.createMany({
      data: letters.map((l) => ({
        id: l.runId,
        jobName: l.jobName,
        kind: l.kind,
        params: l.params,
        priority: "P2" as const,
        queue: "jobs",
        trigger: "schedule" as const,
        status: "dead" as const,
        queuedAt: l.createdAt,
      })),
    });
    await db.deadLetter.createMany({ data: letters });
    cookie = `${SESSION_COOKIE}=${(await createTestUser("ENGINEER")).token}`;
    viewerCookie = `${SESSION_COOKIE}=${(await createTestUser("STAKEHOLDER")).token}`;
  });
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { id: { startsWith: `run_${tag}` } } });
    await db.$disconnect();
  });

  it("pages every letter of the view once, in the chosen order, ties broken by id", async () => {
    const pending = letters.filter((l) => !l.discardedAt);
    const byAttempts = await everyPage({ search: tag, sort: "attempts", dir: "asc" });
    expect(byAttempts).toEqual([...pending].sort((a, b) => a.attempts - b.attempts || (a.id < b.id ? -1 : 1)).map((l) => l.id));
    const newest = await everyPage({ search: tag });
    expect(newest).toEqual(pending.map((l) => l.id)); // created one minute apart, newest first
    const first = await listDeadLetters(db, { search: tag, limit: 50 });
    expect(first.total).toBe(129);
    expect((await listDeadLetters(db, { search: tag, limit: 50, cursor: first.nextCursor! })).total).toBeNull();
  });

  it("searches the last error and the ids, filters by state, and groups what it shows", async () => {
    const timeouts = await everyPage({ search: `${tag}-timeout`, state: "all" });
    expect(timeouts).toEqual(letters.filter((l) => l.errorGroup === "timeout").map((l) => l.id));
    expect(await everyPage({ search: letters[42].runId })).toEqual([letters[42].id]);
    expect(await everyPage({ search: tag, state: "discarded" })).toEqual([letters[3].id]);
    const groups = await listDeadLetterGroups(db, { search: tag });
    // 52 report/parse, 51 import/parse (one discarded), then the two timeout groups of 13 in either order.
    const named = groups.map((g) => `${g.jobName}|${g.errorGroup}|${g.count}`);
    expect(named.slice(0, 2)).toEqual([`${tag} report|parse|52`, `${tag} import|parse|51`]);
    expect(named.slice(2).sort()).toEqual([`${tag} import|timeout|13`, `${tag} report|timeout|13`]);
  });

  it("downloads the view as CSV, payloads included and formula text defused; staff only; hostile views refused", async () => {
    const get = (query: string, as = cookie) => exportDeadLetters(new Request(`http://127.0.0.1/x?${query}`, { headers: { cookie: as } }));
    const res = await get(`search=${tag}&state=all&sort=attempts&dir=desc`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/filename="gristmill-dead-letters-\d{8}T\d{6}\.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.id)).toEqual([...letters].sort((a, b) => b.attempts - a.attempts || (a.id < b.id ? 1 : -1)).map((l) => l.id));
    const seven = rows.find((r) => r.id === letters[7].id)!;
    expect(JSON.parse(seven.params.replace(/^'/, ""))).toEqual({ file: '=HYPERLINK("x")' });
    expect(rows.find((r) => r.id === letters[3].id)).toMatchObject({ state: "discarded", discard_reason: "retired" });
    expect((await get("", viewerCookie)).status).toBe(403);
    for (const hostile of ["sort=lastError", "dir=up", "state=lost", `search=${"x".repeat(201)}`]) expect((await get(hostile)).status).toBe(400);
  });
});
