import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { hashIngestToken } from "./hash-ingest-token";

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v));

describe("ingest sources", () => {
  let admin: SessionUser;
  const caller = () => createCaller({ db, user: admin, resHeaders: new Headers() });
  beforeAll(async () => {
    admin = (await createTestUser("ADMIN")).user;
  });
  afterAll(() => db.$disconnect());

  it("shows a new token once, stores only its hash, and keeps it out of the list and the audit trail", async () => {
    const name = `source-${randomUUID().slice(0, 8)}`;
    const { source, token } = await caller().ingestSources.create({ name, unknownSensors: "register" });
    expect(token).toMatch(/^gm_[A-Za-z0-9_-]{43}$/);
    expect(source.tokenPrefix).toBe(token.slice(0, 10));
    const row = await db.ingestSource.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.tokenHash).toBe(hashIngestToken(token));
    expect(json(row)).not.toContain(token);

    const listed = (await caller().ingestSources.list()).find((s) => s.id === source.id)!;
    expect(listed).toMatchObject({ name, unknownSensors: "register", revokedAt: null, lastUsedAt: null, createdBy: admin.email });
    expect(json(listed)).not.toContain(row.tokenHash);

    await caller().ingestSources.revoke({ id: source.id });
    const audit = await db.auditEvent.findMany({ where: { targetType: "ingestSource", targetId: source.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["ingestSources.create", "ingestSources.revoke"]);
    expect(audit.find((a) => a.action === "ingestSources.create")).toMatchObject({ actorId: admin.id, after: { name, unknownSensors: "register" } });
    expect(json(audit)).not.toContain(token);
    expect(json(audit)).not.toContain(row.tokenHash);
  });

  it("refuses a second source of the same name and revoking twice", async () => {
    const name = `dup-${randomUUID().slice(0, 8)}`;
    const { source } = await caller().ingestSources.create({ name });
    await expect(caller().ingestSources.create({ name })).rejects.toThrow(`A source named "${name}" already exists.`);
    await caller().ingestSources.revoke({ id: source.id });
    await expect(caller().ingestSources.revoke({ id: source.id })).rejects.toThrow("already revoked");
    await expect(caller().ingestSources.revoke({ id: "missing" })).rejects.toThrow("Source not found");
  });
});
