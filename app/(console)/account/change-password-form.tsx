"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const [form, setForm] = useState({ currentPassword: "", newPassword: "", repeat: "" });
  const [mismatch, setMismatch] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(form.newPassword !== form.repeat);
    if (form.newPassword !== form.repeat) return;
    change.mutate(
      { currentPassword: form.currentPassword, newPassword: form.newPassword },
      { onSuccess: () => setForm({ currentPassword: "", newPassword: "", repeat: "" }) },
    );
  };

  return (
    <section className="panel">
      <h2>Change password</h2>
      <form onSubmit={submit} aria-label="Change password">
        <label className="field">
          Current password
          <input
            type="password"
            autoComplete="current-password"
            value={form.currentPassword}
            onChange={(e) => setForm({ ...form, currentPassword: e.target.value })}
            required
          />
        </label>
        <label className="field">
          New password
          <input
            type="password"
            autoComplete="new-password"
            value={form.newPassword}
            onChange={(e) => setForm({ ...form, newPassword: e.target.value })}
            required
            minLength={10}
          />
        </label>
        <label className="field">
          Repeat new password
          <input
            type="password"
            autoComplete="new-password"
            value={form.repeat}
            onChange={(e) => setForm({ ...form, repeat: e.target.value })}
            required
            minLength={10}
          />
        </label>
        <button className="primary" type="submit" disabled={change.isPending}>
          Change password
        </button>
      </form>
      <FormError message={mismatch ? "The new passwords do not match." : change.error && errorMessage(change.error)} />
      {change.data && (
        <p role="status" data-testid="password-changed">
          Password changed. {change.data.endedSessions === 1 ? "1 other session was" : `${change.data.endedSessions} other sessions were`} signed out.
        </p>
      )}
    </section>
  );
}
