import { afterAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestUser } from "@/tests/support/users";
import { GET as downloadExport } from "@/app/api/exports/[id]/route";
import { SESSION_COOKIE, resolveSession, type SessionUser } from "../auth/session";
import { db } from "../db";
import { createCaller } from "./root";

const callerAs = (user: SessionUser, token?: string) => createCaller({ db, user, sessionToken: token, resHeaders: new Headers() });

async function finishedExportOf(user: SessionUser): Promise<string> {
  const row = await db.readingsExport.create({
    data: { requestedBy: user.email, params: { from: "2026-01-01", to: "2026-01-02" }, status: "succeeded", bytes: 6, finishedAt: new Date() },
  });
  await db.readingsExportChunk.create({ data: { exportId: row.id, seq: 0, data: Buffer.from("PK-zip") } });
  return row.id;
}

const download = (id: string, token: string) =>
  downloadExport(new Request(`http://127.0.0.1/api/exports/${id}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }), { params: Promise.resolve({ id }) });

describe("per-user objects belong to their user", () => {
  afterAll(() => db.$disconnect());

  it("an export is listed and downloadable for its requester and admins only; for anyone else it does not exist", async () => {
    const owner = await createTestUser("STAKEHOLDER");
    const other = await createTestUser("OPERATOR");
    const admin = await createTestUser("ADMIN");
    const id = await finishedExportOf(owner.user);

    expect((await callerAs(owner.user).exports.list()).map((e) => e.id)).toContain(id);
    expect((await callerAs(other.user).exports.list()).map((e) => e.id)).not.toContain(id);
    expect((await callerAs(admin.user).exports.list()).map((e) => e.id)).toContain(id);

    expect((await download(id, owner.token)).status).toBe(200);
    expect((await download(id, other.token)).status).toBe(404);
    expect((await download(id, admin.token)).status).toBe(200);
  });

  it("an export request cannot name another requester (the router takes it from the session)", async () => {
    const { user } = await createTestUser("ENGINEER");
    const key = `ownership-${user.id}`;
    await db.sensor.create({ data: { key, name: key, quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region: "north", site: "s" } });
    const period = { from: new Date(Date.now() - 3_600_000), to: new Date(), sensorKeys: [key] };
    const forged = callerAs(user).exports.request({ ...period, requestedBy: "someone-else@test.local" } as never);
    await expect(forged).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.readingsExport.count({ where: { requestedBy: "someone-else@test.local" } })).toBe(0);
  });

  it("logout ends the caller's own session only", async () => {
    const a = await createTestUser("OPERATOR");
    const b = await createTestUser("OPERATOR");
    await callerAs(a.user, a.token).auth.logout();
    expect(await resolveSession(db, a.token)).toBeNull();
    expect(await resolveSession(db, b.token)).not.toBeNull();
  });

  it("changing one's password leaves other users' sessions alone", async () => {
    const a = await createTestUser("ENGINEER");
    const b = await createTestUser("ENGINEER");
    await callerAs(a.user, a.token).auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "another long password" });
    expect(await resolveSession(db, b.token)).not.toBeNull();
    expect(await resolveSession(db, a.token)).not.toBeNull();
  });

  it("auth.me is the caller", async () => {
    const a = await createTestUser("STAKEHOLDER");
    expect(await callerAs(a.user).auth.me()).toMatchObject({ id: a.user.id });
  });
});
