import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import { db } from "../db";
import { getTimeZone } from "./get-time-zone";
import { setTimeZoneInput, TIME_ZONE_MAX_LENGTH } from "./time-zone-schema";

afterAll(() => db.$disconnect());

async function callerAs(role: "STAKEHOLDER" | "ADMIN" = "STAKEHOLDER") {
  const { user } = await createTestUser(role);
  return { user, caller: createCaller({ db, user, resHeaders: new Headers() }) };
}

describe("auth.setTimeZone", () => {
  it("stores a zone for the caller only, writes an audit row, and null follows the browser again", async () => {
    const { user, caller } = await callerAs();
    const { user: other } = await createTestUser("OPERATOR");
    expect(await caller.auth.setTimeZone({ timeZone: "europe/berlin" })).toEqual({ timeZone: "Europe/Berlin" });
    expect(await getTimeZone(db, user.id)).toBe("Europe/Berlin");
    expect(await getTimeZone(db, other.id)).toBeNull();
    const audit = await db.auditEvent.findFirst({ where: { actorId: user.id, action: "auth.setTimeZone" }, orderBy: { at: "desc" } });
    expect(audit).not.toBeNull();
    await caller.auth.setTimeZone({ timeZone: null });
    expect(await getTimeZone(db, user.id)).toBeNull();
  });

  it("keeps an IANA alias as the user chose it", async () => {
    const { user, caller } = await callerAs();
    await caller.auth.setTimeZone({ timeZone: "Asia/Kolkata" });
    expect(await getTimeZone(db, user.id)).toBe("Asia/Kolkata");
  });

  const hostile: Array<[string, unknown]> = [
    ["an unknown zone", "Mars/Olympus_Mons"],
    ["an offset instead of a zone", "+05:00"],
    ["a path traversal", "../../etc/passwd"],
    ["SQL", 'UTC\'; DROP TABLE "User";--'],
    ["markup", "<script>alert(1)</script>"],
    ["a newline for header injection", "UTC\r\nSet-Cookie: x=1"],
    ["an empty string", "   "],
    ["an oversized string", `Europe/${"A".repeat(10_000)}`],
    ["a number", 42],
    ["an object", { toString: "UTC" }],
  ];
  it.each(hostile)("refuses %s with BAD_REQUEST and a message, and changes nothing", async (_label, timeZone) => {
    const { user, caller } = await callerAs();
    await caller.auth.setTimeZone({ timeZone: "UTC" });
    const err = await caller.auth.setTimeZone({ timeZone } as never).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    expect((err as TRPCError).message.length).toBeGreaterThan(0);
    expect(await getTimeZone(db, user.id)).toBe("UTC");
  });

  it("says why: unknown zones and long names get their own messages", () => {
    const unknown = setTimeZoneInput.safeParse({ timeZone: "Mars/Olympus_Mons" });
    expect(unknown.success || unknown.error.issues[0]!.message).toMatch(/Not an IANA time zone/);
    const long = setTimeZoneInput.safeParse({ timeZone: "A".repeat(TIME_ZONE_MAX_LENGTH + 1) });
    expect(long.success || long.error.issues[0]!.message).toMatch(/at most 64 characters/);
  });

  it("refuses a caller without a session", async () => {
    const caller = createCaller({ db, user: null, resHeaders: new Headers() });
    await expect(caller.auth.setTimeZone({ timeZone: "UTC" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
