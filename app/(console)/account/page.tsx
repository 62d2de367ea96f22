import { requireUser } from "@/app/_lib/current-user";
import { ChangePasswordForm } from "./change-password-form";

export default async function AccountPage() {
  const me = await requireUser();
  return (
    <>
      <h1>Your account</h1>
      <p className="muted">{me.email} · {me.role}</p>
      <ChangePasswordForm />
    </>
  );
}
