import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/triggers/[id]/fire/route";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import { CLIENT_IP_HEADER } from "../api/trpc";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { env } from "../env";
import { saveJobDefinition } from "../jobs/save-job-definition";
import { getQueue } from "../queues/queues";
import { closeSharedRedis } from "../redis";

// Each run of this file calls from its own address, so the rate limit's window starts empty.
const clientIp = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
let operator: SessionUser;
let definitionId: string;
let trigger: { id: string };
let token: string;
const asOperator = () => createCaller({ db, user: operator, resHeaders: new Headers() });

function fire(id: string, init: { token?: string | null; body?: string; type?: string | null; key?: string; ip?: string } = {}) {
  const headers: Record<string, string> = { [CLIENT_IP_HEADER]: init.ip ?? clientIp };
  const bearer = init.token === undefined ? token : init.token;
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  if (init.type !== null) headers["content-type"] = init.type ?? "application/json";
  if (init.key) headers["idempotency-key"] = init.key;
  const req = new Request(`http://127.0.0.1/api/triggers/${id}/fire`, { method: "POST", headers, body: init.body ?? "{}" });
  return POST(req, { params: Promise.resolve({ id }) });
}
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers });

beforeAll(async () => {
  operator = (await createTestUser("OPERATOR")).user;
  definitionId = (
    await saveJobDefinition(db, { fields: { name: `test trg http ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 5 } }, changedBy: "test" })
  ).id;
  const created = await asOperator().triggers.create({ definitionId, fields: { name: "from cron", event: "http", paramMap: { ms: "delay" } } });
  trigger = created.trigger;
  token = created.token!;
});
afterAll(async () => {
  const runs = await db.jobRun.findMany({ where: { definitionId }, select: { id: true, queue: true } });
  await Promise.all(runs.map((r) => getQueue(r.queue).remove(r.id)));
  await db.jobDefinition.delete({ where: { id: definitionId } });
  closeSharedRedis();
  await db.$disconnect();
});

describe("POST /api/triggers/[id]/fire", () => {
  it("shows the token once, as gmt_…, and keeps only its hash", async () => {
    expect(token).toMatch(/^gmt_[\w-]{43}$/);
    const [listed] = await asOperator().triggers.list({ definitionId });
    expect(listed).toMatchObject({ id: trigger.id, hasToken: true, tokenPrefix: token.slice(0, 10) });
    expect(JSON.stringify(listed)).not.toContain(token.slice(10));
    expect(listed).not.toHaveProperty("tokenHash");
    const row = await db.jobTrigger.findUniqueOrThrow({ where: { id: trigger.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
  });

  it("starts a run with the body's fields mapped, audited", async () => {
    const res = await json(await fire(trigger.id, { body: JSON.stringify({ delay: 20, site: "north" }) }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ outcome: "started", replayed: false });
    const run = await db.jobRun.findUniqueOrThrow({ where: { id: res.body.runId as string } });
    expect(run).toMatchObject({ definitionId, params: { ms: 20 }, trigger: "event", triggeredBy: 'trigger "from cron" (http)' });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "triggers.fire", targetId: trigger.id }, orderBy: { at: "desc" } });
    expect(audit).toMatchObject({ actorEmail: "trigger:from cron", clientIp, after: { outcome: "started", runId: run.id } });
  });

  it("refuses callers without the right token, the same way for an unknown trigger", async () => {
    const other = await asOperator().triggers.create({ definitionId, fields: { name: "other", event: "http" } });
    const cases = [
      await fire(trigger.id, { token: null }),
      await fire(trigger.id, { token: "gmt_wrong" }),
      await fire(trigger.id, { token: token.slice(0, -1) }),
      await fire(trigger.id, { token: other.token! }),
      await fire("cnosuchtrigger000000000000", {}),
      await fire("../../etc", {}),
    ];
    for (const res of cases) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
    }
    const basic = new Request(`http://127.0.0.1/api/triggers/${trigger.id}/fire`, {
      method: "POST",
      headers: { authorization: `Basic ${token}`, "content-type": "application/json", [CLIENT_IP_HEADER]: clientIp },
      body: "{}",
    });
    expect((await POST(basic, { params: Promise.resolve({ id: trigger.id }) })).status).toBe(401);
    expect(await db.jobRun.count({ where: { definitionId, params: { equals: { ms: 5 } } } }), "no run with the definition's own parameters was started").toBe(
      0,
    );
  });

  it("answers clear 4xx errors to hostile bodies and starts nothing", async () => {
    const before = await db.jobRun.count({ where: { definitionId } });
    const expectError = async (res: Promise<Response>, status: number, message: RegExp) => {
      const r = await json(await res);
      expect(r.status).toBe(status);
      expect(String(r.body.error)).toMatch(message);
    };
    await expectError(fire(trigger.id, { type: "text/plain" }), 415, /application\/json/);
    await expectError(fire(trigger.id, { type: null }), 415, /application\/json/);
    await expectError(fire(trigger.id, { body: JSON.stringify({ note: "x".repeat(17 * 1024) }) }), 413, /16384 bytes/);
    await expectError(fire(trigger.id, { body: '{"delay": 1' }), 400, /not valid JSON/);
    await expectError(fire(trigger.id, { body: "" }), 400, /not valid JSON/);
    await expectError(fire(trigger.id, { body: "[1,2]" }), 400, /JSON object/);
    await expectError(fire(trigger.id, { body: "null" }), 400, /JSON object/);
    await expectError(fire(trigger.id, { body: JSON.stringify({ nested: { a: 1 } }) }), 400, /nested/);
    await expectError(fire(trigger.id, { body: JSON.stringify({ "bad key": 1 }) }), 400, /bad key/);
    await expectError(
      fire(trigger.id, { body: JSON.stringify({ __proto__x: 1, ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, i])) }) }),
      400,
      /at most 32 fields/,
    );
    await expectError(fire(trigger.id, { key: "has space" }), 400, /Idempotency-Key/);
    await expectError(fire(trigger.id, { key: "k".repeat(201) }), 400, /Idempotency-Key/);
    expect(await db.jobRun.count({ where: { definitionId } })).toBe(before);
  });

  it("records parameters the kind refuses as an invalid firing (422), with no run", async () => {
    const res = await json(await fire(trigger.id, { body: JSON.stringify({ delay: "soon" }) }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ outcome: "invalid", runId: null });
    expect(String(res.body.reason)).toMatch(/^ms: /);
    expect(await db.jobTriggerFiring.findUniqueOrThrow({ where: { id: res.body.firingId as string } })).toMatchObject({
      outcome: "invalid",
      params: { ms: "soon" },
    });
  });

  it("starts at most one run per Idempotency-Key: a replay answers the first firing, another body with the same key is a conflict", async () => {
    const key = `nightly-${randomUUID()}`;
    const body = JSON.stringify({ delay: 30 });
    const first = await json(await fire(trigger.id, { key, body }));
    const again = await json(await fire(trigger.id, { key, body }));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ firingId: first.body.firingId, runId: first.body.runId, replayed: true });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await db.jobRun.count({ where: { definitionId, params: { equals: { ms: 30 } } } })).toBe(1);
    const reused = await json(await fire(trigger.id, { key, body: JSON.stringify({ delay: 31 }) }));
    expect(reused.status).toBe(409);
    expect(String(reused.body.error)).toMatch(/another body/);
    // Concurrent replays of a new key still make one run.
    const raceKey = `race-${randomUUID()}`;
    const raced = await Promise.all(Array.from({ length: 4 }, () => fire(trigger.id, { key: raceKey, body: JSON.stringify({ delay: 40 }) })));
    expect(raced.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(await db.jobRun.count({ where: { definitionId, params: { equals: { ms: 40 } } } })).toBe(1);
  });

  it("refuses a disabled trigger (409) and one whose token was rotated (401 for the old token)", async () => {
    const { trigger: t, token: first } = await asOperator().triggers.create({ definitionId, fields: { name: "rotating", event: "http" } });
    const rotated = await asOperator().triggers.rotateToken({ id: t.id });
    expect(rotated.token).not.toBe(first);
    expect((await fire(t.id, { token: first })).status).toBe(401);
    expect((await fire(t.id, { token: rotated.token })).status).toBe(202);
    await asOperator().triggers.setEnabled({ id: t.id, enabled: false });
    expect((await fire(t.id, { token: rotated.token })).status).toBe(409);
  });

  it("rate limits calls per trigger and address before checking the token: 429 with Retry-After", async () => {
    const ip = `10.250.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const limit = env().TRIGGER_RATE_LIMIT_REQUESTS;
    for (let i = 0; i < limit; i++) expect((await fire(trigger.id, { token: "gmt_guess", ip })).status).toBe(401);
    const refused = await fire(trigger.id, { ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await fire(trigger.id, { ip: `${ip}9` })).status, "another address is counted apart").toBe(202);
  });
});

describe("trigger procedures refuse hostile input", () => {
  it("names the field for each refusal and writes nothing", async () => {
    const before = await db.jobTrigger.count({ where: { definitionId } });
    const refuse = (fields: unknown) => asOperator().triggers.create({ definitionId, fields: fields as never });
    await expect(refuse({ name: "x", event: "sensor.exploded" })).rejects.toThrow(/fields\.event: Invalid option/);
    await expect(refuse({ name: "x", event: "incident.opened", filter: { minSeverity: "apocalyptic" } })).rejects.toThrow(/filter\.minSeverity/);
    await expect(refuse({ name: "x", event: "incident.opened", filter: { $where: "1" } })).rejects.toThrow(/filter/);
    await expect(refuse({ name: "x", event: "import.finished", concurrencyKey: "{rows" })).rejects.toThrow(/concurrencyKey/);
    await expect(refuse({ name: "x", event: "http", maxConcurrent: 1e9 })).rejects.toThrow(/maxConcurrent/);
    await expect(refuse({ name: "x", event: "http", tokenHash: "0".repeat(64) })).rejects.toThrow(/tokenHash/);
    await expect(refuse({ name: "<script>", event: "http" })).rejects.toThrow(/fields\.name: Use letters/);
    await expect(refuse({ name: "from cron", event: "http" })).rejects.toThrow(/already has a trigger named "from cron"/);
    await expect(asOperator().triggers.create({ definitionId: "x".repeat(65), fields: { name: "x", event: "http" } })).rejects.toThrow(/definitionId/);
    await expect(asOperator().triggers.rotateToken({ id: "nope" })).rejects.toThrow(/Trigger not found/);
    expect(await db.jobTrigger.count({ where: { definitionId } })).toBe(before);
  });

  it("updates a trigger's fields, keeping an HTTP trigger's token, and drops the token when it stops being HTTP", async () => {
    const { trigger: t, token: own } = await asOperator().triggers.create({ definitionId, fields: { name: "to change", event: "http" } });
    const updated = await asOperator().triggers.update({
      id: t.id,
      fields: { name: "to change", event: "http", debounceSeconds: 30, concurrencyKey: "{site}", maxConcurrent: 2 },
    });
    expect(updated).toMatchObject({ debounceSeconds: 30, concurrencyKey: "{site}", maxConcurrent: 2, hasToken: true });
    expect((await fire(t.id, { token: own!, body: JSON.stringify({ site: "a" }) })).status).toBe(202);
    await expect(
      asOperator().triggers.update({ id: t.id, fields: { name: "to change", event: "import.finished", paramMap: { ms: "fileName" } } }),
    ).rejects.toThrow(/paramMap\.ms/);
    expect(await asOperator().triggers.update({ id: t.id, fields: { name: "to change", event: "run.failed" } })).toMatchObject({
      event: "run.failed",
      hasToken: false,
      tokenPrefix: null,
    });
    expect((await fire(t.id, { token: own! })).status).toBe(401);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "triggers.update", targetId: t.id }, orderBy: { at: "desc" } });
    expect(JSON.stringify({ before: audit.before, after: audit.after, input: audit.input }), "no token hash in the audit row").not.toMatch(/[0-9a-f]{64}/);
  });

  it("rotates tokens only for HTTP triggers", async () => {
    const { trigger: t } = await asOperator().triggers.create({ definitionId, fields: { name: "event one", event: "run.failed" } });
    await expect(asOperator().triggers.rotateToken({ id: t.id })).rejects.toThrow(/Only HTTP triggers have a token/);
  });

  it("lets an engineer read and refuses them (and stakeholders) changes", async () => {
    const engineer = createCaller({ db, user: (await createTestUser("ENGINEER")).user, resHeaders: new Headers() });
    const stakeholder = createCaller({ db, user: (await createTestUser("STAKEHOLDER")).user, resHeaders: new Headers() });
    expect((await engineer.triggers.list({ definitionId })).length).toBeGreaterThan(0);
    await expect(engineer.triggers.create({ definitionId, fields: { name: "nope", event: "http" } })).rejects.toThrow(/roles: ADMIN, OPERATOR/);
    await expect(stakeholder.triggers.list({ definitionId })).rejects.toThrow(/roles/);
    await expect(stakeholder.triggers.firings({ definitionId })).rejects.toThrow(/roles/);
  });
});
