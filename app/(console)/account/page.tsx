import { requireUser } from "@/app/_lib/current-user";
import { db } from "@/server/db";
import { getTimeZone } from "@/server/users/get-time-zone";
import { ChangePasswordForm } from "./change-password-form";
import { TimeZoneForm } from "./time-zone-form";

export default async function AccountPage() {
  const me = await requireUser();
  const timeZone = await getTimeZone(db, me.id);
  return (
    <>
      <h1>Your account</h1>
      <p className="muted">
        {me.email} · {me.role}
      </p>
      <TimeZoneForm stored={timeZone} />
      <ChangePasswordForm />
    </>
  );
}
